import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentActor, Public } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { ALL_ROLES, Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { ProblemDetails } from '../common/http/problem-details';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import {
  CreatedIntegrationClientResponse,
  CreateIntegrationClientRequest,
  IntegrationClientResponse,
  LoginRequest,
  MeResponse,
  PasswordChangeRequest,
  PasswordResetRequest,
  RefreshRequest,
  TokenResponse,
} from './dto/auth.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('Authentication')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public() // Signing in is how a token is obtained.
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description: 'Returns a short-lived access token and a refresh token.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password, or inactive account', type: ProblemDetails })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; wait a minute', type: ProblemDetails })
  @ApiProblemResponses()
  async login(@Body() body: LoginRequest, @Req() request: FastifyRequest): Promise<TokenResponse> {
    return this.auth.signIn(body.email, body.password, String(request.id));
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Public() // The refresh token is the credential.
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({ summary: 'Exchange a refresh token for a new access token (the refresh token rotates)' })
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused refresh token', type: ProblemDetails })
  @ApiProblemResponses()
  async refresh(@Body() body: RefreshRequest, @Req() request: FastifyRequest): Promise<TokenResponse> {
    return this.auth.refresh(body.refreshToken, String(request.id));
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Public() // The refresh token is the credential; signing out an unknown token is a no-op.
  @ApiOperation({ summary: 'Sign out: revoke the refresh token and every token rotated from the same sign-in' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiProblemResponses()
  async logout(@Body() body: RefreshRequest): Promise<void> {
    await this.auth.signOut(body.refreshToken);
  }

  @Post('auth/password-reset')
  @HttpCode(204)
  @Public() // The one-time reset token is the credential.
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary: 'Set a new password with the one-time reset token an admin issued',
    description:
      'Spends the token, sets the password and ends every session of the account: access tokens issued before ' +
      'stop working and refresh tokens are revoked. An unknown, expired, already used or replaced token is 400 ' +
      'and changes nothing.',
  })
  @ApiNoContentResponse({ description: 'Password set; sign in with it' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts; wait a minute', type: ProblemDetails })
  @ApiProblemResponses()
  async resetPassword(@Body() body: PasswordResetRequest): Promise<void> {
    await this.users.redeemPasswordReset(body.token, body.newPassword);
  }

  @Post('auth/password')
  @HttpCode(204)
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker, Role.WardStaff)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({
    summary: 'Change your own password (give the current one); every session of the account ends, this one too',
    description: 'A wrong currentPassword, or a newPassword under 12 characters, is 400 problem+json naming the field.',
  })
  @ApiNoContentResponse({ description: 'Password changed; sign in again with it' })
  @ApiProblemResponses()
  async changePassword(@CurrentActor() actor: Actor, @Body() body: PasswordChangeRequest): Promise<void> {
    await this.users.changeOwnPassword(actor, body.currentPassword, body.newPassword);
  }

  @Get('auth/me')
  @Access(...ALL_ROLES)
  @ApiOperation({ summary: 'Who am I: the caller as the API sees them' })
  @ApiOkResponse({ type: MeResponse })
  @ApiProblemResponses()
  me(@CurrentActor() actor: Actor): MeResponse {
    return { id: actor.id, kind: actor.kind, roles: actor.roles, siteIds: actor.siteIds };
  }

  @Post('integration-clients')
  @Access(Role.Admin)
  @ApiOperation({ summary: 'Register an integration client; its secret is shown once' })
  @ApiCreatedResponse({ type: CreatedIntegrationClientResponse })
  @ApiUnprocessableEntityResponse({ description: 'A named site does not exist', type: ProblemDetails })
  @ApiProblemResponses()
  async createClient(
    @CurrentActor() actor: Actor,
    @Body() body: CreateIntegrationClientRequest,
  ): Promise<CreatedIntegrationClientResponse> {
    const { client, secret } = await this.auth.createIntegrationClient(actor, body);
    return { ...IntegrationClientResponse.of(client), clientSecret: secret };
  }

  @Get('integration-clients')
  @Access(Role.Admin)
  @ApiOperation({ summary: 'List integration clients (never their secrets)' })
  @ApiOkResponse({ type: [IntegrationClientResponse] })
  @ApiProblemResponses()
  async listClients(): Promise<IntegrationClientResponse[]> {
    return (await this.auth.listIntegrationClients()).map(IntegrationClientResponse.of);
  }
}
