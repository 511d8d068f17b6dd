import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';

/** Document one error response as application/problem+json. */
export function ApiProblem(status: number, description: string) {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ApiResponse({
      status,
      description,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetails) } } },
    }),
  );
}

/** The error responses every endpoint can give, documented once: 400 (naming the field) and 500. */
export function ApiProblemResponses() {
  return applyDecorators(
    ApiProblem(400, 'Invalid input; `errors` names each offending field'),
    ApiProblem(500, 'Unexpected error (no details are exposed; quote the requestId)'),
  );
}
