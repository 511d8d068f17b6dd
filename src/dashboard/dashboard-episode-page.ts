import { BROWSER_PATH } from '../common/auth/browser-session';
import { html, htmlPage } from '../common/http/html';
import { FIDELITY_INDICATORS } from '../fidelity/fidelity-indicators';
import { signOut } from './dashboard-page';
import type { EpisodeDashboard } from './dashboard.service';

const OUTCOME_TEXT: Record<string, string> = {
  met: 'Met',
  partly_met: 'Partly met',
  missed: 'Missed',
  not_applicable: 'Does not apply',
};
const when = (at: Date | null) => (at === null ? '–' : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`);

/**
 * One support episode as the coordinator opens it from a fidelity miss: where it stands, its indicators (what was
 * met and what missed) and every move it made. Codes, dates and ids only: no name or NHS number on the page.
 */
export function episodePage(d: EpisodeDashboard, publicBaseUrl: string, csrf: string): string {
  const { episode, history, fidelity } = d;
  const nameOf = (key: string) => FIDELITY_INDICATORS.find((i) => i.key === key)?.name ?? key;
  const facts: [key: string, label: string, value: string | null][] = [
    ['state', 'State', episode.state],
    ['allocatedArm', 'Arm', episode.allocatedArm],
    ['referredOn', 'Referred on', episode.referredOn],
    ['peerWorkerId', 'Peer worker', episode.peerWorkerId],
    ['firstWardMeetingAt', 'First ward meeting', episode.firstWardMeetingAt ? when(episode.firstWardMeetingAt) : null],
    ['dischargedOn', 'Discharged on', episode.dischargedOn],
    ['readmittedOn', 'Last readmitted on', episode.readmittedOn],
    ['endingReason', 'Ending', episode.endingReason],
  ];
  const percent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 1000) / 10}%`);

  const summary = html`<section id="episode" aria-labelledby="episode-h">
    <h2 id="episode-h">Support episode <code>${episode.id}</code></h2>
    <table id="episode-table">
      <caption>
        Where the episode stands
      </caption>
      <tbody>
        ${facts.map(
          ([key, label, value]) =>
            html`<tr data-key="${key}">
              <th scope="row">${label}</th>
              <td data-text="${value ?? ''}">${value ?? '–'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p class="muted">
      In the API (with a bearer token): <code>${publicBaseUrl}/api/v1/support-episodes/${episode.id}</code>
    </p>
  </section>`;

  const indicators = html`<section id="episode-fidelity" aria-labelledby="episode-fidelity-h">
    <h2 id="episode-fidelity-h">Fidelity from referral to ${fidelity.to}: ${percent(fidelity.score)}</h2>
    <table id="episode-fidelity-table">
      <caption>
        Each indicator for this episode
      </caption>
      <thead>
        <tr>
          <th scope="col">Indicator</th>
          <th scope="col">Outcome</th>
          <th scope="col" class="n">Met</th>
          <th scope="col" class="n">Of</th>
        </tr>
      </thead>
      <tbody>
        ${fidelity.indicators.map(
          (i) =>
            html`<tr data-key="${i.indicator}" data-outcome="${i.outcome}">
              <th scope="row">${nameOf(i.indicator)}</th>
              <td class="${i.outcome === 'missed' ? 'over' : ''}">${OUTCOME_TEXT[i.outcome] ?? i.outcome}</td>
              <td class="n" data-value="${String(i.numerator)}">${i.numerator}</td>
              <td class="n" data-value="${String(i.denominator)}">${i.denominator}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;

  const moves = html`<section id="episode-history" aria-labelledby="episode-history-h">
    <h2 id="episode-history-h">Every move</h2>
    <table id="episode-history-table">
      <caption>
        The episode's transitions, oldest first
      </caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        ${history.map(
          (t) =>
            html`<tr data-key="${t.toState}">
              <td>${when(t.occurredAt)}</td>
              <td>${t.fromState ?? '–'}</td>
              <td>${t.toState}</td>
              <td>${t.reason ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;

  return htmlPage(
    `${d.site.name}: a support episode`,
    html`<a href="${BROWSER_PATH}/sites/${d.site.id}">${d.site.name}</a> ${signOut(csrf)}`,
    html`${summary}${indicators}${moves}`,
  );
}
