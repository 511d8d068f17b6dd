import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DIAGNOSIS_GROUPS, type DiagnosisGroup } from '../../../common/vocabulary/diagnosis';
import { IsNhsNumber } from '../../../common/nhs-number/nhs-number';
import type { InboundWardEvent } from '../entities/inbound-ward-event.entity';
import {
  WARD_EVENT_OUTCOMES,
  WARD_EVENT_STATUSES,
  WARD_EVENT_TYPES,
  type WardEventOutcome,
  type WardEventStatus,
  type WardEventType,
} from '../ward-event-vocabulary';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WardEventRequest {
  @ApiProperty({ enum: WARD_EVENT_TYPES, example: 'discharge', description: 'admission | discharge | readmission' })
  @IsIn(WARD_EVENT_TYPES)
  type: WardEventType;

  @ApiProperty({
    example: '943 476 5919',
    description:
      'The service user, by NHS number (10 digits, valid Modulus 11 check digit; spaces and hyphens ignored)',
  })
  @IsNhsNumber()
  nhsNumber: string;

  @ApiProperty({
    format: 'date',
    example: '2026-11-20',
    description: 'The calendar date (Europe/London) of the admission, discharge or readmission; not in the future',
  })
  @IsISO8601({ strict: true })
  @Matches(CALENDAR_DATE, { message: 'occurredOn must be a calendar date, YYYY-MM-DD' })
  occurredOn: string;

  @ApiPropertyOptional({
    example: 'Willow Ward',
    description:
      'The ward as the ward system names it; an admission places the service user on the ward of that name at their site, if there is one',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  wardCode?: string;

  @ApiPropertyOptional({
    enum: DIAGNOSIS_GROUPS,
    example: 'psychotic',
    description:
      'Admissions only: the primary diagnosis group. With it, an admission of a service user with no open support episode refers them (outcome `referred`), if the site’s eligibility rules allow (else `not_eligible`)',
  })
  @IsOptional()
  @IsIn(DIAGNOSIS_GROUPS)
  primaryDiagnosisGroup?: DiagnosisGroup;

  @ApiPropertyOptional({
    type: [String],
    format: 'date',
    example: ['2025-03-14'],
    description:
      'Admissions only: dates of earlier psychiatric admissions (not this one), for the eligibility rules; admissions ENRICH already received for the service user count too',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsISO8601({ strict: true }, { each: true })
  @Matches(CALENDAR_DATE, {
    each: true,
    message: 'each previousAdmissionDates entry must be a calendar date, YYYY-MM-DD',
  })
  previousAdmissionDates?: string[];

  @ApiProperty({ example: 'RiO', description: 'The sending system, for the audit trail' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  sourceSystem: string;

  @ApiProperty({
    example: 'rio-adt-000184223',
    description:
      "The event's id in the sending system. Sending the same id again returns the original outcome and changes nothing (reusing it for a different event is 409).",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  sourceEventId: string;
}

export class WardEventResponse {
  @ApiProperty({ format: 'uuid', description: "ENRICH's id for the received event" }) id: string;
  @ApiProperty({ enum: WARD_EVENT_TYPES, example: 'discharge' }) type: WardEventType;
  @ApiProperty({ example: 'rio-adt-000184223' }) sourceEventId: string;
  @ApiProperty({ example: 'RiO' }) sourceSystem: string;
  @ApiProperty({ format: 'date', example: '2026-11-20' }) occurredOn: string;
  @ApiProperty({ format: 'uuid' }) serviceUserId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'The support episode the event moved or was recorded against, or the one an admission referred (else null for an admission; for a readmission after support ended, the ended episode)',
  })
  episodeId: string | null;
  @ApiProperty({
    enum: WARD_EVENT_OUTCOMES,
    example: 'discharged',
    description:
      'discharged: community support started, first ward meeting held or not (the community plan and the first community meeting are scheduled from the discharge date); resumed: a readmission pause ended; ' +
      'discharge_recorded: discharged before pairing (the episode is on the urgent-pairing queue), before allocation or in usual care; paused: a readmission paused support; ' +
      'readmission_recorded: a readmission kept as an outcome with no pause (after support ended, usual care, before pairing); admission_recorded: the admission is on record; ' +
      'referred: the admission also referred the service user (a support episode in state `referred`); not_eligible: on record, but the site’s eligibility rules refused the referral',
  })
  outcome: WardEventOutcome;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'community_support',
    description: "The support episode's state after the event",
  })
  episodeState: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'For an admission: the ward the service user was placed on',
  })
  wardId: string | null;
  @ApiProperty({
    example: false,
    description: 'True when this sourceEventId had already been received: the original outcome, nothing changed again',
  })
  duplicate: boolean;
  @ApiProperty({ description: 'When ENRICH first received the event' }) receivedAt: Date;

  static from(event: InboundWardEvent, duplicate: boolean): WardEventResponse {
    return {
      id: event.id,
      type: event.type,
      sourceEventId: event.sourceEventId,
      sourceSystem: event.sourceSystem,
      occurredOn: event.occurredOn,
      serviceUserId: event.serviceUserId!,
      episodeId: event.episodeId,
      outcome: event.outcome,
      episodeState: event.episodeState,
      wardId: event.wardId,
      duplicate,
      receivedAt: event.createdAt,
    };
  }
}

export class WardEventListQuery {
  @ApiPropertyOptional({
    enum: WARD_EVENT_STATUSES,
    example: 'unapplied',
    description: 'unapplied: events kept with the reason they could not be applied; applied; omitted: both',
  })
  @IsOptional()
  @IsIn(WARD_EVENT_STATUSES)
  status?: WardEventStatus;
}

/** A received ward event as the site's coordinator sees it, applied or kept unapplied with the reason. */
export class WardEventRecordResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WARD_EVENT_TYPES, example: 'discharge' }) type: WardEventType;
  @ApiProperty({ enum: WARD_EVENT_STATUSES, example: 'unapplied' }) status: WardEventStatus;
  @ApiProperty({ example: 'RiO' }) sourceSystem: string;
  @ApiProperty({ example: 'rio-adt-000184223' }) sourceEventId: string;
  @ApiProperty({ format: 'date', example: '2026-11-20' }) occurredOn: string;
  @ApiProperty({ nullable: true, type: String, example: 'Willow Ward' }) wardCode: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null when the NHS number matched no service user at the Trust',
  })
  serviceUserId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '9434765919',
    description: 'Only while no service user matches it: the NHS number as sent, so the coordinator can find them',
  })
  nhsNumber: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) episodeId: string | null;
  @ApiProperty({ enum: WARD_EVENT_OUTCOMES, example: 'unapplied' }) outcome: WardEventOutcome;
  @ApiProperty({ nullable: true, type: String, example: 'community_support' }) episodeState: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'already_discharged',
    description:
      'Why it could not be applied: unknown_service_user, discharge_needs_open_episode, already_discharged, discharged_after_readmission, readmission_follows_discharge, readmission_after_discharge, transition_not_in_table …',
  })
  unappliedRule: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'The service user was already discharged on 2026-11-20 (community_support) and not readmitted since',
  })
  unappliedReason: string | null;
  @ApiProperty({ example: 1, description: 'Times sent; an unapplied event is tried again each time it is sent' })
  attempts: number;
  @ApiProperty() receivedAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(event: InboundWardEvent): WardEventRecordResponse {
    return {
      id: event.id,
      type: event.type,
      status: event.status,
      sourceSystem: event.sourceSystem,
      sourceEventId: event.sourceEventId,
      occurredOn: event.occurredOn,
      wardCode: event.wardCode,
      serviceUserId: event.serviceUserId,
      nhsNumber: event.nhsNumber,
      episodeId: event.episodeId,
      outcome: event.outcome,
      episodeState: event.episodeState,
      unappliedRule: event.unappliedRule,
      unappliedReason: event.unappliedReason,
      attempts: event.attempts,
      receivedAt: event.createdAt,
      updatedAt: event.updatedAt,
    };
  }
}
