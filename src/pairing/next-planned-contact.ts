import { Injectable } from '@nestjs/common';

/** Answers, for each episode, when its next planned meeting or contact is (null when none is). */
export interface NextPlannedContactSource {
  nextPlannedContactOf(episodeIds: readonly string[]): Promise<Map<string, Date | null>>;
}

/**
 * The next planned meeting or contact of each support episode, for caseloads. Pairing does not own
 * meetings or the community plan: the delivery area registers the source that reads them (on module
 * init, as listeners register with SupportEpisodeHooks), so PairingModule imports nothing of delivery.
 * Without a source (an app built without delivery) every episode answers null.
 */
@Injectable()
export class NextPlannedContacts {
  private source: NextPlannedContactSource | null = null;

  provideFrom(source: NextPlannedContactSource): void {
    this.source = source;
  }

  async nextPlannedContactOf(episodeIds: readonly string[]): Promise<Map<string, Date | null>> {
    if (this.source && episodeIds.length > 0) return this.source.nextPlannedContactOf(episodeIds);
    return new Map(episodeIds.map((id) => [id, null]));
  }
}
