import { Controller, Get, HttpCode, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/auth/access.decorators';
import {
  BROWSER_PATH,
  clearBrowserCookie,
  CSRF_COOKIE,
  cookiesOf,
  csrfTokenValid,
  newCsrfToken,
  sameOriginRequest,
  SESSION_COOKIE,
  setBrowserCookie,
} from '../common/auth/browser-session';
import { UnauthorizedError } from '../common/errors/domain-errors';
import { html, htmlHeaders, htmlPage } from '../common/http/html';
import { HtmlErrorFilter, safeNext, SIGN_IN_PATH } from '../common/http/html-error.filter';
import type { Environment } from '../config/environment';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';

/** A CSRF cookie outlives any reasonable pause on the form, and no more. */
const CSRF_MAX_AGE_SECONDS = 3600;
const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;

/**
 * Signing in and out of the server-rendered pages with the same accounts as the API (browser-session.ts
 * says why a cookie, and how it is kept safe). Not part of the API: HTML forms, left out of openapi.json.
 */
@ApiExcludeController()
@UseFilters(HtmlErrorFilter)
@Controller(BROWSER_PATH.slice(1))
export class BrowserSignInController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Get('sign-in')
  @Public() // The form is how a browser gets a session.
  signInForm(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('next') next?: unknown,
  ): string {
    return this.form(request, reply, safeNext(next), 200);
  }

  @Post('sign-in')
  @HttpCode(303)
  @Public() // The email and password are the credential.
  @UseGuards(LoginThrottlerGuard)
  async signIn(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const fields = formFields(request.body);
    const next = safeNext(fields.next);
    if (!this.csrfHolds(request, fields.csrf)) return this.form(request, reply, next, 403, FORM_EXPIRED);
    const email = fields.email ?? '';
    const password = fields.password ?? '';
    if (!EMAIL.test(email) || password.length === 0 || password.length > 200)
      return this.form(request, reply, next, 400, 'Enter your email address and password.', email);
    try {
      const tokens = await this.auth.signIn(email, password, String(request.id));
      // The browser keeps only the short-lived access token; the refresh token is revoked at once, so a
      // session ends when the token does (JWT_ACCESS_TTL_SECONDS) and then asks to sign in again.
      await this.auth.signOut(tokens.refreshToken);
      setBrowserCookie(reply, request, SESSION_COOKIE, tokens.accessToken, tokens.expiresIn);
      clearBrowserCookie(reply, request, CSRF_COOKIE);
      void reply.header('location', next).header('cache-control', 'no-store');
      return '';
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      return this.form(
        request,
        reply,
        next,
        401,
        'The email or password is not right, or the account is not active.',
        email,
      );
    }
  }

  @Post('sign-out')
  @HttpCode(303)
  @Public() // Ending a session needs only the CSRF token: the cookie is cleared whoever asks.
  signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): string {
    const fields = formFields(request.body);
    if (!this.csrfHolds(request, fields.csrf)) return this.form(request, reply, BROWSER_PATH, 403, FORM_EXPIRED);
    clearBrowserCookie(reply, request, SESSION_COOKIE);
    clearBrowserCookie(reply, request, CSRF_COOKIE);
    void reply.header('location', SIGN_IN_PATH).header('cache-control', 'no-store');
    return '';
  }

  private csrfHolds(request: FastifyRequest, token: string | undefined): boolean {
    return (
      sameOriginRequest(request) &&
      csrfTokenValid(this.config.get('JWT_SECRET', { infer: true }), cookiesOf(request).get(CSRF_COOKIE), token)
    );
  }

  /** The sign-in form, with a fresh CSRF token in a cookie and in the form. */
  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    status: number,
    error?: string,
    email = '',
  ): string {
    const csrf = newCsrfToken(this.config.get('JWT_SECRET', { infer: true }));
    setBrowserCookie(reply, request, CSRF_COOKIE, csrf, CSRF_MAX_AGE_SECONDS);
    htmlHeaders(reply.status(status));
    return htmlPage(
      'Sign in',
      html`<span>ENRICH coordinator dashboard</span>`,
      html`<section>
        <h2>Sign in with your ENRICH account</h2>
        ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
        <form method="post" action="${SIGN_IN_PATH}">
          <input type="hidden" name="csrf" value="${csrf}" />
          <input type="hidden" name="next" value="${next}" />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value="${email}" />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <p><button type="submit">Sign in</button></p>
        </form>
      </section>`,
    );
  }
}

const FORM_EXPIRED = 'The form had expired or did not come from this page. Please sign in again.';

/** The form's fields as single strings (a repeated or missing field is absent); any other body is empty. */
function formFields(body: unknown): Partial<Record<'email' | 'password' | 'csrf' | 'next', string>> {
  if (typeof body !== 'object' || body === null) return {};
  const fields: Partial<Record<'email' | 'password' | 'csrf' | 'next', string>> = {};
  for (const name of ['email', 'password', 'csrf', 'next'] as const) {
    const value = (body as Record<string, unknown>)[name];
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}
