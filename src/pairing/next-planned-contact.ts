import { Injectable } from '@nestjs/common';

/**
 * The next planned meeting or contact of each support episode, for caseloads. No planned-contact record
 * exists yet: this answers null for every episode. The delivery work (meetings, contacts) fills in this
 * one method from its own records; nothing else in pairing needs to change.
 */
@Injectable()
export class NextPlannedContacts {
  async nextPlannedContactOf(episodeIds: readonly string[]): Promise<Map<string, Date | null>> {
    return new Map(episodeIds.map((id) => [id, null]));
  }
}
