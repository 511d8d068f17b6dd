import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DIGITAL_COMPETENCIES, type DigitalCompetency } from '../../../common/vocabulary/digital-competencies';
import type { TeamPreparationWorkshop } from '../entities/team-preparation-workshop.entity';
import type { TrainingAssessment } from '../entities/training-assessment.entity';
import type { TrainingModule } from '../entities/training-module.entity';
import type { TrainingReflection } from '../entities/training-reflection.entity';
import type { TrainingSession } from '../entities/training-session.entity';
import {
  ASSESSMENT_METHODS,
  ASSESSMENT_OUTCOMES,
  type AssessmentMethod,
  type AssessmentOutcome,
  type Facilitator,
  FACILITATOR_ROLES,
  type FacilitatorRole,
  type ModuleKind,
  type ModuleProgress,
  type ModuleSource,
} from '../training-catalogue';

export class ModuleListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Include this site's local modules" })
  @IsOptional()
  @IsUUID()
  siteId?: string;
}

export class CreateLocalModuleRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiProperty({ example: 'local_benefits_advice', description: 'snake_case code, unique within the site' })
  @Matches(/^[a-z][a-z0-9_]{2,60}$/, { message: 'code must be 3 to 61 lower-case letters, digits or underscores' })
  code: string;

  @ApiProperty({ example: 'Welfare and benefits advice in Riverside' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;
}

export class TrainingModuleResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for programme-wide modules' })
  siteId: string | null;
  @ApiProperty({ example: 'boundaries_and_relationships' }) code: string;
  @ApiProperty({ example: 'Boundaries and managing relationships' }) title: string;
  @ApiProperty({ enum: ['core', 'local'], example: 'core' }) kind: ModuleKind;
  @ApiProperty({ enum: ['enrich_core_component', 'digital_peer_support', 'local'], example: 'enrich_core_component' })
  source: ModuleSource;

  static from(m: TrainingModule): TrainingModuleResponse {
    return Object.assign(new TrainingModuleResponse(), {
      id: m.id,
      siteId: m.siteId,
      code: m.code,
      title: m.title,
      kind: m.kind,
      source: m.source,
    });
  }
}

export class FacilitatorDto {
  @ApiProperty({
    enum: FACILITATOR_ROLES,
    example: 'experienced_peer_worker',
    description: 'An experienced peer worker is named by their record (peerWorkerId); anyone else by name',
  })
  @IsIn(FACILITATOR_ROLES)
  role: (typeof FACILITATOR_ROLES)[number];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'Required for experienced_peer_worker: an appointed (or reserve, active, inactive) peer worker of the site, or one whose prior peer work the coordinator verified',
  })
  @ValidateIf((f: FacilitatorDto) => f.role === 'experienced_peer_worker' || (f.peerWorkerId ?? null) !== null)
  @IsUUID()
  peerWorkerId?: string | null;

  @ApiPropertyOptional({ example: 'Alex Reed', description: 'For every role but experienced_peer_worker' })
  @ValidateIf((f: FacilitatorDto) => f.role !== 'experienced_peer_worker' || f.name !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}

export class FacilitatorResponse implements Facilitator {
  @ApiProperty({ example: 'Jo Mensah' }) name: string;
  @ApiProperty({
    enum: [...FACILITATOR_ROLES, 'unverified_peer'],
    example: 'experienced_peer_worker',
    description: 'unverified_peer: a free-text experienced peer recorded before co-delivery named records',
  })
  role: FacilitatorRole;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) peerWorkerId: string | null;
}

export class CreateTrainingSessionRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  moduleId: string;

  @ApiProperty({ example: '2026-02-10', format: 'date' })
  @IsISO8601({ strict: true })
  heldOn: string;

  @ApiProperty({
    type: [FacilitatorDto],
    description: 'Core modules must be co-delivered by at least one experienced peer worker',
    example: [
      { role: 'experienced_peer_worker', peerWorkerId: '3f0c9d4e-8a51-4c1e-9f7a-2b6d5e4c3a21' },
      { role: 'coordinator', name: 'Alex Reed' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => FacilitatorDto)
  facilitators: FacilitatorDto[];

  @ApiPropertyOptional({
    enum: DIGITAL_COMPETENCIES,
    isArray: true,
    example: ['digital_communication_skills'],
    description:
      'Digital peer support competencies the session covers (a digital module’s session covers its own anyway)',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(DIGITAL_COMPETENCIES, { each: true })
  competencies?: DigitalCompetency[];
}

export class SessionListQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  siteId: string;
}

export class TrainingSessionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ format: 'uuid' }) moduleId: string;
  @ApiProperty({ example: '2026-02-10', format: 'date' }) heldOn: string;
  @ApiProperty({ type: [FacilitatorResponse] }) facilitators: Facilitator[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    nullable: true,
    description: 'The facilitators as first recorded, for a session whose free-text experienced peer was relabelled',
  })
  facilitatorsLegacy: Record<string, unknown>[] | null;
  @ApiProperty({ enum: DIGITAL_COMPETENCIES, isArray: true, example: [] }) competencies: DigitalCompetency[];

  static from(s: TrainingSession): TrainingSessionResponse {
    return Object.assign(new TrainingSessionResponse(), {
      id: s.id,
      siteId: s.siteId,
      moduleId: s.moduleId,
      heldOn: s.heldOn,
      facilitators: s.facilitators,
      facilitatorsLegacy: s.facilitatorsLegacy,
      competencies: s.competencies,
    });
  }
}

export class RecordAttendanceRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  peerWorkerId: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  attended: boolean;
}

export class AttendanceResponse {
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: true }) attended: boolean;
}

export class CreateReflectionRequest {
  @ApiProperty({ enum: ['feedback', 'reflection'], example: 'reflection' })
  @IsIn(['feedback', 'reflection'])
  kind: 'feedback' | 'reflection';

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Whose reflection (a peer worker writing their own may leave it out)',
  })
  @IsOptional()
  @IsUUID()
  peerWorkerId?: string | null;

  @ApiProperty({ example: 'Role-play on ending the relationship helped me plan the last meeting.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  text: string;
}

export class ReflectionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) sessionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) peerWorkerId: string | null;
  @ApiProperty({ enum: ['feedback', 'reflection'] }) kind: 'feedback' | 'reflection';
  @ApiProperty({ example: 'Role-play on ending the relationship helped me plan the last meeting.' }) text: string;
  @ApiProperty() createdAt: Date;

  static from(r: TrainingReflection): ReflectionResponse {
    return Object.assign(new ReflectionResponse(), {
      id: r.id,
      sessionId: r.sessionId,
      peerWorkerId: r.peerWorkerId,
      kind: r.kind,
      text: r.text,
      createdAt: r.createdAt,
    });
  }
}

export class CreateAssessmentRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  peerWorkerId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  moduleId: string;

  @ApiProperty({ enum: ASSESSMENT_METHODS, example: 'observed_practice' })
  @IsIn(ASSESSMENT_METHODS)
  method: AssessmentMethod;

  @ApiProperty({ enum: ASSESSMENT_OUTCOMES, example: 'passed' })
  @IsIn(ASSESSMENT_OUTCOMES)
  outcome: AssessmentOutcome;

  @ApiProperty({ example: '2026-02-24', format: 'date' })
  @IsISO8601({ strict: true })
  assessedOn: string;
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ format: 'uuid' }) moduleId: string;
  @ApiProperty({ enum: ASSESSMENT_METHODS }) method: AssessmentMethod;
  @ApiProperty({ enum: ASSESSMENT_OUTCOMES }) outcome: AssessmentOutcome;
  @ApiProperty({ format: 'uuid', description: 'users.id of the assessor' }) assessorUserId: string;
  @ApiProperty({ example: '2026-02-24', format: 'date' }) assessedOn: string;

  static from(a: TrainingAssessment): AssessmentResponse {
    return Object.assign(new AssessmentResponse(), {
      id: a.id,
      peerWorkerId: a.peerWorkerId,
      moduleId: a.moduleId,
      method: a.method,
      outcome: a.outcome,
      assessorUserId: a.assessorUserId,
      assessedOn: a.assessedOn,
    });
  }
}

export class ModuleProgressResponse {
  @ApiProperty({ format: 'uuid' }) moduleId: string;
  @ApiProperty({ example: 'risk_and_safety' }) code: string;
  @ApiProperty({ example: 'Risk and safety' }) title: string;
  @ApiProperty({ enum: ['core', 'local'] }) kind: ModuleKind;
  @ApiProperty({ example: true, description: 'Core modules and the site’s own local modules are required' })
  required: boolean;
  @ApiProperty({ enum: ['not_started', 'attended', 'assessed_passed'], example: 'attended' }) progress: ModuleProgress;
}

export class DigitalCompetencyProgressResponse {
  @ApiProperty({ enum: DIGITAL_COMPETENCIES, example: 'digital_communication_skills' }) competency: DigitalCompetency;
  @ApiProperty({ example: true, description: 'The site requires it before pairing (requiredDigitalCompetencies)' })
  required: boolean;
  @ApiProperty({ example: false, description: 'Covered by a training session the peer worker attended' })
  covered: boolean;
}

export class TrainingRecordResponse {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: false, description: 'Every core module assessed-passed' }) corePassed: boolean;
  @ApiProperty({ type: [ModuleProgressResponse] }) modules: ModuleProgressResponse[];
  @ApiProperty({ type: [DigitalCompetencyProgressResponse], description: 'Every digital peer support competency' })
  digitalCompetencies: DigitalCompetencyProgressResponse[];
}

export class CreateWorkshopRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The ward prepared (give a ward or a community team)' })
  @IsOptional()
  @IsUUID()
  wardId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The community team prepared' })
  @IsOptional()
  @IsUUID()
  communityTeamId?: string;

  @ApiProperty({ example: '2026-01-20', format: 'date' })
  @IsISO8601({ strict: true })
  heldOn: string;

  @ApiProperty({ format: 'uuid', description: 'The local peer worker who co-delivered it' })
  @IsUUID()
  coDeliveredByPeerWorkerId: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  managersAttended: boolean;

  @ApiPropertyOptional({ example: ['hope', 'knowledge of local groups'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  assetsNamed?: string[];
}

export class WorkshopResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) siteId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) wardId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) communityTeamId: string | null;
  @ApiProperty({ example: '2026-01-20', format: 'date' }) heldOn: string;
  @ApiProperty({ format: 'uuid' }) coDeliveredByPeerWorkerId: string;
  @ApiProperty({ example: true }) managersAttended: boolean;
  @ApiProperty({ example: ['hope'] }) assetsNamed: string[];

  static from(w: TeamPreparationWorkshop): WorkshopResponse {
    return Object.assign(new WorkshopResponse(), {
      id: w.id,
      siteId: w.siteId,
      wardId: w.wardId,
      communityTeamId: w.communityTeamId,
      heldOn: w.heldOn,
      coDeliveredByPeerWorkerId: w.coDeliveredByPeerWorkerId,
      managersAttended: w.managersAttended,
      assetsNamed: w.assetsNamed,
    });
  }
}

export class TeamPreparationResponse {
  @ApiProperty({ enum: ['ward', 'community_team'] }) teamType: 'ward' | 'community_team';
  @ApiProperty({ format: 'uuid' }) teamId: string;
  @ApiProperty({ example: 'Willow Ward' }) name: string;
  @ApiProperty({
    example: true,
    description: 'A workshop co-delivered by a local peer worker was held with managers present',
  })
  prepared: boolean;
  @ApiProperty({ example: 1 }) workshops: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-20', format: 'date' }) lastHeldOn: string | null;
}
