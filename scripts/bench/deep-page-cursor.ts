import type { Client } from 'pg';

/**
 * The cursor of a page halfway down a coordinator's community-support episodes (the list pages by creation:
 * createdAt and id, base64url JSON), so the benchmark asks for a deep page, not the first.
 */
export async function deepPageCursor(client: Pick<Client, 'query'>, siteId: string): Promise<string> {
  const { rows } = await client.query<{ created_at: Date; id: string }>(
    `SELECT e.created_at, e.id FROM support_episodes e JOIN service_users su ON su.id = e.service_user_id
      WHERE su.site_id = $1 AND e.state = 'community_support'
      ORDER BY e.created_at, e.id
     OFFSET (SELECT count(*) / 2 FROM support_episodes e2 JOIN service_users su2 ON su2.id = e2.service_user_id
              WHERE su2.site_id = $1 AND e2.state = 'community_support') LIMIT 1`,
    [siteId],
  );
  if (!rows[0]) throw new Error('No community-support episode on the site: is the seed loaded?');
  return Buffer.from(JSON.stringify({ createdAt: rows[0].created_at.toISOString(), id: rows[0].id })).toString(
    'base64url',
  );
}
