import { Injectable } from '@nestjs/common';
import { NextPlannedContacts } from '../pairing/next-planned-contact';
import { DeliveryRepository } from './delivery.repository';

/**
 * The caseload's "next planned contact" of each episode: the earliest of its planned meetings and of the
 * planned contacts of its community plan that no planned meeting is for (a contact with a meeting planned
 * for it is represented by the meeting's time; a contact alone by the start of its due day in
 * Europe/London, computed in the query, so no time-zone rules are rebuilt per row here). Items still
 * planned stay in the answer once their time has passed: an overdue contact is still the next thing to do,
 * and shows as a past date. Null when nothing is planned.
 */
@Injectable()
export class CaseloadNextContact implements NextPlannedContacts {
  constructor(private readonly delivery: DeliveryRepository) {}

  async nextPlannedContactOf(episodeIds: readonly string[]): Promise<Map<string, Date | null>> {
    if (episodeIds.length === 0) return new Map();
    const rows = await this.delivery.nextPlannedContactOf(episodeIds);
    const next = new Map<string, Date | null>(episodeIds.map((id) => [id, null]));
    for (const row of rows) next.set(row.episode_id, row.next_at);
    return next;
  }
}
