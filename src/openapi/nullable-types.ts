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
 * it as `type: object` and generators make `Record<string, never> | null` of it. Give each such property
 * the type it has: a string format, a typed
 * example or an `…At` name (a timestamp) decide the rest; a nullable field with none of these is a string,
 * the only other kind our DTOs declare without an explicit type.
 */
function typeNullable(name: string, schema: Schema): void {
  // A free-form object (audit details, settings) is a map of anything, not an object with no members.
  if (
    schema.type === 'object' &&
    !schema.nullable &&
    !schema.properties &&
    !schema.allOf &&
    schema.additionalProperties === undefined
  )
    schema.additionalProperties = true;
  if (schema.type !== 'object' || !schema.nullable || schema.properties || schema.additionalProperties) return;
  if (schema.allOf) return; // `allOf: [$ref]` with `type: object` and `nullable` is already "that schema or null"
  const example = schema.example;
  if (typeof schema.format === 'string' && STRING_FORMATS.has(schema.format)) schema.type = 'string';
  else if (typeof example === 'number') schema.type = Number.isInteger(example) ? 'integer' : 'number';
  else if (typeof example === 'boolean') schema.type = 'boolean';
  else if (typeof example === 'string') schema.type = 'string';
  else if (/At$/.test(name)) Object.assign(schema, { type: 'string', format: 'date-time' });
  else schema.type = 'string';
}

export function typeNullableProperties(document: OpenAPIObject): void {
  const visit = (schema: Schema | undefined): void => {
    if (!schema || typeof schema !== 'object') return;
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      typeNullable(name, property);
      visit(property);
    }
    visit(schema.items);
  };
  for (const schema of Object.values(document.components?.schemas ?? {})) visit(schema as Schema);
}
