import { LONE_WORKING_SETTINGS, type MeetingSetting } from '../../common/vocabulary/meeting-vocabulary';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DIAGNOSIS_GROUPS, type DiagnosisGroup } from '../../common/vocabulary/diagnosis';
import { DIGITAL_COMPETENCIES, type DigitalCompetency } from '../../common/vocabulary/digital-competencies';
import {
  DEFAULT_SITE_SETTINGS,
  effectiveSiteSettings,
  LONE_WORKING_ESCALATION_ROLES,
  type LoneWorkingEscalationRole,
  SiteSettings,
} from '../site-settings';
import type { Site } from '../entities/site.entity';
import type { SupportPlanTemplate } from '../support-plan-template';

export class SiteSettingsInput implements Partial<SiteSettings> {
  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.caseloadCap, minimum: 1, maximum: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  caseloadCap?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.pairingAvailabilityWindowDays, minimum: 1, maximum: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  pairingAvailabilityWindowDays?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.firstCommunityMeetingWithinDays, minimum: 1, maximum: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  firstCommunityMeetingWithinDays?: number;

  @ApiPropertyOptional({
    example: DEFAULT_SITE_SETTINGS.readmissionFollowUpDays,
    minimum: 30,
    maximum: 1095,
    description:
      'Readmission follow-up runs this many days from the index discharge; later readmissions are kept, flagged outside follow-up',
  })
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(1095)
  readmissionFollowUpDays?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.loneWorkingGraceMinutes, minimum: 1, maximum: 240 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  loneWorkingGraceMinutes?: number;

  @ApiPropertyOptional({
    enum: LONE_WORKING_ESCALATION_ROLES,
    isArray: true,
    example: DEFAULT_SITE_SETTINGS.loneWorkingEscalationChain,
    description: 'Who a missed check-out escalates to, in order',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(LONE_WORKING_ESCALATION_ROLES, { each: true })
  loneWorkingEscalationChain?: LoneWorkingEscalationRole[];

  @ApiPropertyOptional({
    example: DEFAULT_SITE_SETTINGS.loneWorkingAcknowledgementMinutes,
    minimum: 5,
    maximum: 120,
    description: 'Minutes each person in the chain has to acknowledge before it moves on',
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(120)
  loneWorkingAcknowledgementMinutes?: number;

  @ApiPropertyOptional({
    enum: LONE_WORKING_SETTINGS,
    isArray: true,
    example: DEFAULT_SITE_SETTINGS.loneWorkingRequiredSettings,
    description:
      'In-person meetings (face to face, accompanying) in these settings are held only after a checked-out lone-working visit, or with a recorded reason; [] turns the rule off',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(LONE_WORKING_SETTINGS, { each: true })
  loneWorkingRequiredSettings?: MeetingSetting[];

  @ApiPropertyOptional({
    example: DEFAULT_SITE_SETTINGS.endingPreparationEarlyMeetings,
    minimum: 1,
    maximum: 20,
    description: 'The first held meetings whose record defaults endingPreparationDiscussed to true',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  endingPreparationEarlyMeetings?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.meetingReminderLeadHours, minimum: 1, maximum: 168 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  meetingReminderLeadHours?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.groupSupervisionEveryDays, minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  groupSupervisionEveryDays?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.individualSupervisionEveryDays, minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  individualSupervisionEveryDays?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.shortTermAbsenceMaxDays, minimum: 1, maximum: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  shortTermAbsenceMaxDays?: number;

  @ApiPropertyOptional({ enum: ['none', 'randomised'], example: 'none' })
  @IsOptional()
  @IsIn(['none', 'randomised'])
  allocation?: 'none' | 'randomised';

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.eligibilityMinimumAgeYears, minimum: 16, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(16)
  @Max(120)
  eligibilityMinimumAgeYears?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.eligibilityMinPreviousAdmissions, minimum: 0, maximum: 20 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  eligibilityMinPreviousAdmissions?: number;

  @ApiPropertyOptional({ example: DEFAULT_SITE_SETTINGS.eligibilityAdmissionLookbackMonths, minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  eligibilityAdmissionLookbackMonths?: number;

  @ApiPropertyOptional({
    enum: DIAGNOSIS_GROUPS,
    isArray: true,
    example: DEFAULT_SITE_SETTINGS.eligibilityExcludedDiagnosisGroups,
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(DIAGNOSIS_GROUPS, { each: true })
  eligibilityExcludedDiagnosisGroups?: DiagnosisGroup[];

  @ApiPropertyOptional({
    enum: DIGITAL_COMPETENCIES,
    isArray: true,
    example: ['digital_communication_skills', 'digital_monitoring_and_crisis'],
    description:
      'Digital peer support competencies a peer worker must have covered in an attended training session before pairing; [] (the default) requires none',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(DIGITAL_COMPETENCIES, { each: true })
  requiredDigitalCompetencies?: DigitalCompetency[];
}

export class CreateSiteRequest {
  @ApiProperty({ example: 'North Riverside Mental Health NHS Foundation Trust' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'RRP', description: 'ODS code of the Trust' })
  @Matches(/^[A-Z0-9]{3,6}$/, { message: 'odsCode must be 3 to 6 capital letters or digits' })
  odsCode: string;

  @ApiPropertyOptional({ type: SiteSettingsInput, description: 'Overrides of the default service settings' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SiteSettingsInput)
  settings?: SiteSettingsInput;
}

export class UpdateSiteRequest extends PartialType(CreateSiteRequest) {}

export class StepDownBandResponse {
  @ApiProperty({ example: 4 }) weeks: number;
  @ApiProperty({ example: 1 }) everyWeeks: number;
}

export class SupportPlanTemplateResponse implements SupportPlanTemplate {
  @ApiProperty({ example: 6 }) intensiveWeeks: number;
  @ApiProperty({ example: 1 }) intensiveContactsPerWeek: number;
  @ApiProperty({ example: 10 }) stepDownWeeks: number;
  @ApiProperty({
    type: [StepDownBandResponse],
    example: [
      { weeks: 4, everyWeeks: 1 },
      { weeks: 4, everyWeeks: 2 },
    ],
  })
  stepDownBands: StepDownBandResponse[];
  @ApiProperty({ example: 4 }) maxExtensionContacts: number;
}

export class SiteSettingsResponse implements SiteSettings {
  @ApiProperty({ example: 6 }) caseloadCap: number;
  @ApiProperty({ example: 7 }) pairingAvailabilityWindowDays: number;
  @ApiProperty({
    type: SupportPlanTemplateResponse,
    description: 'Changed through PUT /sites/{id}/support-plan-template',
  })
  supportPlanTemplate: SupportPlanTemplate;
  @ApiProperty({ example: 7 }) firstCommunityMeetingWithinDays: number;
  @ApiProperty({ example: 365 }) readmissionFollowUpDays: number;
  @ApiProperty({ example: 30 }) loneWorkingGraceMinutes: number;
  @ApiProperty({ enum: LONE_WORKING_ESCALATION_ROLES, isArray: true, example: ['coordinator', 'deputy'] })
  loneWorkingEscalationChain: LoneWorkingEscalationRole[];
  @ApiProperty({ example: 15 }) loneWorkingAcknowledgementMinutes: number;
  @ApiProperty({
    enum: LONE_WORKING_SETTINGS,
    isArray: true,
    example: DEFAULT_SITE_SETTINGS.loneWorkingRequiredSettings,
  })
  loneWorkingRequiredSettings: MeetingSetting[];
  @ApiProperty({ example: 3 }) endingPreparationEarlyMeetings: number;
  @ApiProperty({ example: 24 }) meetingReminderLeadHours: number;
  @ApiProperty({ example: 14 }) groupSupervisionEveryDays: number;
  @ApiProperty({ example: 30 }) individualSupervisionEveryDays: number;
  @ApiProperty({ example: 14 }) shortTermAbsenceMaxDays: number;
  @ApiProperty({ enum: ['none', 'randomised'], example: 'none' }) allocation: 'none' | 'randomised';
  @ApiProperty({ example: 18 }) eligibilityMinimumAgeYears: number;
  @ApiProperty({ example: 1 }) eligibilityMinPreviousAdmissions: number;
  @ApiProperty({ example: 24 }) eligibilityAdmissionLookbackMonths: number;
  @ApiProperty({ enum: DIAGNOSIS_GROUPS, isArray: true, example: ['organic', 'learning_disability', 'substance_use'] })
  eligibilityExcludedDiagnosisGroups: DiagnosisGroup[];
  @ApiProperty({ enum: DIGITAL_COMPETENCIES, isArray: true, example: [] })
  requiredDigitalCompetencies: DigitalCompetency[];
}

export class SiteResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c8b7e-2a53-4a8e-9b8a-51f0d1b2c3d4' }) id: string;
  @ApiProperty({ example: 'North Riverside Mental Health NHS Foundation Trust' }) name: string;
  @ApiProperty({ example: 'RRP' }) odsCode: string;
  @ApiProperty({ type: SiteSettingsResponse, description: 'Effective settings: overrides over defaults' })
  settings: SiteSettingsResponse;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(site: Site): SiteResponse {
    return Object.assign(new SiteResponse(), {
      id: site.id,
      name: site.name,
      odsCode: site.odsCode,
      settings: effectiveSiteSettings(site.settings),
      version: site.version,
      createdAt: site.createdAt,
      updatedAt: site.updatedAt,
    });
  }
}

export class SitePage {
  @ApiProperty({ type: [SiteResponse] }) items: SiteResponse[];
  @ApiProperty({ nullable: true, type: String, example: null }) nextCursor: string | null;
}
