import { Role } from '../../src/common/auth/role';
import { DEFAULT_PASSWORD, TestApp } from '../support/test-app';
import { dashboardSite, day, defaultPeriod } from './dashboard-fixtures';

type Scenario = Awaited<ReturnType<typeof dashboardSite>>;

/** The Set-Cookie lines of a response, by cookie name. */
const setCookies = (headers: Record<string, unknown>) =>
  new Map(
    [headers['set-cookie'] ?? []]
      .flat()
      .map(String)
      .map((line) => [line.split('=')[0], line] as const),
  );
const valueOf = (line: string | undefined) =>
  decodeURIComponent(String(line).split(';')[0].split('=').slice(1).join('='));
const hiddenCsrf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Coordinator dashboard: signing in from a browser, one page per site', () => {
  let t: TestApp;
  let scenario: Scenario;
  let page: string;

  /** Sign in through the HTML form as a browser would; returns the session cookie's value. */
  async function signIn(email: string, password = DEFAULT_PASSWORD): Promise<string> {
    const formPage = await t.call('GET', '/dashboard/sign-in');
    const csrf = valueOf(setCookies(formPage.headers).get('enrich_csrf'));
    const response = await t.call('POST', '/dashboard/sign-in', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `enrich_csrf=${csrf}` },
      body: form({ email, password, csrf: hiddenCsrf(formPage.body), next: page }),
    });
    expect(response.statusCode).toBe(303);
    return valueOf(setCookies(response.headers).get('enrich_session'));
  }

  beforeAll(async () => {
    t = await TestApp.start();
    scenario = await dashboardSite(t);
    page = `/dashboard/sites/${scenario.site.siteId}`;
  }, 120_000);
  afterAll(() => t?.close());

  it('sends a browser that is not signed in to the sign-in form, which comes back to the page', async () => {
    const response = await t.call('GET', `${page}?from=${day(-30)}`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/dashboard/sign-in?next=${encodeURIComponent(`${page}?from=${day(-30)}`)}`);
    const formPage = await t.call('GET', response.headers.location as string);
    expect(formPage.statusCode).toBe(200);
    expect(formPage.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(formPage.body).toContain(`name="next" value="${page}?from=${day(-30)}"`);
    // The CSRF cookie: HttpOnly, SameSite=Strict, only for the pages; not Secure over plain HTTP …
    const csrf = setCookies(formPage.headers).get('enrich_csrf')!;
    expect(csrf).toMatch(/; Path=\/dashboard; Max-Age=3600; HttpOnly; SameSite=Strict$/);
    expect(valueOf(csrf)).toBe(hiddenCsrf(formPage.body));
    // … and Secure when the page was served over HTTPS (behind the proxy).
    const overHttps = await t.call('GET', '/dashboard/sign-in', { headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookies(overHttps.headers).get('enrich_csrf')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('never sends a browser elsewhere after sign-in (no open redirect)', async () => {
    for (const next of ['https://evil.example/', '//evil.example', '/api/v1/users', '/dashboard/../api']) {
      const response = await t.call('GET', `/dashboard/sign-in?next=${encodeURIComponent(next)}`);
      expect(response.body).toContain('name="next" value="/dashboard"');
    }
  });

  it('signs in with the same account as the API: an HttpOnly, SameSite=Strict session cookie, the refresh token revoked at once', async () => {
    const formPage = await t.call('GET', '/dashboard/sign-in');
    const csrf = valueOf(setCookies(formPage.headers).get('enrich_csrf'));
    const response = await t.call('POST', '/dashboard/sign-in', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `enrich_csrf=${csrf}` },
      body: form({ email: scenario.site.coordinator.email, password: DEFAULT_PASSWORD, csrf, next: page }),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(page);
    const session = setCookies(response.headers).get('enrich_session')!;
    expect(session).toMatch(/; Path=\/dashboard; Max-Age=900; HttpOnly; SameSite=Strict$/);
    const [{ live }] = await t.dataSource.query(
      `SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`,
      [scenario.site.coordinator.id],
    );
    // The one left is from the API sign-in the test helper made; the browser's was revoked.
    expect(live).toBe(1);
    const shown = await t.call('GET', page, { headers: { cookie: `enrich_session=${valueOf(session)}` } });
    expect(shown.statusCode).toBe(200);
  });

  it('refuses a sign-in without the form’s CSRF token, with another one, or from another origin, and sets no session', async () => {
    const formPage = await t.call('GET', '/dashboard/sign-in');
    const csrf = valueOf(setCookies(formPage.headers).get('enrich_csrf'));
    const other = hiddenCsrf((await t.call('GET', '/dashboard/sign-in')).body);
    const attempts = [
      { cookie: '', field: csrf },
      { cookie: csrf, field: '' },
      { cookie: csrf, field: other },
      { cookie: `${csrf.split('.')[0]}.forged`, field: `${csrf.split('.')[0]}.forged` },
      { cookie: csrf, field: csrf, origin: 'https://evil.example' },
      { cookie: csrf, field: csrf, fetchSite: 'cross-site' },
    ];
    for (const a of attempts) {
      const response = await t.call('POST', '/dashboard/sign-in', {
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `enrich_csrf=${a.cookie}`,
          ...(a.origin ? { origin: a.origin } : {}),
          ...(a.fetchSite ? { 'sec-fetch-site': a.fetchSite } : {}),
        },
        body: form({ email: scenario.site.coordinator.email, password: DEFAULT_PASSWORD, csrf: a.field }),
      });
      expect({ status: response.statusCode, session: setCookies(response.headers).has('enrich_session') }).toEqual({
        status: 403,
        session: false,
      });
      expect(response.body).toContain('The form had expired');
    }
  });

  it('shows the form again, 401, for a wrong password', async () => {
    const formPage = await t.call('GET', '/dashboard/sign-in');
    const csrf = valueOf(setCookies(formPage.headers).get('enrich_csrf'));
    const response = await t.call('POST', '/dashboard/sign-in', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `enrich_csrf=${csrf}` },
      body: form({ email: scenario.site.coordinator.email, password: 'not-the-password', csrf }),
    });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('The email or password is not right');
    expect(setCookies(response.headers).has('enrich_session')).toBe(false);
  });

  it('serves the page with a policy that allows no script, and the figures of the JSON report in its tables', async () => {
    const session = await signIn(scenario.site.coordinator.email);
    const response = await t.call('GET', page, { headers: { cookie: `enrich_session=${session}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/<script/i);
    expect(response.body.match(/<svg /g)?.length).toBe(4);
    const { from, to } = defaultPeriod();
    const report = await t.expect(
      200,
      'GET',
      `/api/v1/reports/operational?siteId=${scenario.site.siteId}&from=${from}&to=${to}`,
      { token: scenario.site.coordinator.token },
    );
    // Days 3 and 12: median 7.5, p90 11.1, one of two within 7 days.
    expect(report.firstCommunityMeeting).toMatchObject({ discharged: 2, medianDays: 7.5, p90Days: 11.1 });
    for (const key of Object.keys(report.firstCommunityMeeting))
      if (key !== 'windowDays') expect(response.body).toContain(`<tr data-key="${key}">`);
    expect(response.body).toContain('data-value="7.5">7.5</td>');
    expect(response.body).toContain('data-value="0.5">50%</td>');
    const markup = response.body.replace(/>\s+</g, '><');
    expect(markup).toContain(
      `<tr data-key="${scenario.peer.peerWorkerId}"><th scope="row">Peer of Dashboard Trust</th><td class="n" data-value="2">2</td><td class="n" data-value="6">6</td>`,
    );
  });

  it('names the episodes behind each fidelity miss, as the JSON does, each a link to the episode’s page', async () => {
    const session = await signIn(scenario.site.coordinator.email);
    const response = await t.call('GET', page, { headers: { cookie: `enrich_session=${session}` } });
    const { from, to } = defaultPeriod();
    const fidelity = await t.expect(
      200,
      'GET',
      `/api/v1/fidelity?siteId=${scenario.site.siteId}&from=${from}&to=${to}`,
      { token: scenario.site.coordinator.token },
    );
    const shown = [
      ...response.body.matchAll(
        /<(a|code) data-indicator="([a-z_]+)"(?:\s+href="([^"]+)")?\s*>(?:<code>)?([^<]*)<\/code/g,
      ),
    ].map((m) => [m[2], m[4], m[3] ?? null]);
    const expected = fidelity.indicators.flatMap((i: any) =>
      i.misses.map((m: any) =>
        m.episodeId
          ? [i.indicator, `support episode ${m.episodeId}`, `/dashboard/support-episodes/${m.episodeId}`]
          : [i.indicator, `peer worker ${m.peerWorkerId}`, null],
      ),
    );
    expect(expected.filter(([, , href]: string[]) => href !== null).length).toBeGreaterThan(0);
    expect(shown).toEqual(expected);
  });

  it('opens the episode behind a miss: its state, its indicators as the JSON gives them, its moves', async () => {
    const session = await signIn(scenario.site.coordinator.email);
    const cookie = { cookie: `enrich_session=${session}` };
    const episodeId = scenario.episodes.e2;
    const opened = await t.call('GET', `/dashboard/support-episodes/${episodeId}`, { headers: cookie });
    expect(opened.statusCode).toBe(200);
    const body = opened.body.replace(/>\s+</g, '><');
    expect(opened.headers['content-type']).toBe('text/html; charset=utf-8');
    const token = { token: scenario.site.coordinator.token };
    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, token);
    const fidelity = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/fidelity`, token);
    const history = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/transitions`, token);
    expect(body).toContain(`<tr data-key="state"><th scope="row">State</th><td data-text="${episode.state}">`);
    const outcomes = [...body.matchAll(/<tr data-key="([a-z_]+)" data-outcome="([a-z_]+)">/g)].map((m) => [m[1], m[2]]);
    expect(outcomes).toEqual(fidelity.indicators.map((i: any) => [i.indicator, i.outcome]));
    expect(outcomes).toContainEqual(['first_community_meeting_within_window', 'missed']);
    expect([...body.matchAll(/<tr data-key="([a-z_]+)"><td>/g)].map((m) => m[1])).toEqual(
      history.map((h: any) => h.toState),
    );
    expect(body).toContain(`href="/dashboard/sites/${scenario.site.siteId}"`);
    // Codes, dates and ids only: not the service user's NHS number or name.
    const person = await t.expect(200, 'GET', `/api/v1/service-users/${episode.serviceUserId}`, token);
    for (const identifier of [person.nhsNumber, person.familyName, person.dateOfBirth])
      expect(body).not.toContain(identifier);

    const other = await signIn(scenario.otherCoordinator.email);
    const hidden = await t.call('GET', `/dashboard/support-episodes/${episodeId}`, {
      headers: { cookie: `enrich_session=${other}` },
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Dashboard Trust');
    expect(hidden.body).not.toContain(episode.state);
    const peer = await signIn(scenario.peer.user.email);
    expect(
      (
        await t.call('GET', `/dashboard/support-episodes/${episodeId}`, {
          headers: { cookie: `enrich_session=${peer}` },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.call('GET', '/dashboard/support-episodes/not-a-uuid', { headers: cookie })).statusCode).toBe(400);
  });

  it('is not a way into the API: the session cookie is not a bearer token there', async () => {
    const session = await signIn(scenario.site.coordinator.email);
    const api = await t.call(
      'GET',
      `/api/v1/reports/operational?siteId=${scenario.site.siteId}&from=${day(-1)}&to=${day(0)}`,
      {
        headers: { cookie: `enrich_session=${session}` },
      },
    );
    expect(api.statusCode).toBe(401);
  });

  it('hides the site from another site’s coordinator (404) and refuses a peer worker (403), as HTML', async () => {
    const other = await signIn(scenario.otherCoordinator.email);
    const hidden = await t.call('GET', page, { headers: { cookie: `enrich_session=${other}` } });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(hidden.body).not.toContain('Dashboard Trust');
    const peer = await signIn(scenario.peer.user.email);
    const refused = await t.call('GET', page, { headers: { cookie: `enrich_session=${peer}` } });
    expect(refused.statusCode).toBe(403);
    const admin = await t.call('GET', page, { token: t.adminToken });
    expect(admin.statusCode).toBe(200);
  });

  it('lists the coordinator’s own sites only', async () => {
    const session = await signIn(scenario.site.coordinator.email);
    const list = await t.call('GET', '/dashboard', { headers: { cookie: `enrich_session=${session}` } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`href="${page}"`);
    expect(list.body).not.toContain('Elsewhere Partnership');
  });

  it('answers junk with a 4xx page, never a 500', async () => {
    const session = await signIn(scenario.site.coordinator.email);
    const cookie = { cookie: `enrich_session=${session}` };
    const cases: ['GET', string, number][] = [
      ['GET', '/dashboard/sites/not-a-uuid', 400],
      ['GET', `${page}?from=yesterday`, 400],
      ['GET', `${page}?from=${day(0)}&to=${day(-1)}`, 422],
      ['GET', `${page}?from=2026-02-30`, 400],
      ['GET', `${page}?colour=blue`, 400],
      ['GET', `${page}?from=${'9'.repeat(5000)}`, 400],
    ];
    for (const [method, url, status] of cases) {
      const response = await t.call(method, url, { headers: cookie });
      expect(`${url} → ${response.statusCode}`).toBe(`${url} → ${status}`);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    const bodies: [string, string][] = [
      ['application/json', JSON.stringify({ email: ['a', 'b'], csrf: 5 })],
      ['application/x-www-form-urlencoded', 'email=a&email=b&csrf=x&csrf=y'],
      ['application/x-www-form-urlencoded', '%%%'],
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', `email=${'a'.repeat(100_000)}`],
    ];
    for (const path of ['/dashboard/sign-in', '/dashboard/sign-out'])
      for (const [type, body] of bodies) {
        const response = await t.call('POST', path, { headers: { 'content-type': type }, body });
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
      }
  });

  it('signs out: the session cookie is cleared', async () => {
    const session = await signIn(scenario.site.coordinator.email);
    const shown = await t.call('GET', page, { headers: { cookie: `enrich_session=${session}` } });
    const csrf = valueOf(setCookies(shown.headers).get('enrich_csrf'));
    expect(hiddenCsrf(shown.body)).toBe(csrf);
    const out = await t.call('POST', '/dashboard/sign-out', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `enrich_csrf=${csrf}` },
      body: form({ csrf }),
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/dashboard/sign-in');
    expect(setCookies(out.headers).get('enrich_session')).toMatch(/^enrich_session=; Path=\/dashboard; Max-Age=0;/);
    const forged = await t.call('POST', '/dashboard/sign-out', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ csrf }),
    });
    expect(forged.statusCode).toBe(403);
  });

  it('audits the figures the page shows as report reads', async () => {
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.read' AND actor_id = $1 AND details->>'format' = 'dashboard'`,
      [scenario.site.coordinator.id],
    );
    expect(n).toBeGreaterThan(0);
    expect(Role.Coordinator).toBe('coordinator');
  });
});
