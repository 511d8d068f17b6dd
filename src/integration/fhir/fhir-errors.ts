import type { OperationOutcome } from '@medplum/fhirtypes';
import { UK_CORE_PROFILE } from './fhir-vocabulary';

type IssueType = OperationOutcome['issue'][number]['code'];

/** An error the FHIR interface answers with an OperationOutcome: the HTTP status and the FHIR issue type. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly code: IssueType,
    message: string,
    /** The search parameter or element at fault, as an OperationOutcome expression. */
    readonly expression?: string,
  ) {
    super(message);
  }
}

export const unknownResource = (type: string, id: string) =>
  new FhirError(404, 'not-found', `${type}/${id} is not known`);
export const invalidSearch = (parameter: string, message: string) => new FhirError(400, 'invalid', message, parameter);

export function operationOutcome(code: IssueType, diagnostics: string, expression?: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    meta: { profile: [UK_CORE_PROFILE('OperationOutcome')] },
    issue: [
      {
        severity: code === 'informational' ? 'information' : 'error',
        code,
        diagnostics,
        ...(expression ? { expression: [expression] } : {}),
      },
    ],
  };
}

/** Whether a path segment names an operation (`$everything`, or `%24everything` as some clients encode it). */
export const namesOperation = (segment: string) => segment.startsWith('$') || segment.toLowerCase().startsWith('%24');

/** An operation (`$everything`, `$validate` …): none is supported. */
export function unsupportedOperation(segment: string): FhirError {
  let name = segment;
  try {
    name = decodeURIComponent(segment);
  } catch {
    // Left as sent.
  }
  return new FhirError(
    404,
    'not-supported',
    `Operation ${name} is not supported: this server offers read and search only; see /fhir/r4/metadata`,
  );
}

/**
 * The answer to a request under /fhir/r4 that no route serves (a deeper path, an unknown interaction, another
 * HTTP method): an operation is 404 not-supported, any other GET or HEAD is 404 not-supported, any other method
 * 405 not-supported (FHIR R4 §3.1.0.4: read-only server).
 */
export function unmatchedFhirRequest(method: string, url: string): FhirError {
  const path = url.split('?')[0];
  const operation = path.split('/').find(namesOperation);
  if (operation) return unsupportedOperation(operation);
  if (method === 'GET' || method === 'HEAD')
    return new FhirError(
      404,
      'not-supported',
      `${path.slice(0, 200)} is not an interaction this server supports: read is [type]/[id], search is [type]?… or POST [type]/_search; see /fhir/r4/metadata`,
    );
  return new FhirError(
    405,
    'not-supported',
    `${method} is not supported here: this FHIR server is read-only (read and search); see /fhir/r4/metadata`,
  );
}
