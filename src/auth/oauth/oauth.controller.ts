import { Body, Controller, Get, Header, HttpCode, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/access.decorators';
import type { Environment } from '../../config/environment';
import { AuthService } from '../auth.service';
import { LoginThrottlerGuard } from '../login-throttler.guard';
import { readTokenRequest } from './client-authentication';
import {
  AuthorizationServerMetadata,
  ClientCredentialsTokenRequest,
  OAuthErrorResponse,
  OAuthTokenResponse,
} from './oauth.dto';
import { OAuthErrorFilter } from './oauth-error';
import { ALL_SCOPES } from './scopes';

export const TOKEN_PATH = '/api/v1/auth/token';

const oauthError = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: { $ref: getSchemaPath(OAuthErrorResponse) } } },
  });

/** OAuth 2.0 client credentials (RFC 6749 §4.4, bearer tokens per RFC 6750) and its discovery document (RFC 8414). */
@ApiTags('Authentication')
@ApiExtraModels(OAuthErrorResponse)
@Controller()
export class OAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  @Post('auth/token')
  @HttpCode(200)
  @Public() // The client's credentials are the authentication (HTTP Basic or in the body).
  @UseGuards(LoginThrottlerGuard)
  @UseFilters(OAuthErrorFilter)
  @Header('cache-control', 'no-store')
  @Header('pragma', 'no-cache')
  @ApiOperation({
    summary: 'OAuth 2.0 client-credentials token for an integration client (NHS system)',
    description:
      'RFC 6749 §4.4. Send grant_type=client_credentials form-encoded (or as JSON), authenticating with HTTP Basic ' +
      '(client_secret_basic, e.g. `curl -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials`) or with client_id and ' +
      'client_secret in the body (client_secret_post). Errors are RFC 6749 §5.2 JSON (error, error_description); ' +
      'invalid_client is 401 with a WWW-Authenticate challenge. Discovery: /.well-known/oauth-authorization-server.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: ClientCredentialsTokenRequest })
  @ApiOkResponse({ type: OAuthTokenResponse })
  @oauthError(400, 'invalid_request, unsupported_grant_type or invalid_scope')
  @oauthError(401, 'invalid_client: unknown client, wrong secret or inactive client')
  @oauthError(429, 'Too many attempts; wait a minute')
  async token(@Body() body: Record<string, unknown>, @Req() request: FastifyRequest): Promise<OAuthTokenResponse> {
    return this.auth.clientCredentials(readTokenRequest(body, request.headers.authorization), String(request.id));
  }

  @Get('.well-known/oauth-authorization-server')
  @Public() // Discovery comes before authentication (RFC 8414).
  @ApiOperation({ summary: 'OAuth 2.0 authorization server metadata (RFC 8414)' })
  @ApiOkResponse({ type: AuthorizationServerMetadata })
  metadata(): AuthorizationServerMetadata {
    const base = this.config.get('PUBLIC_BASE_URL', { infer: true });
    return {
      issuer: base,
      token_endpoint: `${base}${TOKEN_PATH}`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      grant_types_supported: ['client_credentials'],
      response_types_supported: [],
      scopes_supported: ALL_SCOPES,
      service_documentation: `${base}/docs`,
    };
  }
}
