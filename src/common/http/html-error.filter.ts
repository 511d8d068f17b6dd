import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BROWSER_PATH } from '../auth/browser-session';
import { html, htmlHeaders, htmlPage } from './html';
import { ProblemDetailsFilter } from './problem-details.filter';

export const SIGN_IN_PATH = `${BROWSER_PATH}/sign-in`;

/**
 * A place to go back to after signing in: one of these pages, never another site (no open redirect) and no
 * dot segment that would climb out of /dashboard.
 */
const SAFE_NEXT = /^\/dashboard(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?(\?[A-Za-z0-9._~=&%-]*)?$/;
export const safeNext = (next: unknown): string =>
  typeof next === 'string' && next.length <= 300 && SAFE_NEXT.test(next) && !next.startsWith(SIGN_IN_PATH)
    ? next
    : BROWSER_PATH;

/**
 * Errors on the server-rendered pages, for a person rather than a program: not signed in (or the session
 * expired) is a redirect to the sign-in form that comes back here; anything else is a short HTML page with
 * the same status the API would answer (404 for a site you may not see, 403 for a role that may not look).
 */
@Catch()
export class HtmlErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HtmlPages');
  private readonly problems = new ProblemDetailsFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const problem = this.problems.toProblem(exception);
    if (problem.status === 401 && request.method === 'GET') {
      void reply
        .status(303)
        .header('location', `${SIGN_IN_PATH}?next=${encodeURIComponent(safeNext(request.url))}`)
        .header('cache-control', 'no-store')
        .send();
      return;
    }
    if (problem.status >= 500) {
      const error = exception as Error;
      this.logger.error(
        { err: { type: error?.name, message: error?.message }, requestId: request.id },
        'Unhandled error on an HTML page',
      );
    }
    const detail =
      problem.status >= 500
        ? `Something went wrong on our side. Quote request id ${String(request.id)}.`
        : problem.detail;
    void htmlHeaders(reply.status(problem.status)).send(
      htmlPage(
        `${problem.status} ${problem.title}`,
        html`<a href="${BROWSER_PATH}">Dashboard</a>`,
        html`<section>
          <p>${detail}</p>
          <p><a href="${BROWSER_PATH}">Back to the dashboard</a></p>
        </section>`,
      ),
    );
  }
}
