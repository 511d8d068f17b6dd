import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { IfMatchVersion } from '../common/http/etag';
import { PageQuery } from '../common/pagination/page';
import { ResponseNotKept } from '../idempotency/idempotency.interceptor';
import {
  CreateUserRequest,
  PasswordResetIssuedResponse,
  UpdateUserRequest,
  UserPage,
  UserResponse,
} from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('Users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Create a user',
    description: 'Admins create anyone; coordinators create peer workers and ward staff on their own sites.',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiConflictResponse({ description: 'The email is taken' })
  @ApiUnprocessableEntityResponse({ description: 'A named site does not exist' })
  @ApiProblemResponses()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateUserRequest): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(actor, body));
  }

  @Get()
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'List users: all for admins, those on your sites for coordinators' })
  @ApiOkResponse({ type: UserPage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<UserPage> {
    const page = await this.users.list(actor, query);
    return { items: page.items.map(UserResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Read a user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user on your sites' })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(actor, id));
  }

  @Patch(':id')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Change a user (roles, sites, active; your own password); send If-Match with the ETag you read',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user on your sites' })
  @ApiPreconditionFailedResponse({ description: 'If-Match names a stale version' })
  @ApiProblemResponses()
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateUserRequest,
    @IfMatchVersion() expectedVersion?: number,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(actor, id, body, expectedVersion));
  }

  @Post(':id/password-reset')
  @Access(Role.Admin)
  @ResponseNotKept() // The token is shown once: never stored for an idempotent replay.
  @ApiOperation({
    summary: 'Issue a one-time password reset for a user (admins only)',
    description:
      'Nobody sets another person’s password. An admin issues a reset token, shown once in this answer, and ' +
      'gives it to the person, who sets their own password with it (POST /auth/password-reset) and so ends every ' +
      'session of the account. It expires after PASSWORD_RESET_TTL_SECONDS; a newer reset spends the older one.',
  })
  @ApiCreatedResponse({ type: PasswordResetIssuedResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiUnprocessableEntityResponse({ description: 'The account is not active' })
  @ApiProblemResponses()
  async issuePasswordReset(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PasswordResetIssuedResponse> {
    return Object.assign(new PasswordResetIssuedResponse(), await this.users.issuePasswordReset(actor, id));
  }
}
