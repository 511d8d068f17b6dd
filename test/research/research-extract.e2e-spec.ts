import { createHmac } from 'node:crypto';
import { shiftDate } from '../../src/research/deidentify';
import { EXTRACT_COLUMNS, EXTRACT_TABLES } from '../../src/research/extract-tables';
import { heldDetails } from '../support/builders';
import { TestApp } from '../support/test-app';
import { day, episodeInCommunity, holdCommunityMeeting, reportingSite } from '../reports/report-fixtures';

const SECRET_A = 'study-a-secret-for-the-extract-tests-0123456789';
const SECRET_B = 'study-b-secret-for-the-extract-tests-9876543210';
const KEYS = `study-a:${SECRET_A},study-b:${SECRET_B}`;
const SHIFT_DAYS = 30;

/** The pseudonym worked out here from the definition (HMAC-SHA256 of the service user id), not through the service. */
const pseudonym = (secret: string, serviceUserId: string) =>
  createHmac('sha256', secret).update(serviceUserId).digest('hex');
const shiftFor = (secret: string, serviceUserId: string) => {
  const draw =
    createHmac('sha256', secret).update(`date-shift:${serviceUserId}`).digest().readUInt32BE(0) % (2 * SHIFT_DAYS);
  return draw < SHIFT_DAYS ? draw - SHIFT_DAYS : draw - SHIFT_DAYS + 1;
};

/** Columns a research extract must never have, whatever the table. */
const FORBIDDEN_COLUMNS = [
  'nhs_number',
  'given_name',
  'family_name',
  'name',
  'display_name',
  'email',
  'phone',
  'postcode',
  'address',
  'address_lines',
  'contact',
  'date_of_birth',
  'dob',
  'note',
  'notes',
  'status_reason',
  'reason',
  'accessibility_needs',
  'service_user_id',
  'episode_id',
  'meeting_id',
  'record',
  'attendees',
  'location',
];

interface Person {
  serviceUserId: string;
  episodeId: string;
  nhsNumber: string;
  givenName: string;
  familyName: string;
  email: string;
  phone: string;
  postcode: string;
  addressLine: string;
  dateOfBirth: string;
  accessibility: string;
  note: string;
}

function parseCsv(body: string): { header: string[]; rows: Record<string, string>[] } {
  const lines = body.split('\r\n').filter((l) => l.length > 0);
  const header = lines[0].split(',');
  // The extract's values are codes, numbers, dates and hex: no quoted fields to unpick (asserted below).
  return { header, rows: lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v]))) };
}

describe('Research extract', () => {
  let t: TestApp;
  let scenario: Awaited<ReturnType<typeof reportingSite>>;
  const people: Person[] = [];
  const files: Record<string, string> = {};
  const extract = async (file: string, key = 'study-a', token?: string) => {
    const response = await t.call('GET', `/api/v1/research-extracts/${key}/${file}`, { token: token ?? t.adminToken });
    if (response.statusCode !== 200) throw new Error(`${file}: ${response.statusCode} ${response.body}`);
    expect(response.headers['content-type']).toContain('text/csv');
    return response.body;
  };

  beforeAll(async () => {
    t = await TestApp.start({ RESEARCH_EXTRACT_KEYS: KEYS, RESEARCH_EXTRACT_DATE_SHIFT_DAYS: String(SHIFT_DAYS) });
    scenario = await reportingSite(t, 'Research Trust');
    const { site, peer } = scenario;
    const coordinator = site.coordinator.token;
    // Four people in community support, each with distinctive identifiers and free text everywhere it can go.
    for (let i = 0; i < 4; i++) {
      const episodeId = await episodeInCommunity(t, site, peer, 20 + i);
      const episode = await t.expect(200, 'GET', `/api/v1/support-episodes/${episodeId}`, { token: coordinator });
      const serviceUserId: string = episode.serviceUserId;
      const current = await t.expect(200, 'GET', `/api/v1/service-users/${serviceUserId}`, { token: coordinator });
      const person: Person = {
        serviceUserId,
        episodeId,
        nhsNumber: current.nhsNumber,
        givenName: `Zephyrine${i}`,
        familyName: `Quillfeather${i}`,
        email: `zq${i}@research.nhs.test`,
        phone: `07700 9001${i}${i}`,
        postcode: `ZZ9 ${i}QX`,
        addressLine: `${i}7 Wobblestone Row`,
        dateOfBirth: `1979-03-2${i}`,
        accessibility: `Needs a hearing loop in room ${i}`,
        note: `Talked about the allotment plot ${i}`,
      };
      await t.expect(200, 'PATCH', `/api/v1/service-users/${serviceUserId}`, {
        token: coordinator,
        body: {
          givenName: person.givenName,
          familyName: person.familyName,
          dateOfBirth: person.dateOfBirth,
          accessibilityNeeds: person.accessibility,
          contact: {
            phone: person.phone,
            email: person.email,
            addressLines: [person.addressLine],
            postcode: person.postcode,
          },
        },
      });
      await holdCommunityMeeting(t, peer, episodeId, 5, {
        held: heldDetails(-24 * 5, { note: person.note, loneWorkingExemptionReason: `Met at the cafe ${i}` }),
      });
      people.push(person);
    }
    // Person 0: a SWEMWBS baseline (raw 21, metric 19.25). Person 1: readmitted 6 days after discharge.
    await t.expect(201, 'POST', `/api/v1/support-episodes/${people[0].episodeId}/outcome-administrations`, {
      token: coordinator,
      body: {
        instrument: 'swemwbs',
        timepoint: 'baseline',
        administeredOn: day(-9),
        itemScores: [3, 3, 3, 3, 3, 3, 3],
      },
    });
    const readmission = await t.call('POST', `/api/v1/support-episodes/${people[1].episodeId}/readmission`, {
      token: site.wardStaff.token,
      body: { readmittedOn: day(-15) },
    });
    expect(readmission.statusCode).toBeLessThan(300);
    // Research consent: 0 and 1 gave it; 2 never did (peer support only); 3 gave it and withdrew yesterday.
    for (const i of [0, 1, 3]) {
      const consent = await t.expect(201, 'POST', `/api/v1/service-users/${people[i].serviceUserId}/consents`, {
        token: coordinator,
        body: { kind: 'research', givenOn: day(-40), informationSheetVersion: 'Research PIS v1' },
      });
      if (i === 3)
        await t.expect(
          200,
          'POST',
          `/api/v1/service-users/${people[i].serviceUserId}/consents/${consent.id}/withdrawal`,
          {
            token: coordinator,
            body: { withdrawnOn: day(-1) },
          },
        );
    }
    for (const table of EXTRACT_TABLES) files[table] = await extract(`${table}.csv`);
  }, 180_000);
  afterAll(() => t?.close());

  it('has every file’s header exactly as the data dictionary lists it, and no identifying column', async () => {
    const dictionary = await t.expect(200, 'GET', '/api/v1/research-extracts/data-dictionary', { token: t.adminToken });
    for (const table of EXTRACT_TABLES) {
      const { header } = parseCsv(files[table]);
      expect({ table, header }).toEqual({
        table,
        header: dictionary.columns.filter((c: any) => c.table === table).map((c: any) => c.column),
      });
      expect({ table, header }).toEqual({ table, header: EXTRACT_COLUMNS[table] });
      expect(header.filter((column) => FORBIDDEN_COLUMNS.includes(column))).toEqual([]);
    }
    expect(dictionary.columns.every((c: any) => c.deidentification.length > 0 && c.description.length > 0)).toBe(true);
    expect(
      dictionary.columns.find((c: any) => c.table === 'meetings' && c.column === 'held_on').deidentification,
    ).toContain(`between -${SHIFT_DAYS} and +${SHIFT_DAYS}`);
  });

  it('contains none of the seeded identifiers, free text, database ids or dates of birth anywhere in any file', () => {
    const everything = Object.values(files).join('\n').toLowerCase();
    expect(everything).not.toContain('"'); // no quoted field: no free text slipped in
    const seeded = people.flatMap((p) => [
      p.serviceUserId,
      p.episodeId,
      p.nhsNumber,
      p.givenName,
      p.familyName,
      p.email,
      p.phone,
      p.phone.replace(' ', ''),
      p.postcode,
      p.postcode.replace(' ', ''),
      p.addressLine,
      'wobblestone',
      p.dateOfBirth,
      p.accessibility,
      p.note,
      'allotment',
      'cafe',
      'bloggs',
      scenario.site.siteId,
      scenario.peer.peerWorkerId,
    ]);
    const found = seeded.filter((value) => everything.includes(value.toLowerCase()));
    expect(found).toEqual([]);
  });

  it('includes only people whose research consent is in force today: not one who never gave it, nor one who withdrew', () => {
    const expected = [people[0], people[1]].map((p) => pseudonym(SECRET_A, p.serviceUserId)).sort();
    const excluded = [people[2], people[3]].map((p) => pseudonym(SECRET_A, p.serviceUserId));
    expect([...new Set(parseCsv(files.participants).rows.map((r) => r.person_pseudonym))].sort()).toEqual(expected);
    for (const table of EXTRACT_TABLES) {
      const persons = new Set(parseCsv(files[table]).rows.map((r) => r.person_pseudonym));
      expect({ table, excluded: excluded.filter((p) => persons.has(p)) }).toEqual({ table, excluded: [] });
    }
    // The meetings of the consented: ward meeting, community meeting (held 5 days ago), for each of the two.
    expect(
      parseCsv(files.meetings).rows.filter((r) => r.person_pseudonym === expected[0]).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('shifts every date of a person by the same offset from the key, never zero, and keeps intervals', async () => {
    const p = people[0];
    const shift = shiftFor(SECRET_A, p.serviceUserId);
    expect(shift).not.toBe(0);
    expect(Math.abs(shift)).toBeLessThanOrEqual(SHIFT_DAYS);
    const [participant] = parseCsv(files.participants).rows.filter(
      (r) => r.person_pseudonym === pseudonym(SECRET_A, p.serviceUserId),
    );
    const [real] = await t.dataSource.query(
      `SELECT to_char(discharged_on, 'YYYY-MM-DD') AS discharged, to_char(referred_on, 'YYYY-MM-DD') AS referred FROM support_episodes WHERE id = $1`,
      [p.episodeId],
    );
    expect(participant).toMatchObject({
      index_discharged_on: shiftDate(real.discharged, shift),
      referred_on: shiftDate(real.referred, shift),
      arm: 'peer_support',
      age_band: '45-54',
    });
    const [outcome] = parseCsv(files.outcomes).rows;
    expect(outcome).toMatchObject({
      person_pseudonym: pseudonym(SECRET_A, p.serviceUserId),
      episode_ref: participant.episode_ref,
      instrument: 'swemwbs',
      timepoint: 'baseline',
      administered_on: shiftDate(day(-9), shift),
      raw_total: '21',
      score: '19.25',
    });
  });

  it('carries the allocation, timeline, contacts, fidelity and readmissions of the consented', () => {
    const mine = (table: string, p: Person) =>
      parseCsv(files[table]).rows.filter((r) => r.person_pseudonym === pseudonym(SECRET_A, p.serviceUserId));
    expect(mine('episode_transitions', people[0]).map((r) => r.to_state)).toEqual(
      expect.arrayContaining(['referred', 'paired', 'ward_support', 'community_support']),
    );
    expect(mine('meetings', people[0]).map((r) => [r.setting, r.status])).toEqual(
      expect.arrayContaining([
        ['ward', 'held'],
        ['community_venue', 'held'],
      ]),
    );
    expect(mine('contacts', people[0]).length).toBeGreaterThan(0);
    expect(mine('fidelity', people[0]).map((r) => r.indicator)).toContain('met_on_ward_before_discharge');
    const [readmission] = mine('readmissions', people[1]);
    expect(readmission).toMatchObject({ within_30_days: 'true', days_to_first_readmission: '6', readmissions: '1' });
    expect(mine('readmissions', people[0])[0]).toMatchObject({ within_30_days: '', readmissions: '0' });
  });

  it('gives stable pseudonyms under one key and unrelated ones under another', async () => {
    const again = parseCsv(await extract('participants.csv')).rows.map((r) => r.person_pseudonym);
    expect(again).toEqual(parseCsv(files.participants).rows.map((r) => r.person_pseudonym));
    const b = parseCsv(await extract('participants.csv', 'study-b')).rows.map((r) => r.person_pseudonym);
    expect(b.sort()).toEqual([people[0], people[1]].map((p) => pseudonym(SECRET_B, p.serviceUserId)).sort());
    expect(b.filter((x) => again.includes(x))).toEqual([]);
  });

  it('audits every extract: who, when, which key and table, and the rows sent', async () => {
    const rows = await t.dataSource.query(
      `SELECT actor_id, action, outcome, occurred_at, details FROM audit_events
        WHERE resource_type = 'research_extract' AND resource_id = 'participants' ORDER BY id`,
    );
    const admin = await t.expect(200, 'GET', '/api/v1/auth/me', { token: t.adminToken });
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(
      rows.slice(0, 2).map((r: any) => [r.action, r.outcome, r.actor_id, r.details.keyId, r.details.rows]),
    ).toEqual([
      ['research_extract.start', 'success', admin.id, 'study-a', undefined],
      ['research_extract.finish', 'success', admin.id, 'study-a', 2],
    ]);
    const meetings = await t.dataSource.query(
      `SELECT details FROM audit_events WHERE action = 'research_extract.finish' AND resource_id = 'meetings'`,
    );
    expect(meetings[0].details.rows).toBe(parseCsv(files.meetings).rows.length);
  });

  it('refuses other roles, an unknown key and an unknown file', async () => {
    const { site, peer } = scenario;
    for (const token of [site.coordinator.token, peer.user.token, site.wardStaff.token]) {
      expect((await t.call('GET', '/api/v1/research-extracts/study-a/participants.csv', { token })).statusCode).toBe(
        403,
      );
      expect((await t.call('GET', '/api/v1/research-extracts', { token })).statusCode).toBe(403);
    }
    const unknown = await t.call('GET', '/api/v1/research-extracts/study-z/participants.csv', { token: t.adminToken });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const file = await t.call('GET', '/api/v1/research-extracts/study-a/names.csv', { token: t.adminToken });
    expect(file.statusCode).toBe(400);
    expect(file.json().errors[0].field).toBe('file');
    const catalogue = await t.expect(200, 'GET', '/api/v1/research-extracts', { token: t.adminToken });
    expect(catalogue.keyIds).toEqual(['study-a', 'study-b']);
    expect(JSON.stringify(catalogue)).not.toContain(SECRET_A);
  });
});
