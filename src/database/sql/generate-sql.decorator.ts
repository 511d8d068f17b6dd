/**
 * `@GenerateSql` marks a repository method whose SQL is written to `src/queries/<file>.sql` by
 * `npm run sql:generate`, so a review shows the queries a change adds or alters (the idea of Immich's
 * committed queries). Each example names the parameters the generator calls the method with; a
 * method with branches gets one example per branch worth reading.
 */
export interface SqlExample {
  /** Shown after the method name when a method has more than one example (e.g. `for a coordinator`). */
  name?: string;
  /** Arguments, in order; the optional trailing EntityManager is left out (the generator's default is used). */
  params: unknown[];
}

export interface RecordedSqlMethod {
  method: string;
  examples: SqlExample[];
}

const examplesByClass = new Map<object, RecordedSqlMethod[]>();

export function GenerateSql(...examples: SqlExample[]): MethodDecorator {
  return (target, propertyKey) => {
    const methods = examplesByClass.get(target.constructor) ?? [];
    methods.push({ method: String(propertyKey), examples: examples.length > 0 ? examples : [{ params: [] }] });
    examplesByClass.set(target.constructor, methods);
  };
}

/** The decorated methods of a repository class, in declaration order. */
export function sqlMethodsOf(repositoryClass: object): RecordedSqlMethod[] {
  return examplesByClass.get(repositoryClass) ?? [];
}

/** Fixed example values, so the generated SQL (and the file) is the same on every run. */
export const DummyValue = {
  UUID: '00000000-0000-4000-8000-000000000001',
  UUID2: '00000000-0000-4000-8000-000000000002',
  DATE: new Date('2026-01-05T09:00:00.000Z'),
  DATE2: new Date('2026-02-02T17:00:00.000Z'),
  DAY: '2026-01-05',
  STRING: 'example',
  EMAIL: 'someone@nhs.test',
  NUMBER: 10,
} as const;
