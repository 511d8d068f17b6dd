import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
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
import { ConsentResponse, RecordConsentRequest, WithdrawConsentRequest } from './dto/consent.dto';
import {
  MatchingPreferenceDto,
  MatchingPreferencesRequest,
  MatchingPreferencesResponse,
} from './dto/matching-preference.dto';
import {
  CreateServiceUserRequest,
  ServiceUserPage,
  ServiceUserResponse,
  UpdateServiceUserRequest,
} from './dto/service-user.dto';
import { ServiceUsersService } from './service-users.service';

const READERS = [Role.Admin, Role.Coordinator, Role.WardStaff, Role.PeerWorker, Role.Integration] as const;
const NOT_IN_SCOPE = 'No such service user within your scope (existence is not revealed)';

@ApiTags('Service users')
@Controller('service-users')
export class ServiceUsersController {
  constructor(private readonly serviceUsers: ServiceUsersService) {}

  @Post()
  @Access(Role.Admin, Role.Coordinator, Role.Integration)
  @ApiOperation({
    summary: 'Register a service user',
    description: 'The NHS number is validated (Modulus 11) and stored without spaces; it is unique.',
  })
  @ApiCreatedResponse({ type: ServiceUserResponse })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiConflictResponse({ description: 'A service user with this NHS number exists' })
  @ApiUnprocessableEntityResponse({ description: 'Date of birth in the future, or a ward of another site' })
  @ApiProblemResponses()
  async register(@CurrentActor() actor: Actor, @Body() body: CreateServiceUserRequest): Promise<ServiceUserResponse> {
    return ServiceUserResponse.from(await this.serviceUsers.register(actor, body));
  }

  @Get()
  @Access(...READERS)
  @ApiOperation({
    summary: 'List the service users within your scope',
    description: 'Coordinators and integration clients: their sites. Ward staff: their wards.',
  })
  @ApiOkResponse({ type: ServiceUserPage })
  @ApiProblemResponses()
  async list(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<ServiceUserPage> {
    const page = await this.serviceUsers.list(actor, query);
    return { items: page.items.map(ServiceUserResponse.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Access(...READERS)
  @ApiOperation({ summary: 'Read a service user' })
  @ApiOkResponse({ type: ServiceUserResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ServiceUserResponse> {
    return ServiceUserResponse.from(await this.serviceUsers.get(actor, id));
  }

  @Patch(':id')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff, Role.Integration)
  @ApiOperation({ summary: 'Correct a service user’s details (send If-Match with the ETag you read)' })
  @ApiOkResponse({ type: ServiceUserResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiPreconditionFailedResponse({ description: 'If-Match names a stale version' })
  @ApiUnprocessableEntityResponse({ description: 'Date of birth in the future, or a ward of another site' })
  @ApiProblemResponses()
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateServiceUserRequest,
    @IfMatchVersion() expectedVersion?: number,
  ): Promise<ServiceUserResponse> {
    return ServiceUserResponse.from(await this.serviceUsers.update(actor, id, body, expectedVersion));
  }

  @Post(':id/consents')
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff)
  @ApiOperation({
    summary: 'Record a consent (peer support, or separately research)',
    description: 'Recorded with the date, the information sheet version and who recorded it.',
  })
  @ApiCreatedResponse({ type: ConsentResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiUnprocessableEntityResponse({ description: 'A date in the future' })
  @ApiProblemResponses()
  async recordConsent(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordConsentRequest,
  ): Promise<ConsentResponse> {
    return ConsentResponse.from(await this.serviceUsers.recordConsent(actor, id, body));
  }

  @Get(':id/consents')
  @Access(...READERS)
  @ApiOperation({ summary: 'A service user’s consents, withdrawn ones included' })
  @ApiOkResponse({ type: [ConsentResponse] })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async consents(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ConsentResponse[]> {
    return (await this.serviceUsers.consents(actor, id)).map(ConsentResponse.from);
  }

  @Post(':id/consents/:consentId/withdrawal')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator, Role.WardStaff)
  @ApiOperation({
    summary: 'Record that a consent was withdrawn (consent is live: it takes effect at once)',
    description:
      'The consent record is kept; the withdrawal (date, who recorded it) is added to it, and its effects follow in ' +
      'the same transaction. **Peer support**: once no consent to peer support is in force, the service user’s open ' +
      'support episode ends with `endingReason` `consent_withdrawn` (recorded in its history with who and why): the ' +
      'pairings close, outstanding planned contacts and every planned meeting are cancelled, so no reminder goes out ' +
      'for them, and `episode.ended` is published. An episode allocated to usual care stays open (it is not peer ' +
      'support; its follow-up rests on research consent). **Research**: the person leaves every research extract ' +
      'taken from the withdrawal date on; care records are kept. With no open episode the withdrawal is only recorded. ' +
      'Every effect is audited.',
  })
  @ApiOkResponse({ type: ConsentResponse })
  @ApiNotFoundResponse({ description: `${NOT_IN_SCOPE}; or no consent with this id for this service user` })
  @ApiConflictResponse({ description: 'Already withdrawn (`consent_already_withdrawn`)' })
  @ApiUnprocessableEntityResponse({ description: 'Withdrawn before it was given, or in the future' })
  @ApiProblemResponses()
  async withdrawConsent(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('consentId', ParseUUIDPipe) consentId: string,
    @Body() body: WithdrawConsentRequest,
  ): Promise<ConsentResponse> {
    return ConsentResponse.from(await this.serviceUsers.withdrawConsent(actor, id, consentId, body));
  }

  @Put(':id/matching-preferences')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Record the preferences said at the preference meeting (replaces the set)' })
  @ApiOkResponse({ type: MatchingPreferencesResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async replacePreferences(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MatchingPreferencesRequest,
  ): Promise<MatchingPreferencesResponse> {
    const preferences = await this.serviceUsers.replacePreferences(actor, id, body);
    return { serviceUserId: id, preferences: preferences.map(MatchingPreferenceDto.from) };
  }

  @Get(':id/matching-preferences')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: 'The preferences a service user expressed for their peer worker' })
  @ApiOkResponse({ type: MatchingPreferencesResponse })
  @ApiNotFoundResponse({ description: NOT_IN_SCOPE })
  @ApiProblemResponses()
  async preferences(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MatchingPreferencesResponse> {
    const preferences = await this.serviceUsers.preferences(actor, id);
    return { serviceUserId: id, preferences: preferences.map(MatchingPreferenceDto.from) };
  }
}
