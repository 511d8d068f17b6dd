import { ApiProperty } from '@nestjs/swagger';
import { ALL_SCOPES } from './scopes';

/** The client-credentials token request (RFC 6749 §4.4.2), form-encoded or JSON. */
export class ClientCredentialsTokenRequest {
  @ApiProperty({ example: 'client_credentials', enum: ['client_credentials'] })
  grant_type: 'client_credentials';

  @ApiProperty({
    required: false,
    example: 'system/*.read events.subscribe',
    description: 'Space-separated; omitted means every scope the client was granted',
  })
  scope?: string;

  @ApiProperty({
    required: false,
    example: 'epr-north-riverside-4c1e9d51',
    description: 'client_secret_post only; with HTTP Basic, leave it out',
  })
  client_id?: string;

  @ApiProperty({
    required: false,
    example: 'Jx9cP2…',
    description: 'client_secret_post only; with HTTP Basic, leave it out',
  })
  client_secret?: string;
}

/** RFC 6749 §5.1 access token response. */
export class OAuthTokenResponse {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIs…' }) access_token: string;
  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] }) token_type: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expires_in: number;
  @ApiProperty({
    example: 'system/*.read ward-events.write events.subscribe',
    description: 'The scopes granted, space-separated',
  })
  scope: string;
}

/** RFC 6749 §5.2 error response. */
export class OAuthErrorResponse {
  @ApiProperty({
    enum: [
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
    ],
    example: 'invalid_client',
  })
  error: string;

  @ApiProperty({ example: 'The client id or secret is not right, or the client is not active' })
  error_description: string;
}

/** RFC 8414 authorization server metadata (only what a client-credentials server has). */
export class AuthorizationServerMetadata {
  @ApiProperty({ example: 'https://enrich.example.nhs.uk' }) issuer: string;
  @ApiProperty({ example: 'https://enrich.example.nhs.uk/api/v1/auth/token' }) token_endpoint: string;
  @ApiProperty({ type: [String], example: ['client_secret_basic', 'client_secret_post'] })
  token_endpoint_auth_methods_supported: string[];
  @ApiProperty({ type: [String], example: ['client_credentials'] }) grant_types_supported: string[];
  @ApiProperty({ type: [String], example: [], description: 'Empty: there is no authorization endpoint' })
  response_types_supported: string[];
  @ApiProperty({ type: [String], enum: ALL_SCOPES, example: ALL_SCOPES }) scopes_supported: string[];
  @ApiProperty({ example: 'https://enrich.example.nhs.uk/docs' }) service_documentation: string;
}
