import type { OperationOutcome } from '@medplum/fhirtypes';

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
