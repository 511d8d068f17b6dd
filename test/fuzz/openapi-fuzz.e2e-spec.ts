import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/common/auth/role';
import { TestApp } from '../support/test-app';

/**
 * An OpenAPI-driven fuzzer: for every operation in openapi.json, requests built from its declared path,
 * query and body fields filled with hostile values (NUL, lone surrogates, control and zero-width
 * characters, huge and negative numbers, deep nesting, zone-less date-times, year 9999 …) or with the
 * documented example. Whatever arrives, the answer is never a 5xx, every error is problem+json
 * (an OperationOutcome under /fhir), and a refused write changes no row.
 *
 * Bounded in `npm test` (FUZZ_RUNS per operation, default 3); `npm run fuzz` runs it longer.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
jest.setTimeout(Math.max(120_000, RUNS * 60_000));

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; example?: unknown }[];
  bodyFields: Record<string, unknown>;
  hasBody: boolean;
}

type Json = Record<string, unknown>;

const HOSTILE_STRINGS = [
  '\u0000',
  'Jo\u0000Bloggs',
  'jo\uD800@nhs.test',
  '\uDC00',
  '   ',
  '\u200B\u200D\uFEFF',
  'line\u0007bell',
  '\u001b[31mred',
  '9999-12-31',
  '0001-01-01',
  '2026-01-01T10:00:00',
  '2026-02-30',
  '0000000000',
  "'; DROP TABLE users; --",
  '../../etc/passwd',
  '%00',
  '{"$gt":""}',
  'x'.repeat(10_000),
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '00000000-0000-0000-0000-000000000000',
];

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const deep = (levels: number) => JSON.parse('['.repeat(levels) + ']'.repeat(levels)) as unknown;
const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.constantFrom(0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308, -0.5),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(deep(40), deep(1500)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
}));

function resolve(document: Json, schema: Json | undefined): Json | undefined {
  if (!schema) return undefined;
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  return ref
    .split('/')
    .slice(1)
    .reduce<any>((node, part) => node?.[part], document) as Json;
}

function operationsOf(document: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = ((op.parameters as Json[] | undefined) ?? [])
        .map((p) => resolve(document, p)!)
        .filter((p) => p.in === 'path' || p.in === 'query')
        .map((p) => ({
          name: String(p.name),
          in: String(p.in),
          example: p.example ?? (p.schema as Json | undefined)?.example,
        }));
      const bodySchema = resolve(
        document,
        ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json']
          ?.schema as Json | undefined,
      );
      const properties = (bodySchema?.properties as Record<string, Json> | undefined) ?? {};
      const bodyFields = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, (resolve(document, v) ?? v).example]),
      );
      operations.push({ method: method.toUpperCase(), path, params, bodyFields, hasBody: !!op.requestBody });
    }
  }
  return operations;
}

function requestFor(op: Operation, known: string[]) {
  const pathValue = fc.oneof(fc.uuid(), fc.constantFrom(...known), hostileString);
  const queryValue = fc.oneof(hostileString, fc.integer().map(String));
  const field = (example: unknown) =>
    example === undefined ? hostileValue : fc.oneof(fc.constant(example), hostileValue);
  const body = fc.oneof(
    fc.record(Object.fromEntries(Object.entries(op.bodyFields).map(([k, example]) => [k, field(example)])), {
      requiredKeys: [],
    }),
    fc
      .tuple(
        fc.record(Object.fromEntries(Object.entries(op.bodyFields).map(([k, example]) => [k, field(example)])), {
          requiredKeys: [],
        }),
        fc.string({ maxLength: 10 }),
        hostileValue,
      )
      .map(([b, k, v]) => ({ ...b, [k]: v })),
    hostileValue,
  );
  return fc.record({
    path: fc.record(Object.fromEntries(op.params.filter((p) => p.in === 'path').map((p) => [p.name, pathValue]))),
    query: fc.record(Object.fromEntries(op.params.filter((p) => p.in === 'query').map((p) => [p.name, queryValue])), {
      requiredKeys: [],
    }),
    body: op.hasBody ? body : fc.constant(undefined),
  });
}

/** A lone surrogate cannot be percent-encoded as UTF-8: send the bytes a client would (the replacement character). */
const wellFormed = (value: string) =>
  value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
const encodePathValue = (value: string) => encodeURIComponent(wellFormed(value));

describe('OpenAPI-driven fuzzing: hostile requests to every operation', () => {
  let t: TestApp;
  let known: string[];
  const document = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as Json;

  beforeAll(async () => {
    t = await TestApp.start();
    const siteId = await t.createSite();
    const coordinator = await t.createUser([Role.Coordinator], [siteId]);
    known = [siteId, coordinator.id];
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Rows in every table but the audit trail (which records refusals on purpose). */
  async function rowCounts(): Promise<string> {
    const tables: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('audit_events', 'typeorm_migrations') ORDER BY table_name`,
    );
    const counts = await t.dataSource.query(
      tables.map((r) => `SELECT '${r.table_name}' AS t, count(*)::int AS n FROM "${r.table_name}"`).join(' UNION ALL '),
    );
    return JSON.stringify(counts);
  }

  it(`answers ${RUNS} hostile requests per operation without a 5xx, with problem+json errors, and changes nothing when it refuses`, async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let sent = 0;
    let refusedWrites = 0;
    for (const [index, op] of operations.entries()) {
      // Signing out and sign-in are exercised, but not with the admin's own session.
      const samples = fc.sample(requestFor(op, known), { numRuns: RUNS, seed: SEED + index });
      for (const sample of samples) {
        const url =
          op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodePathValue(String((sample.path as Record<string, unknown>)[name])),
          ) +
          (Object.keys(sample.query).length
            ? `?${new URLSearchParams(Object.fromEntries(Object.entries(sample.query as Record<string, string>).map(([k, v]) => [k, wellFormed(String(v))]))).toString()}`
            : '');
        const isWrite = op.method !== 'GET';
        const before = isWrite ? await rowCounts() : '';
        const response = await t.app.inject({
          method: op.method as 'GET',
          url,
          headers: {
            authorization: `Bearer ${t.adminToken}`,
            ...(sample.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(sample.body !== undefined ? { payload: JSON.stringify(sample.body) } : {}),
        });
        sent++;
        const where = `${op.method} ${op.path} → ${response.statusCode}`;
        if (response.statusCode >= 500)
          failures.push(
            `${where}: ${response.body.slice(0, 300)} (sent ${url.slice(0, 200)} ${JSON.stringify(sample.body)?.slice(0, 200)})`,
          );
        if (response.statusCode >= 400) {
          const type = String(response.headers['content-type']);
          // OAuth token errors are application/json by RFC 6749 §5.2 ({"error": "invalid_request", …}).
          const expected = op.path.startsWith('/fhir/')
            ? 'application/fhir+json'
            : op.path === '/api/v1/auth/token'
              ? 'application/json'
              : 'application/problem+json';
          if (!type.includes(expected)) failures.push(`${where}: content-type ${type}`);
          if (isWrite && response.statusCode !== 401 && response.statusCode !== 429) {
            refusedWrites++;
            if ((await rowCounts()) !== before) failures.push(`${where}: a refused write changed rows`);
          }
        }
      }
    }
    // Kept in the log for the docs' figures.
    process.stdout.write(
      `fuzz: ${operations.length} operations, ${sent} requests, ${refusedWrites} refused writes checked, ${failures.length} failures\n`,
    );
    expect(failures).toEqual([]);
  });
});
