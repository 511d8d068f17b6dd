import type { SupportEpisodeState } from '../../episodes/support-episode.state-machine';
import type { WardEventType } from './ward-event-vocabulary';

export interface EpisodeFacts {
  state: SupportEpisodeState;
  dischargedOn: string | null;
  readmittedOn: string | null;
}

export interface BrokenWardEventRule {
  rule: string;
  explain: string;
}

const DISCHARGEABLE: readonly SupportEpisodeState[] = ['ward_support', 'readmitted'];
const READMITTABLE: readonly SupportEpisodeState[] = ['community_support', 'step_down'];

/**
 * Whether an event may apply to the service user's open support episode (null: no open episode). Out
 * of order events are refused whole, naming the rule, rather than half-applied: a discharge needs
 * someone in ward support (or paused by a readmission); a readmission follows a discharge into the
 * community, and cannot predate it. An admission is always recorded.
 */
export function brokenWardEventRule(
  type: WardEventType,
  occurredOn: string,
  episode: EpisodeFacts | null,
): BrokenWardEventRule | null {
  if (type === 'admission') return null;
  if (type === 'discharge') {
    if (!episode || !DISCHARGEABLE.includes(episode.state)) {
      return {
        rule: 'discharge_needs_ward_support',
        explain: `A discharge moves a support episode from ward support (or a readmission pause) to the community; this service user's is ${episode ? `in ${episode.state}` : 'not open'}`,
      };
    }
    if (episode.state === 'readmitted' && episode.readmittedOn && occurredOn < episode.readmittedOn) {
      return {
        rule: 'discharged_after_readmission',
        explain: `The discharge (${occurredOn}) is before the readmission it would end (${episode.readmittedOn})`,
      };
    }
    return null;
  }
  if (!episode || !READMITTABLE.includes(episode.state)) {
    return {
      rule: 'readmission_follows_discharge',
      explain: `A readmission pauses community support after a discharge; this service user's support episode is ${episode ? `in ${episode.state}` : 'not open'}`,
    };
  }
  if (episode.dischargedOn && occurredOn < episode.dischargedOn) {
    return {
      rule: 'readmission_after_discharge',
      explain: `The readmission (${occurredOn}) is before the discharge it follows (${episode.dischargedOn})`,
    };
  }
  return null;
}
