import { CanActivate, ExecutionContext, Injectable, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { FieldProblem } from './problem-details';
import { RequestValidationError } from './validation';

/** Deeper than any DTO goes; a hostile body nested hundreds deep would otherwise recurse through class-transformer. */
export const MAX_INPUT_DEPTH = 16;
/** Plausible calendar years for anything ENRICH records (births from 1900, plans and reviews well before 2100). */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2100;

// eslint-disable-next-line no-control-regex -- rejecting the NUL character is the purpose of this pattern
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 controls other than tab, newline and carriage return (text blocks keep those), DEL, and C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the purpose of this pattern
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;
/** Nothing visible: whitespace, zero-width and other format characters only. */
const BLANK = /^[\s\p{Cf}]*$/u;
/** Names and titles are one line of visible text: `name`, `title`, or a key ending in Name / Title. */
const NAME_KEY = /^(name|title)$|[a-z0-9](Name|Title)$/;
const ISO_DATE = /^(\d{4,})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function stringProblem(field: string, key: string, value: string): string | null {
  if (NUL.test(value)) return `${field} must not contain the NUL character (U+0000)`;
  if (LONE_SURROGATE.test(value)) return `${field} must be valid Unicode text (it holds a lone surrogate)`;
  if (CONTROL.test(value)) return `${field} must not contain control characters`;
  if (NAME_KEY.test(key)) {
    if (LINE_BREAK_OR_TAB.test(value)) return `${field} must be a single line without tabs`;
    if (BLANK.test(value)) return `${field} must not be blank (whitespace or invisible characters only)`;
  }
  const date = ISO_DATE.exec(value);
  if (date) {
    const year = Number(date[1]);
    if (year < EARLIEST_YEAR || year > LATEST_YEAR)
      return `${field} must be a date between ${EARLIEST_YEAR} and ${LATEST_YEAR}`;
    if (date[4] && !date[5]) return `${field} must be a date-time with a time zone (Z or ±hh:mm)`;
  }
  return null;
}

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * Every string, anywhere in the input, checked before validation and before PostgreSQL sees it: no NUL
 * (PostgreSQL refuses it, once a 500), no lone surrogates, no control characters other than tab and line
 * breaks; names and titles on one visible line; ISO dates in plausible years and date-times with a zone.
 * Iterative, and bounded in depth, so no input can exhaust the stack. Returns one problem per field.
 */
export function inputProblems(input: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; key: string; depth: number }[] = [
    { value: input, path: root, key: root, depth: 0 },
  ];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path, key, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const message = stringProblem(path || 'body', key, value);
      if (message) problems.push({ field: path || 'body', messages: [message] });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({
        field: path || 'body',
        messages: [`${path || 'body'} is nested more than ${MAX_INPUT_DEPTH} levels deep`],
      });
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: pathOf(path, i), key, depth: depth + 1 }));
    } else {
      for (const [k, v] of Object.entries(value)) {
        if (NUL.test(k) || LONE_SURROGATE.test(k) || CONTROL.test(k)) {
          problems.push({
            field: path || 'body',
            messages: [`${path || 'body'} has a field name holding a NUL, a control character or a lone surrogate`],
          });
          continue;
        }
        stack.push({ value: v, path: pathOf(path, k), key: k, depth: depth + 1 });
      }
    }
  }
  return problems.sort((a, b) => a.field.localeCompare(b.field));
}

/**
 * The only routes that take a form-encoded body: the OAuth token endpoint (RFC 6749 §4.4) and FHIR search by
 * POST (FHIR R4 §3.1.1.6), as every client library sends them, and the dashboard's HTML sign-in and sign-out
 * forms. Everything else is JSON only (415).
 */
export const FORM_BODY_ROUTES: ReadonlySet<string> = new Set([
  '/api/v1/auth/token',
  '/fhir/r4/:resourceType/_search',
  '/dashboard/sign-in',
  '/dashboard/sign-out',
]);
const JSON_MEDIA_TYPE = /^application\/([a-z0-9.+-]+\+)?json$/;
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** 415 for a body that is not JSON (text/plain was once parsed as a string and answered "every field missing"). */
function assertMediaType(request: FastifyRequest): void {
  const hasBody =
    request.body !== undefined && request.body !== null && !(typeof request.body === 'string' && request.body === '');
  if (!hasBody || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) return;
  const mediaType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (JSON_MEDIA_TYPE.test(mediaType)) return;
  if (mediaType === FORM_MEDIA_TYPE && FORM_BODY_ROUTES.has(request.routeOptions?.url ?? '')) return;
  throw new UnsupportedMediaTypeException(`Send the body as application/json (got ${mediaType || 'no Content-Type'})`);
}

/**
 * Closes hostile input at the edge, for every route (REST and FHIR): body, query and path parameters.
 * A guard, so it runs before any pipe (class-transformer) and its 400 goes through the exception filters.
 */
@Injectable()
export class InputHygieneGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    assertMediaType(request);
    const problems = [
      ...inputProblems(request.params ?? {}),
      ...inputProblems(request.query ?? {}),
      ...inputProblems(request.body ?? null),
    ];
    if (problems.length > 0) throw new RequestValidationError(problems);
    return true;
  }
}
