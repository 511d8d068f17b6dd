import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { OPENAPI_FILE, REPOSITORY_ROOT } from '../../src/openapi/openapi-file';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  minimum?: number;
};

const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};
const resolve = (ref: string) => document.components.schemas[ref.split('/').pop()!];

/** A request built from the document alone: every property, from its example (or its type when it has none). */
function sample(schema: Schema, depth = 0): unknown {
  if (schema.$ref) return sample(resolve(schema.$ref), depth);
  if (schema.allOf?.[0]) return schema.example !== undefined ? schema.example : sample(schema.allOf[0], depth);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid'
        ? '00000000-0000-4000-8000-000000000000'
        : schema.format === 'date'
          ? '2026-12-01'
          : schema.format === 'date-time'
            ? '2026-12-01T09:00:00.000Z'
            : 'text';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.items && depth < 4 ? [sample(schema.items, depth + 1)] : [];
    default:
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sample(property, depth + 1)]),
      );
  }
}

function compileStrict(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
    types: [],
    exactOptionalPropertyTypes: false,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('The committed typed client under tsc --strict', () => {
  const writeBodies = Object.values(document.paths)
    .flatMap((item) =>
      ['post', 'put', 'patch'].map((method) => item[method]?.requestBody?.content?.['application/json']?.schema?.$ref),
    )
    .filter((ref): ref is string => Boolean(ref));
  const names = [...new Set(writeBodies.map((ref) => ref.split('/').pop()!))].sort();

  it('types every nullable property as its type or null, never as an empty object', () => {
    const client = readFileSync(join(REPOSITORY_ROOT, 'client', 'schema.d.ts'), 'utf8');
    expect(client.match(/Record<string, never> \| null/g) ?? []).toEqual([]);
  });

  it('finds the write DTOs of the document', () => {
    expect(names.length).toBeGreaterThan(30);
    expect(names).toContain('UpdatePeerWorkerRequest');
  });

  it("accepts a request for every write DTO built from its documented examples, and an integrator's usage file", () => {
    const folder = mkdtempSync(join(tmpdir(), 'enrich-typed-client-'));
    try {
      const client = join(REPOSITORY_ROOT, 'client', 'schema').replace(/\\/g, '/');
      const lines = [
        `import type { components } from '${client}';`,
        ...names.map(
          (name) =>
            `export const ${name}: components['schemas']['${name}'] = ${JSON.stringify(sample(document.components.schemas[name]))};`,
        ),
      ];
      const generated = join(folder, 'every-write-request.ts');
      writeFileSync(generated, `${lines.join('\n')}\n`);
      writeFileSync(join(folder, 'package.json'), '{"type":"commonjs"}');
      const problems = compileStrict([
        generated,
        join(REPOSITORY_ROOT, 'test', 'integration', 'typed-client', 'peer-worker-update.ts'),
      ]);
      expect(problems).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('can fail: a nullable field given an object is refused', () => {
    const folder = mkdtempSync(join(tmpdir(), 'enrich-typed-client-'));
    try {
      const file = join(folder, 'wrong.ts');
      writeFileSync(
        file,
        `import type { components } from '${join(REPOSITORY_ROOT, 'client', 'schema')}';\nexport const x: components['schemas']['UpdatePeerWorkerRequest'] = { gender: { nested: true } };\n`,
      );
      writeFileSync(join(folder, 'package.json'), '{"type":"commonjs"}');
      expect(compileStrict([file]).join('\n')).toContain("is not assignable to type 'string'");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
