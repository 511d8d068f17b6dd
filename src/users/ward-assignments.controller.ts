import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../common/auth/access.decorators';
import type { Actor } from '../common/auth/actor';
import { Role } from '../common/auth/role';
import { ApiProblemResponses } from '../common/http/api-problem-responses';
import { WardAssignmentsResponse } from './dto/ward-assignment.dto';
import { WardAssignmentsService } from './ward-assignments.service';

@ApiTags('Users')
@Controller('users/:userId/wards')
export class WardAssignmentsController {
  constructor(private readonly assignments: WardAssignmentsService) {}

  @Put(':wardId')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Assign a ward-staff user to a ward',
    description: 'Ward staff see the service users on the wards they are assigned to.',
  })
  @ApiOkResponse({ type: WardAssignmentsResponse })
  @ApiNotFoundResponse({ description: 'No such user or ward on your sites' })
  @ApiUnprocessableEntityResponse({ description: 'The user is not ward staff, or does not work on the ward’s site' })
  @ApiProblemResponses()
  async assign(
    @CurrentActor() actor: Actor,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Param('wardId', ParseUUIDPipe) wardId: string,
  ): Promise<WardAssignmentsResponse> {
    return { userId, wardIds: await this.assignments.assign(actor, userId, wardId) };
  }

  @Delete(':wardId')
  @HttpCode(200)
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Take a ward-staff user off a ward' })
  @ApiOkResponse({ type: WardAssignmentsResponse })
  @ApiNotFoundResponse({ description: 'No such user on your sites, or not assigned to that ward' })
  @ApiProblemResponses()
  async unassign(
    @CurrentActor() actor: Actor,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Param('wardId', ParseUUIDPipe) wardId: string,
  ): Promise<WardAssignmentsResponse> {
    return { userId, wardIds: await this.assignments.unassign(actor, userId, wardId) };
  }

  @Get()
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'The wards a ward-staff user works on' })
  @ApiOkResponse({ type: WardAssignmentsResponse })
  @ApiNotFoundResponse({ description: 'No such user on your sites' })
  @ApiProblemResponses()
  async list(
    @CurrentActor() actor: Actor,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<WardAssignmentsResponse> {
    return { userId, wardIds: await this.assignments.list(actor, userId) };
  }
}
