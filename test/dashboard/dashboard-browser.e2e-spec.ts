import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { DEFAULT_PASSWORD, TestApp } from '../support/test-app';
import { dashboardSite, defaultPeriod } from './dashboard-fixtures';

// Debian's chromium, installed by .ci/run when missing; driven by puppeteer-core (which downloads no browser).
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// The screenshot in the docs is rewritten only when asked (it changes with the dates on every run).
const SCREENSHOT =
  process.env.WRITE_DOCS_SCREENSHOT === '1' ? join(__dirname, '../../docs/images/dashboard.png') : null;
jest.setTimeout(90_000);

type Scenario = Awaited<ReturnType<typeof dashboardSite>>;
interface TableRow {
  key: string | null;
  values: (number | null)[];
}

/** Every table of the page by id: each row's data-key and its figures as the page carries them (data-value). */
const tablesOf = (page: Page) =>
  page.$$eval('table[id]', (tables) =>
    Object.fromEntries(
      tables.map((table) => [
        table.id,
        [...table.querySelectorAll('tbody tr')].map((tr) => ({
          key: tr.getAttribute('data-key'),
          values: [...tr.querySelectorAll('td[data-value]')].map((td) => {
            const v = td.getAttribute('data-value');
            return v === 'null' ? null : Number(v);
          }),
        })),
      ]),
    ),
  ) as Promise<Record<string, TableRow[]>>;

/** Each chart's SVG, by its section: how many shapes it drew and the text it wrote (axis names, bar labels). */
const chartsOf = (page: Page) =>
  page.$$eval('section[id] figure svg', (svgs) =>
    Object.fromEntries(
      svgs.map((svg) => [
        svg.closest('section')!.id,
        {
          label: svg.getAttribute('aria-label'),
          role: svg.getAttribute('role'),
          shapes: svg.querySelectorAll('path, rect').length,
          texts: [...svg.querySelectorAll('text')].map((t) => t.textContent ?? ''),
          width: svg.getBoundingClientRect().width,
        },
      ]),
    ),
  ) as Promise<Record<string, { label: string; role: string; shapes: number; texts: string[]; width: number }>>;

describe('Coordinator dashboard in a real headless browser', () => {
  let t: TestApp;
  let scenario: Scenario;
  let base: string;
  let browser: Browser;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
    t = await TestApp.start();
    scenario = await dashboardSite(t);
    base = await t.listen();
    profile = mkdtempSync(join(tmpdir(), 'enrich-chromium-'));
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, userDataDir: profile });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await t?.close();
  });

  /** A fresh page (its own cookie jar) that records console errors and failed requests. */
  async function freshPage(): Promise<Page> {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    return page;
  }

  async function signInOn(page: Page, email: string) {
    await page.type('#email', email);
    await page.type('#password', DEFAULT_PASSWORD);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    return response!;
  }

  it('sends an unsigned browser to sign in, then shows the site’s page with its charts drawn and the report’s numbers in its tables', async () => {
    const page = await freshPage();
    const url = `${base}/dashboard/sites/${scenario.site.siteId}`;
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    expect(await page.$eval('input[name=next]', (i) => i.getAttribute('value'))).toBe(
      `/dashboard/sites/${scenario.site.siteId}`,
    );

    const landed = await signInOn(page, scenario.site.coordinator.email);
    expect(landed.status()).toBe(200);
    expect(page.url()).toBe(url);
    // The session cookie is invisible to script.
    expect(await page.evaluate('document.cookie')).toBe('');

    const { from, to } = defaultPeriod();
    const query = `siteId=${scenario.site.siteId}&from=${from}&to=${to}`;
    const token = { token: scenario.site.coordinator.token };
    const report = await t.expect(200, 'GET', `/api/v1/reports/operational?${query}`, token);
    const fidelity = await t.expect(200, 'GET', `/api/v1/fidelity?${query}`, token);
    const outcomes = await t.expect(200, 'GET', `/api/v1/outcomes?${query}`, token);

    const tables = await tablesOf(page);
    expect(tables['caseloads-table']).toEqual(
      report.caseloads.map((c: any) => ({ key: c.peerWorkerId, values: [c.activeServiceUsers, c.caseloadCap] })),
    );
    expect(tables['caseloads-table']).toContainEqual({ key: scenario.peer.peerWorkerId, values: [2, 6] });
    const first = report.firstCommunityMeeting;
    expect(tables['first-meeting-table']).toEqual(
      ['discharged', 'met', 'withinWindow', 'shareWithinWindow', 'medianDays', 'p90Days'].map((key) => ({
        key,
        values: [first[key]],
      })),
    );
    // Discharged 10 and 20 days ago, met 3 and 12 days after: median 7.5, p90 11.1, half within 7 days.
    expect(first).toMatchObject({ discharged: 2, met: 2, withinWindow: 1, medianDays: 7.5, p90Days: 11.1 });
    expect(tables['fidelity-table']).toEqual(
      fidelity.indicators.map((i: any) => ({
        key: i.indicator,
        values: [i.numerator, i.denominator, i.rate, i.misses.length],
      })),
    );
    expect(tables['outcomes-table']).toEqual(
      outcomes.instruments.map((i: any) => ({
        key: i.instrument,
        values: [i.pairs, i.meanBaseline, i.meanLatest, i.meanChange],
      })),
    );
    expect(outcomes.instruments).toEqual([expect.objectContaining({ instrument: 'swemwbs', pairs: 1 })]);

    const charts = await chartsOf(page);
    expect(Object.keys(charts).sort()).toEqual(['caseloads', 'fidelity', 'first-meeting', 'outcomes']);
    for (const chart of Object.values(charts)) {
      expect(chart.role).toBe('img');
      expect(chart.label.length).toBeGreaterThan(10);
      expect(chart.shapes).toBeGreaterThan(5);
      expect(chart.width).toBeGreaterThan(200);
    }
    // The bars are labelled with the same figures as the tables.
    expect(charts.caseloads.texts).toEqual(expect.arrayContaining(['Peer of Dashboard Trust', '2', 'Cap 6']));
    expect(charts['first-meeting'].texts).toEqual(expect.arrayContaining(['7.5 days', '11.1 days', 'Window 7 days']));
    for (const i of fidelity.indicators.filter((i: any) => i.rate !== null))
      expect(charts.fidelity.texts).toContain(`${Math.round(i.rate * 1000) / 10}%`);
    expect(charts.outcomes.texts).toEqual(
      expect.arrayContaining([
        String(outcomes.instruments[0].meanBaseline),
        String(outcomes.instruments[0].meanLatest),
      ]),
    );
    // No script ran or was blocked, no style or image was refused by the page's policy, nothing failed to load.
    expect(problems).toEqual([]);

    const shot = await page.screenshot({ fullPage: true, type: 'png' });
    const file = SCREENSHOT ?? join(profile, 'dashboard.png');
    writeFileSync(file, shot);
    expect(statSync(file).size).toBeGreaterThan(20_000);
  });

  it('links every episode behind a fidelity miss to its page, which opens signed in with the episode’s indicators', async () => {
    const page = await freshPage();
    await page.goto(`${base}/dashboard/sites/${scenario.site.siteId}`);
    await signInOn(page, scenario.site.coordinator.email);
    const { from, to } = defaultPeriod();
    const token = { token: scenario.site.coordinator.token };
    const fidelity = await t.expect(
      200,
      'GET',
      `/api/v1/fidelity?siteId=${scenario.site.siteId}&from=${from}&to=${to}`,
      token,
    );
    const episodeMisses: { indicator: string; href: string }[] = fidelity.indicators.flatMap((i: any) =>
      i.misses
        .filter((m: any) => m.episodeId)
        .map((m: any) => ({ indicator: i.indicator, href: `/dashboard/support-episodes/${m.episodeId}` })),
    );
    expect(episodeMisses.length).toBeGreaterThan(0);
    const links = await page.$$eval('#fidelity-misses a[data-indicator]', (anchors) =>
      anchors.map((a) => ({ indicator: a.getAttribute('data-indicator')!, href: a.getAttribute('href')! })),
    );
    expect(links).toEqual(episodeMisses);

    // The coordinator opens the list and follows the first link, as they would.
    await page.click('#fidelity-misses summary');
    const [opened] = await Promise.all([page.waitForNavigation(), page.click('#fidelity-misses a[data-indicator]')]);
    expect(opened!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(links[0].href);
    const episodeId = links[0].href.split('/').at(-1)!;
    const own = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}/fidelity`, token);
    const shown = await page.$$eval('#episode-fidelity-table tbody tr', (rows) =>
      rows.map((r) => [r.getAttribute('data-key'), r.getAttribute('data-outcome')]),
    );
    expect(shown).toEqual(own.indicators.map((i: any) => [i.indicator, i.outcome]));
    // Missed here (or, for a contact-level indicator such as the step-down, partly met: some of its contacts missed).
    expect(['missed', 'partly_met']).toContain(shown.find(([key]) => key === links[0].indicator)?.[1]);
    const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, token);
    expect(await page.$eval('#episode-table tr[data-key=state] td', (td) => td.getAttribute('data-text'))).toBe(
      episode.state,
    );
    // Back to the site's page from the header.
    await Promise.all([
      page.waitForNavigation(),
      page.click(`header a[href="/dashboard/sites/${scenario.site.siteId}"]`),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/dashboard/sites/${scenario.site.siteId}`);
    expect(problems).toEqual([]);
  });

  it('shows another site’s coordinator a 404, and the peer worker a 403', async () => {
    const url = `${base}/dashboard/sites/${scenario.site.siteId}`;
    const other = await freshPage();
    await other.goto(url);
    const hidden = await signInOn(other, scenario.otherCoordinator.email);
    expect(hidden.status()).toBe(404);
    expect(await other.$eval('h1', (h) => h.textContent)).toBe('404 Not Found');
    expect(await other.content()).not.toContain('Dashboard Trust');
    const episode = await other.goto(`${base}/dashboard/support-episodes/${scenario.episodes.e1}`);
    expect(episode!.status()).toBe(404);
    expect(await other.$eval('h1', (h) => h.textContent)).toBe('404 Not Found');
    expect(await other.content()).not.toContain('Dashboard Trust');
    const peer = await freshPage();
    await peer.goto(url);
    expect((await signInOn(peer, scenario.peer.user.email)).status()).toBe(403);
  });

  it('signs out with the button, and the page asks to sign in again', async () => {
    const page = await freshPage();
    await page.goto(`${base}/dashboard`);
    await signInOn(page, scenario.site.coordinator.email);
    expect(await page.$$eval('main a', (links) => links.map((a) => a.getAttribute('href')))).toContain(
      `/dashboard/sites/${scenario.site.siteId}`,
    );
    await Promise.all([page.waitForNavigation(), page.click('header button[type=submit]')]);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    await page.goto(`${base}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
  });
});
