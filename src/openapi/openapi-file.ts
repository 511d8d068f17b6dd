import type { OpenAPIObject } from '@nestjs/swagger';
import { join } from 'node:path';

/** Where the committed document and the generated client live, at the repository root. */
export const REPOSITORY_ROOT = join(
  __dirname,
  '..',
  '..',
  ...(__dirname.includes(`${join('dist', 'src')}`) ? ['..'] : []),
);
export const OPENAPI_FILE = join(REPOSITORY_ROOT, 'openapi.json');

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The document as committed: keys sorted at every level, two-space indent, final newline. Stable across runs. */
export function renderOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}
