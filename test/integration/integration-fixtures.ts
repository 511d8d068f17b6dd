import type { TestApp } from '../support/test-app';

/** An integration client of the given Trust(s), signed in with client credentials: its bearer token and client id. */
export async function integrationClient(
  t: TestApp,
  name: string,
  siteIds: string[],
): Promise<{ token: string; clientId: string; id: string }> {
  const client = await t.expect(201, 'POST', '/api/v1/integration-clients', {
    token: t.adminToken,
    body: { name, siteIds },
  });
  const token = (
    await t.expect(200, 'POST', '/api/v1/auth/token', {
      body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
    })
  ).access_token as string;
  return { token, clientId: client.clientId, id: client.id };
}
