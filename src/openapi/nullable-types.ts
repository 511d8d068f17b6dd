import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown> & {
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: unknown[];
};

const STRING_FORMATS = new Set(['uuid', 'date', 'date-time', 'email', 'uri', 'time']);

/**
 * `@ApiProperty({ nullable: true })` on a `string | null` field is reflected as `Object`, so Nest documents
 * it as `type: object` and generators make `Record<string, never> | null` of it. DTOs declare the type
 * (`type: String`, `Number`, `Date` …) beside `nullable: true`; for one that does not, this falls back to
 * inferring it (a string format, a typed example or an `…At` name, else a string) and reports it, and
 * test/integration/openapi-and-client.e2e-spec.ts holds the list of those to the few left (it only shrinks).
 * Returns whether it had to infer.
 */
function typeNullable(name: string, schema: Schema): boolean {
  // OpenAPI 3.0.3: `nullable` does not widen an `enum`, so a nullable enum lists null itself, or a strict
  // validator refuses the null the API sends (a meeting's `cancelledBy` before any cancellation).
  if (schema.nullable && Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum = [...(schema.enum as unknown[]), null]; // a copy: DTOs share their enum arrays
  // A free-form object (audit details, settings) is a map of anything, not an object with no members.
  if (
    schema.type === 'object' &&
    !schema.nullable &&
    !schema.properties &&
    !schema.allOf &&
    schema.additionalProperties === undefined
  )
    schema.additionalProperties = true;
  if (schema.type !== 'object' || !schema.nullable || schema.properties || schema.additionalProperties) return false;
  if (schema.allOf) return false; // `allOf: [$ref]` with `type: object` and `nullable` is already "that schema or null"
  const example = schema.example;
  if (typeof schema.format === 'string' && STRING_FORMATS.has(schema.format)) schema.type = 'string';
  else if (typeof example === 'number') schema.type = Number.isInteger(example) ? 'integer' : 'number';
  else if (typeof example === 'boolean') schema.type = 'boolean';
  else if (typeof example === 'string') schema.type = 'string';
  else if (/At$/.test(name)) Object.assign(schema, { type: 'string', format: 'date-time' });
  else schema.type = 'string';
  return true;
}

/** Types every nullable property of the document's schemas; returns those whose type had to be inferred (`Schema.property`). */
export function typeNullableProperties(document: OpenAPIObject): string[] {
  const inferred: string[] = [];
  const visit = (schema: Schema | undefined, path: string): void => {
    if (!schema || typeof schema !== 'object') return;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (typeNullable(name, property)) inferred.push(`${path}.${name}`);
      visit(property, `${path}.${name}`);
    }
    visit(schema.items, `${path}[]`);
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) visit(schema as Schema, name);
  return inferred;
}
