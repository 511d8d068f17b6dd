import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NextPlannedContacts } from '../pairing/next-planned-contact';

/**
 * The caseload's "next planned contact" of each episode: the earliest of its planned meetings and of the
 * planned contacts of its community plan that no planned meeting is for (a contact with a meeting planned
 * for it is represented by the meeting's time; a contact alone by the start of its due day in
 * Europe/London). Items still planned stay in the answer once their time has passed: an overdue contact
 * is still the next thing to do, and shows as a past date. Null when nothing is planned.
 */
@Injectable()
export class CaseloadNextContact implements NextPlannedContacts {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async nextPlannedContactOf(episodeIds: readonly string[]): Promise<Map<string, Date | null>> {
    if (episodeIds.length === 0) return new Map();
    const rows: { episode_id: string; next_at: Date }[] = await this.dataSource.query(
      `SELECT episode_id, min(at) AS next_at FROM (
         SELECT m.episode_id, m.planned_start_at AS at
           FROM meetings m
          WHERE m.episode_id = ANY($1::uuid[]) AND m.status = 'planned'
         UNION ALL
         SELECT c.episode_id, (c.due_on::timestamp AT TIME ZONE 'Europe/London') AS at
           FROM planned_contacts c
          WHERE c.episode_id = ANY($1::uuid[]) AND c.status = 'planned'
            AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.planned_contact_id = c.id AND m.status = 'planned')
       ) planned
       GROUP BY episode_id`,
      [episodeIds],
    );
    const next = new Map<string, Date | null>(episodeIds.map((id) => [id, null]));
    for (const row of rows) next.set(row.episode_id, new Date(row.next_at));
    return next;
  }
}
