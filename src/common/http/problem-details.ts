import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are relative references into the API's own documentation (RFC 9457 §3.1.1). */
export const problemType = (slug: string) => `/problems/${slug}`;

export class FieldProblem {
  @ApiProperty({ example: 'email', description: 'Path of the offending field (dots and [index] for nesting)' })
  field: string;

  @ApiProperty({ example: ['email must be an email'], type: [String] })
  messages: string[];
}

/** RFC 9457 problem document, the body of every error response. */
export class ProblemDetails {
  @ApiProperty({ example: '/problems/validation-error' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'email must be an email' })
  detail: string;

  @ApiProperty({ example: '/api/v1/users' })
  instance: string;

  @ApiProperty({ example: '6f1c3f0e-1d4f-4c1e-9d51-8d0c2a5b7a11', description: 'The X-Request-Id of the request' })
  requestId: string;

  @ApiPropertyOptional({ type: [FieldProblem], description: 'For validation problems: each offending field' })
  errors?: FieldProblem[];

  @ApiPropertyOptional({
    example: 'interview_panel_includes_peer_worker',
    description: 'For refused transitions: the rule',
  })
  rule?: string;
}
