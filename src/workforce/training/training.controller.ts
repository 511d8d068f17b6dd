import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Access, CurrentActor } from '../../common/auth/access.decorators';
import type { Actor } from '../../common/auth/actor';
import { Role } from '../../common/auth/role';
import { ApiProblemResponses } from '../../common/http/api-problem-responses';
import {
  AssessmentResponse,
  AttendanceResponse,
  CreateAssessmentRequest,
  CreateLocalModuleRequest,
  CreateReflectionRequest,
  CreateTrainingSessionRequest,
  CreateWorkshopRequest,
  ModuleListQuery,
  RecordAttendanceRequest,
  ReflectionResponse,
  SessionListQuery,
  TeamPreparationResponse,
  TrainingModuleResponse,
  TrainingRecordResponse,
  TrainingSessionResponse,
  WorkshopResponse,
} from './dto/training.dto';
import { TeamPreparationService } from './team-preparation.service';
import { TrainingService } from './training.service';

@ApiTags('Training programme')
@Controller()
export class TrainingController {
  constructor(
    private readonly training: TrainingService,
    private readonly teams: TeamPreparationService,
  ) {}

  @Get('training/modules')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({
    summary: 'The training programme: core ENRICH modules, digital competency modules, and a site’s local modules',
  })
  @ApiOkResponse({ type: [TrainingModuleResponse] })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiProblemResponses()
  async modules(@CurrentActor() actor: Actor, @Query() query: ModuleListQuery): Promise<TrainingModuleResponse[]> {
    return (await this.training.modules(actor, query.siteId)).map(TrainingModuleResponse.from);
  }

  @Post('training/modules')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Add a local training module for a site' })
  @ApiCreatedResponse({ type: TrainingModuleResponse })
  @ApiNotFoundResponse({ description: 'No such site among the sites you manage' })
  @ApiConflictResponse({ description: 'A module with that code exists' })
  @ApiProblemResponses()
  async createModule(
    @CurrentActor() actor: Actor,
    @Body() body: CreateLocalModuleRequest,
  ): Promise<TrainingModuleResponse> {
    return TrainingModuleResponse.from(await this.training.createLocalModule(actor, body));
  }

  @Post('training/sessions')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: 'Schedule or record a training session (core modules need an experienced peer worker co-facilitating)',
    description:
      'An experienced peer worker co-deliverer is named by their peer worker record. A session may cover digital peer support competencies (a digital module’s session covers its own); readiness requires those the site lists in requiredDigitalCompetencies.',
  })
  @ApiCreatedResponse({ type: TrainingSessionResponse })
  @ApiNotFoundResponse({ description: 'No such site among the sites you manage' })
  @ApiUnprocessableEntityResponse({
    description:
      'No experienced peer worker co-delivers a core module, a co-deliverer is not an experienced peer worker of the site (`rule` says which), or the module is not this site’s',
  })
  @ApiProblemResponses()
  async createSession(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTrainingSessionRequest,
  ): Promise<TrainingSessionResponse> {
    return TrainingSessionResponse.from(await this.training.createSession(actor, body));
  }

  @Get('training/sessions')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: "A site's training sessions" })
  @ApiOkResponse({ type: [TrainingSessionResponse] })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiProblemResponses()
  async sessions(@CurrentActor() actor: Actor, @Query() query: SessionListQuery): Promise<TrainingSessionResponse[]> {
    return (await this.training.sessions(actor, query.siteId)).map(TrainingSessionResponse.from);
  }

  @Put('training/sessions/:id/attendance')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Record whether a peer worker attended a session' })
  @ApiOkResponse({ type: AttendanceResponse })
  @ApiNotFoundResponse({ description: 'No such session or peer worker on your sites' })
  @ApiUnprocessableEntityResponse({ description: 'The peer worker is on another site' })
  @ApiProblemResponses()
  async attendance(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RecordAttendanceRequest,
  ): Promise<AttendanceResponse> {
    const row = await this.training.recordAttendance(actor, id, body);
    return { sessionId: row.sessionId, peerWorkerId: row.peerWorkerId, attended: row.attended };
  }

  @Post('training/sessions/:id/feedback')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: 'Add feedback on a session, or a reflection (a peer worker may add their own)' })
  @ApiCreatedResponse({ type: ReflectionResponse })
  @ApiNotFoundResponse({ description: 'No such session or peer worker that you may see' })
  @ApiProblemResponses()
  async addReflection(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateReflectionRequest,
  ): Promise<ReflectionResponse> {
    return ReflectionResponse.from(await this.training.addReflection(actor, id, body));
  }

  @Get('training/sessions/:id/feedback')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Feedback and reflections on a session' })
  @ApiOkResponse({ type: [ReflectionResponse] })
  @ApiNotFoundResponse({ description: 'No such session on your sites' })
  @ApiProblemResponses()
  async reflections(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ReflectionResponse[]> {
    return (await this.training.reflections(actor, id)).map(ReflectionResponse.from);
  }

  @Post('training/assessments')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Record an assessment of a peer worker on a module (you are the assessor)' })
  @ApiCreatedResponse({ type: AssessmentResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker on your sites' })
  @ApiConflictResponse({ description: 'module_attended: the peer worker has not attended a session of the module' })
  @ApiProblemResponses()
  async assess(@CurrentActor() actor: Actor, @Body() body: CreateAssessmentRequest): Promise<AssessmentResponse> {
    return AssessmentResponse.from(await this.training.createAssessment(actor, body));
  }

  @Get('peer-workers/:id/training-record')
  @Access(Role.Admin, Role.Coordinator, Role.PeerWorker)
  @ApiOperation({ summary: "A peer worker's training record: each module not started / attended / assessed-passed" })
  @ApiOkResponse({ type: TrainingRecordResponse })
  @ApiNotFoundResponse({ description: 'No such peer worker that you may see' })
  @ApiProblemResponses()
  async trainingRecord(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<TrainingRecordResponse> {
    return this.training.trainingRecord(actor, id);
  }

  @Post('team-preparation-workshops')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Record a team preparation workshop for a ward or community team' })
  @ApiCreatedResponse({ type: WorkshopResponse })
  @ApiNotFoundResponse({ description: 'No such ward or team on your sites' })
  @ApiUnprocessableEntityResponse({
    description: 'Not exactly one team, or not co-delivered by a local appointed peer worker',
  })
  @ApiProblemResponses()
  async workshop(@CurrentActor() actor: Actor, @Body() body: CreateWorkshopRequest): Promise<WorkshopResponse> {
    return WorkshopResponse.from(await this.teams.createWorkshop(actor, body));
  }

  @Get('sites/:siteId/team-preparation')
  @Access(Role.Admin, Role.Coordinator)
  @ApiOperation({ summary: 'Which wards and community teams of a site have been prepared for peer workers' })
  @ApiOkResponse({ type: [TeamPreparationResponse] })
  @ApiNotFoundResponse({ description: 'No such site on your sites' })
  @ApiProblemResponses()
  async teamPreparation(
    @CurrentActor() actor: Actor,
    @Param('siteId', ParseUUIDPipe) siteId: string,
  ): Promise<TeamPreparationResponse[]> {
    return this.teams.teamPreparation(actor, siteId);
  }
}
