import { seedIdOf, SEED_STATES, SeedSize } from '../seed/seed-sql';

/**
 * The benchmarked requests, named by the seeded rows they touch (ids are md5 of label and row number, so they
 * are known without reading the database). Shared by `npm run bench`, the bare server and the query-plan test,
 * so all three exercise the same requests.
 */

export interface BenchActor {
  id: string;
  roles: string[];
  sites: string[];
}

export interface ScenarioRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface Scenario {
  name: string;
  kind: 'read' | 'write';
  actor: BenchActor;
  /** The i-th request of a run (writes use a fresh target per request where a target can be used once). */
  request(i: number): ScenarioRequest;
  /** How many distinct targets a write has (a run never sends more); reads are unbounded. */
  targets?: number;
}

const stateIndex = (state: (typeof SEED_STATES)[number]) => SEED_STATES.indexOf(state);

/** The i-th episode (1-based row number) in `state` on site 0. */
export function episodeNumber(size: SeedSize, state: (typeof SEED_STATES)[number], i: number): number {
  // n ≡ stateIndex (mod 9) and n ≡ 0 (mod sites): step lcm(9, sites).
  const step = lcm(9, size.sites);
  const first = Array.from({ length: step }, (_, k) => k + 1).find(
    (n) => n % 9 === stateIndex(state) && n % size.sites === 0,
  )!;
  return first + step * (i % Math.floor((size.episodes - first) / step + 1));
}

export function episodesAvailable(size: SeedSize, state: (typeof SEED_STATES)[number]): number {
  const step = lcm(9, size.sites);
  const first = Array.from({ length: step }, (_, k) => k + 1).find(
    (n) => n % 9 === stateIndex(state) && n % size.sites === 0,
  )!;
  return Math.floor((size.episodes - first) / step + 1);
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a * b) / gcd(a, b);
}

/** The i-th episode (1-based row number) in `state` on any site. */
export function anyEpisodeNumber(size: SeedSize, state: (typeof SEED_STATES)[number], i: number): number {
  const first = stateIndex(state) === 0 ? 9 : stateIndex(state);
  return first + 9 * (i % anyEpisodesAvailable(size, state));
}

export function anyEpisodesAvailable(size: SeedSize, state: (typeof SEED_STATES)[number]): number {
  const first = stateIndex(state) === 0 ? 9 : stateIndex(state);
  return Math.floor((size.episodes - first) / 9 + 1);
}

/** The seeded coordinator of every site (writes use it, so they spread over all sites' episodes). */
export function regionalCoordinator(size: SeedSize): BenchActor {
  return {
    id: seedIdOf('user', 'regional-coordinator'),
    roles: ['coordinator'],
    sites: Array.from({ length: size.sites }, (_, s) => seedIdOf('site', s)),
  };
}

export const coordinatorOfSite0 = (): BenchActor => ({
  id: seedIdOf('coordinator', 0),
  roles: ['coordinator'],
  sites: [seedIdOf('site', 0)],
});

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** `cursor` is the deep page's cursor for the episode list (read from the database by the caller). */
export function scenarios(size: SeedSize, episodeListCursor: string): Scenario[] {
  const coordinator = coordinatorOfSite0();
  const regional = regionalCoordinator(size);
  const yearAgo = ymd(new Date(Date.now() - 400 * 86_400_000));
  const peerWorkersOnSite = Math.floor(size.peerWorkers / size.sites);
  return [
    {
      name: 'episode meetings',
      kind: 'read',
      actor: coordinator,
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/support-episodes/${seedIdOf('episode', episodeNumber(size, 'community_support', i))}/meetings`,
      }),
    },
    {
      name: 'caseload',
      kind: 'read',
      actor: coordinator,
      // Peer workers of site 0 are p = 0, sites, 2·sites, …
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/peer-workers/${seedIdOf('pw', size.sites * (i % peerWorkersOnSite))}/caseload`,
      }),
    },
    {
      name: 'episode list by state, deep page',
      kind: 'read',
      actor: coordinator,
      request: () => ({
        method: 'GET',
        path: `/api/v1/support-episodes?state=community_support&limit=50&cursor=${episodeListCursor}`,
      }),
    },
    {
      name: 'FHIR Encounter by patient and date',
      kind: 'read',
      actor: coordinator,
      request: (i) => ({
        method: 'GET',
        path: `/fhir/r4/Encounter?patient=Patient/${seedIdOf('su', episodeNumber(size, 'community_support', i))}&date=ge${yearAgo}`,
      }),
    },
    {
      name: 'FHIR Appointment by patient and date',
      kind: 'read',
      actor: coordinator,
      request: (i) => ({
        method: 'GET',
        path: `/fhir/r4/Appointment?patient=${seedIdOf('su', episodeNumber(size, 'step_down', i))}&date=ge${yearAgo}`,
      }),
    },
    {
      name: 'create a meeting',
      kind: 'write',
      actor: regional,
      request: (i) => ({
        method: 'POST',
        path: `/api/v1/support-episodes/${seedIdOf('episode', anyEpisodeNumber(size, 'ward_support', i))}/meetings`,
        body: {
          mode: 'face_to_face',
          setting: 'ward',
          plannedStartAt: new Date(Date.now() + 86_400_000 * (1 + (i % 20))).toISOString(),
          plannedDurationMinutes: 45,
        },
      }),
    },
    {
      name: 'record a held meeting',
      kind: 'write',
      actor: regional,
      targets: anyEpisodesAvailable(size, 'ward_support') * 2,
      // The two planned ward meetings (k = 13, 14) of each ward_support episode on site 0.
      request: (i) => {
        const n = anyEpisodeNumber(size, 'ward_support', Math.floor(i / 2));
        const at = new Date(Date.now() - 3_600_000);
        return {
          method: 'POST',
          path: `/api/v1/meetings/${seedIdOf('meeting', `${n}:${13 + (i % 2)}`)}/held`,
          body: {
            actualStartAt: at.toISOString(),
            actualEndAt: new Date(at.getTime() + 45 * 60_000).toISOString(),
            attendees: [{ role: 'service_user' }, { role: 'peer_worker' }],
            record: {
              topics: ['relationship_building'],
              communityConnections: null,
              otherTopic: null,
              endingPreparationDiscussed: false,
            },
          },
        };
      },
    },
    {
      name: 'record a discharge',
      kind: 'write',
      actor: regional,
      targets: anyEpisodesAvailable(size, 'ward_support'),
      request: (i) => ({
        method: 'POST',
        path: `/api/v1/support-episodes/${seedIdOf('episode', anyEpisodeNumber(size, 'ward_support', i))}/discharge`,
        body: { dischargedOn: ymd(new Date()) },
      }),
    },
  ];
}
