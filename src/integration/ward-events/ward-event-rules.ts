import { dischargeRefusal, readmissionRefusal, type WardStayFacts } from '../../episodes/ward-stay-rules';
import type { WardEventType } from './ward-event-vocabulary';

export type EpisodeFacts = WardStayFacts;

export interface BrokenWardEventRule {
  rule: string;
  explain: string;
}

/**
 * Whether an event may apply to the service user's open support episode (null: no open episode), by the
 * episodes' own rules (ward-stay-rules.ts): a discharge needs someone on the ward — any open state before
 * the community, or a readmission pause; a readmission follows a discharge and cannot predate it. An
 * admission is always recorded. (With no open episode a readmission may still be kept against the latest
 * ended episode: the service decides that.) A broken rule is kept as an unapplied event, never dropped.
 */
export function brokenWardEventRule(
  type: WardEventType,
  occurredOn: string,
  episode: EpisodeFacts | null,
): BrokenWardEventRule | null {
  if (type === 'admission') return null;
  if (type === 'discharge') return dischargeRefusal(episode, occurredOn);
  if (!episode) {
    return {
      rule: 'readmission_follows_discharge',
      explain: 'A readmission follows a discharge, and this service user has no support episode with one',
    };
  }
  return readmissionRefusal(episode, occurredOn);
}
