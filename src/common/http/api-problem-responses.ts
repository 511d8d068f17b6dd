import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiExtraModels, ApiInternalServerErrorResponse } from '@nestjs/swagger';
import { ProblemDetails } from './problem-details';

/** The error responses every endpoint can give, documented once: 400 (naming the field) and 500. */
export function ApiProblemResponses() {
  return applyDecorators(
    ApiExtraModels(ProblemDetails),
    ApiBadRequestResponse({ description: 'Invalid input; `errors` names each field', type: ProblemDetails }),
    ApiInternalServerErrorResponse({ description: 'Unexpected error (no details are exposed)', type: ProblemDetails }),
  );
}
