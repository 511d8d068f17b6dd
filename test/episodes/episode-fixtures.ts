import type { TestApp } from '../support/test-app';

let counter = 0;

/** A fresh NHS number with a valid Modulus 11 check digit. */
export function nextNhsNumber(): string {
  for (;;) {
    const nine = String(900000000 + ((process.pid * 7919 + ++counter * 104729) % 99999999)).padStart(9, '0');
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
    const check = 11 - (sum % 11);
    if (check !== 10) return `${nine}${check === 11 ? 0 : check}`;
  }
}

export interface ServiceUserOptions {
  consents?: ('peer_support' | 'research')[];
  dateOfBirth?: string;
  wardId?: string;
}

/** Register a service user and record the consents asked for; returns the service user's id. */
export async function registerServiceUser(t: TestApp, token: string, siteId: string, options: ServiceUserOptions = {}): Promise<string> {
  const su = await t.expect(201, 'POST', '/api/v1/service-users', {
    token,
    body: {
      siteId,
      nhsNumber: nextNhsNumber(),
      givenName: 'Jo',
      familyName: 'Bloggs',
      dateOfBirth: options.dateOfBirth ?? '1985-02-11',
      gender: 'male',
      ethnicity: 'C',
      ...(options.wardId ? { wardId: options.wardId } : {}),
    },
  });
  for (const kind of options.consents ?? ['peer_support']) {
    await t.expect(201, 'POST', `/api/v1/service-users/${su.id}/consents`, {
      token,
      body: { kind, givenOn: '2026-11-02', informationSheetVersion: 'v2.1' },
    });
  }
  return su.id;
}

export const referralBody = (serviceUserId: string, extra: Record<string, unknown> = {}) => ({
  serviceUserId,
  referredOn: '2026-11-05',
  primaryDiagnosisGroup: 'psychotic',
  previousAdmissionDates: ['2025-06-01'],
  ...extra,
});
