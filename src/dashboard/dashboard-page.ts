import { BROWSER_PATH } from '../common/auth/browser-session';
import { html, htmlPage, SafeHtml, trusted } from '../common/http/html';
import { instrumentOf } from '../outcomes/outcome-instruments';
import { barChartSvg } from './dashboard-charts';
import type { SiteDashboard } from './dashboard.service';

/** A figure cell: the number as the API gives it in data-value, shown for people (a rate as a percentage). */
const num = (value: number | null, shown: string = value === null ? '–' : String(value)) =>
  html`<td class="n" data-value="${value === null ? 'null' : String(value)}">${shown}</td>`;
const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 1000) / 10}%`);
const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/** A chart and its table side by side; the chart is hidden from nobody, the table has every figure. */
const pair = (chart: string | null, table: SafeHtml) =>
  html`<div class="pair">${chart ? html`<figure>${trusted(chart)}</figure>` : ''}${table}</div>`;

/** The dashboard's own page of an episode: a browser signed in here can open it (the API's needs a bearer token). */
export const episodeHref = (episodeId: string) => `${BROWSER_PATH}/support-episodes/${episodeId}`;

/** The episodes (or peer workers) behind each indicator's misses, each episode a link to its page. */
function missList(fidelity: SiteDashboard['fidelity']): SafeHtml | '' {
  const missed = fidelity.indicators.filter((i) => i.misses.length > 0);
  if (missed.length === 0) return '';
  return html`<details id="fidelity-misses">
    <summary>Who is behind the misses</summary>
    <ul>
      ${missed.map(
        (i) =>
          html`<li>
            ${i.name}:
            ${i.misses.map(
              (m, n) =>
                html`${n > 0 ? ', ' : ''}${
                  m.episodeId
                    ? html`<a data-indicator="${i.indicator}" href="${episodeHref(m.episodeId)}"
                        ><code>support episode ${m.episodeId}</code></a
                      >`
                    : html`<code data-indicator="${i.indicator}">peer worker ${m.peerWorkerId ?? m.subjectId}</code>`
                }`,
            )}
          </li>`,
      )}
    </ul>
  </details>`;
}

export function signOut(csrf: string): SafeHtml {
  return html`<form class="inline" method="post" action="${BROWSER_PATH}/sign-out">
    <input type="hidden" name="csrf" value="${csrf}" /><button type="submit">Sign out</button>
  </form>`;
}

export function sitesPage(sites: { id: string; name: string }[], csrf: string): string {
  return htmlPage(
    'Coordinator dashboard',
    signOut(csrf),
    html`<section>
      <h2>Your sites</h2>
      ${
        sites.length === 0
          ? html`<p>You are not a coordinator of any site yet.</p>`
          : html`<ul>
              ${sites.map((s) => html`<li><a href="${BROWSER_PATH}/sites/${s.id}">${s.name}</a></li>`)}
            </ul>`
      }
    </section>`,
  );
}

export function siteDashboardPage(d: SiteDashboard, csrf: string): string {
  const { report, fidelity, outcomes, overdue, period } = d;
  const cap = report.caseloads[0]?.caseloadCap ?? null;

  const caseloads = html`<section id="caseloads" aria-labelledby="caseloads-h">
    <h2 id="caseloads-h">Caseloads against the cap</h2>
    ${
      report.caseloads.length === 0
        ? html`<p>No active peer workers.</p>`
        : pair(
            barChartSvg({
              label: 'Active service users per peer worker, with the caseload cap',
              categories: report.caseloads.map((c) => c.displayName),
              series: [{ name: 'Active service users', values: report.caseloads.map((c) => c.activeServiceUsers) }],
              horizontal: true,
              reference: cap === null ? undefined : { value: cap, name: `Cap ${cap}` },
            }),
            html`<table id="caseloads-table">
              <caption>
                Caseload per peer worker at ${period.to}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Peer worker</th>
                  <th scope="col" class="n">Active service users</th>
                  <th scope="col" class="n">Cap</th>
                  <th scope="col">Over cap</th>
                </tr>
              </thead>
              <tbody>
                ${report.caseloads.map(
                  (c) =>
                    html`<tr data-key="${c.peerWorkerId}">
                      <th scope="row">${c.displayName}</th>
                      ${num(c.activeServiceUsers)}${num(c.caseloadCap)}
                      <td class="${c.overCap ? 'over' : ''}">${c.overCap ? 'Yes' : 'No'}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
  </section>`;

  const overdueSection = html`<section id="overdue" aria-labelledby="overdue-h">
    <h2 id="overdue-h">Overdue follow-ups <span class="muted">(${overdue.length} now)</span></h2>
    ${
      overdue.length === 0
        ? html`<p>Nothing is overdue.</p>`
        : html`<table id="overdue-table">
            <caption>
              What the morning digest lists for this site now
            </caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Overdue since</th>
                <th scope="col">Record</th>
              </tr>
            </thead>
            <tbody>
              ${overdue.map(
                (o) =>
                  html`<tr data-kind="${o.kind}">
                    <td>${o.summary}</td>
                    <td>${o.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
                    <td><code>${o.subjectType} ${o.subjectId}</code></td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;

  const unattended = html`<section id="unattended" aria-labelledby="unattended-h">
    <h2 id="unattended-h">Episodes without a responsible person</h2>
    ${
      report.episodesWithoutResponsiblePerson.length === 0
        ? html`<p>No episode went without a responsible peer worker in the period.</p>`
        : html`<table id="unattended-table">
            <caption>
              Days in the period, once paired, with no open pairing (${report.daysWithoutResponsiblePerson} in all)
            </caption>
            <thead>
              <tr>
                <th scope="col">Support episode</th>
                <th scope="col" class="n">Days</th>
              </tr>
            </thead>
            <tbody>
              ${report.episodesWithoutResponsiblePerson.map(
                (e) =>
                  html`<tr data-key="${e.episodeId}">
                    <td><code>${e.episodeId}</code></td>
                    ${num(e.days)}
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
  </section>`;

  const fidelitySection = html`<section id="fidelity" aria-labelledby="fidelity-h">
    <h2 id="fidelity-h">Fidelity to the ENRICH model: ${percent(fidelity.score)}</h2>
    ${pair(
      barChartSvg({
        label: 'Share of each fidelity indicator met, in per cent',
        categories: fidelity.indicators.map((i) => i.name),
        series: [{ name: 'Met (%)', values: fidelity.indicators.map((i) => pct(i.rate)) }],
        horizontal: true,
        max: 100,
        unit: '%',
      }),
      html`<table id="fidelity-table">
        <caption>
          Each indicator over the period (score ${percent(fidelity.score)})
        </caption>
        <thead>
          <tr>
            <th scope="col">Indicator</th>
            <th scope="col" class="n">Met</th>
            <th scope="col" class="n">Of</th>
            <th scope="col" class="n">Rate</th>
            <th scope="col" class="n">Misses</th>
          </tr>
        </thead>
        <tbody>
          ${fidelity.indicators.map(
            (i) =>
              html`<tr data-key="${i.indicator}">
                <th scope="row">${i.name} <span class="muted">(${i.handbookSection})</span></th>
                ${num(i.numerator)}${num(i.denominator)}${num(i.rate, percent(i.rate))}${num(i.misses.length)}
              </tr>`,
          )}
        </tbody>
      </table>`,
    )}
    ${missList(fidelity)}
  </section>`;

  const first = report.firstCommunityMeeting;
  const firstSection = html`<section id="first-meeting" aria-labelledby="first-meeting-h">
    <h2 id="first-meeting-h">Time from discharge to the first community meeting</h2>
    ${pair(
      first.medianDays === null
        ? null
        : barChartSvg({
            label: `Median and 90th percentile days to the first community meeting, against the ${first.windowDays}-day window`,
            categories: ['Median', '90th percentile'],
            series: [{ name: 'Days', values: [first.medianDays, first.p90Days] }],
            horizontal: true,
            reference: { value: first.windowDays, name: `Window ${first.windowDays} days` },
            unit: ' days',
          }),
      html`<table id="first-meeting-table">
        <caption>
          Episodes discharged in the period
        </caption>
        <tbody>
          <tr data-key="discharged">
            <th scope="row">Discharged</th>
            ${num(first.discharged)}
          </tr>
          <tr data-key="met">
            <th scope="row">Met in the community since</th>
            ${num(first.met)}
          </tr>
          <tr data-key="withinWindow">
            <th scope="row">Within ${first.windowDays} days</th>
            ${num(first.withinWindow)}
          </tr>
          <tr data-key="shareWithinWindow">
            <th scope="row">Share within the window</th>
            ${num(first.shareWithinWindow, percent(first.shareWithinWindow))}
          </tr>
          <tr data-key="medianDays">
            <th scope="row">Median days</th>
            ${num(first.medianDays)}
          </tr>
          <tr data-key="p90Days">
            <th scope="row">90th percentile days</th>
            ${num(first.p90Days)}
          </tr>
        </tbody>
      </table>`,
    )}
  </section>`;

  const instrumentName = (code: string) => instrumentOf(code)?.name ?? code;
  const outcomeSection = html`<section id="outcomes" aria-labelledby="outcomes-h">
    <h2 id="outcomes-h">Outcome change from baseline</h2>
    ${
      outcomes.instruments.length === 0
        ? html`<p>No service user has a scored baseline and a later score in the period.</p>`
        : pair(
            barChartSvg({
              label: 'Mean baseline and mean latest score per instrument',
              categories: outcomes.instruments.map((i) => instrumentName(i.instrument)),
              series: [
                { name: 'Mean baseline', values: outcomes.instruments.map((i) => i.meanBaseline) },
                { name: 'Mean latest', values: outcomes.instruments.map((i) => i.meanLatest) },
              ],
              horizontal: true,
            }),
            html`<table id="outcomes-table">
              <caption>
                Service users with a scored baseline and a later score
              </caption>
              <thead>
                <tr>
                  <th scope="col">Instrument</th>
                  <th scope="col" class="n">Service users</th>
                  <th scope="col" class="n">Mean baseline</th>
                  <th scope="col" class="n">Mean latest</th>
                  <th scope="col" class="n">Mean change</th>
                </tr>
              </thead>
              <tbody>
                ${outcomes.instruments.map(
                  (i) =>
                    html`<tr data-key="${i.instrument}">
                      <th scope="row">${instrumentName(i.instrument)}</th>
                      ${num(i.pairs)}${num(i.meanBaseline)}${num(i.meanLatest)}${num(i.meanChange)}
                    </tr>`,
                )}
              </tbody>
            </table>`,
          )
    }
  </section>`;

  const periodForm = html`<section aria-label="Period">
    <form method="get" action="${BROWSER_PATH}/sites/${d.site.id}">
      <span class="muted">Period (London dates):</span>
      <label class="inline" for="from">From</label> <input id="from" name="from" type="date" value="${period.from}" />
      <label class="inline" for="to">to</label> <input id="to" name="to" type="date" value="${period.to}" />
      <button type="submit">Show</button>
    </form>
  </section>`;

  return htmlPage(
    `${d.site.name}: ${period.from} to ${period.to}`,
    html`<a href="${BROWSER_PATH}">Sites</a> ${signOut(csrf)}`,
    html`${periodForm}${caseloads}${overdueSection}${unattended}${fidelitySection}${firstSection}${outcomeSection}`,
  );
}
