import type { FastifyReply } from 'fastify';

/**
 * Server-rendered HTML for people in a browser (the coordinator dashboard and its sign-in form): no scripts,
 * no front-end build. Everything interpolated goes through `html` or `escapeHtml`.
 */
export const escapeHtml = (value: string | number | boolean | null | undefined): string =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Markup already escaped (or built by this module): `html` leaves it as it is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const render = (value: unknown): string =>
  value instanceof SafeHtml
    ? value.value
    : Array.isArray(value)
      ? value.map(render).join('')
      : value === null || value === undefined || value === false
        ? ''
        : escapeHtml(typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean));

/** A tagged template that escapes every interpolation except SafeHtml (and arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

/** Trusted markup from a library we call (the chart renderer's SVG). */
export const trusted = (markup: string) => new SafeHtml(markup);

/**
 * Stricter than the API's policy (which lets Swagger UI run scripts): these pages run no script at all,
 * load nothing from elsewhere, post forms only to this origin and may not be framed. Inline styles are
 * allowed because the server-rendered SVG charts carry them.
 */
export const HTML_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d1d1f;background:#f6f7f9}
header{background:#005eb8;color:#fff;padding:.75rem 1.5rem;display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap}
header a{color:#fff}
header button{color:#fff;background:transparent;border:1px solid #fff;border-radius:4px}
header h1{font-size:1.25rem;margin:0}
main{padding:1rem 1.5rem;max-width:76rem}
section{background:#fff;border:1px solid #d8dde6;border-radius:6px;padding:1rem 1.25rem;margin:0 0 1.25rem}
section h2{font-size:1.1rem;margin:.1rem 0 .75rem}
.pair{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start}
figure{margin:0;flex:1 1 30rem;max-width:40rem}
figure svg{width:100%;height:auto}
table{border-collapse:collapse;flex:1 1 22rem;font-size:.9rem}
caption{text-align:left;font-weight:600;padding-bottom:.35rem}
th,td{border-bottom:1px solid #e3e6eb;padding:.3rem .6rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#5b6270}
form.inline{display:inline}
label{display:block;margin:.6rem 0 .2rem}
label.inline{display:inline;margin:0 .3rem}
input[type=email],input[type=password],input[type=date]{padding:.4rem;font-size:1rem;border:1px solid #8a94a6;border-radius:4px}
button{font-size:1rem;padding:.35rem .9rem;cursor:pointer}
.error{color:#b00020;font-weight:600}
.over{color:#b00020;font-weight:600}
`;

/** A whole page: language, title, the one stylesheet, a header and the main content. */
export function htmlPage(title: string, headerRight: SafeHtml | string, main: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <link rel="icon" href="data:," />
        <title>${title} · ENRICH</title>
        <style>
          ${trusted(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          <div>${headerRight}</div>
        </header>
        <main>${main}</main>
      </body>
    </html> `.value;
}

/** Headers every HTML page carries: its content type, the strict policy above, and no caching of personal figures. */
export function htmlHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', HTML_PAGE_CSP)
    .header('cache-control', 'no-store');
}
