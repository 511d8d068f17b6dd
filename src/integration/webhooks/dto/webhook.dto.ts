import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { WebhookDelivery } from '../entities/webhook-delivery.entity';
import type { WebhookSubscription } from '../entities/webhook-subscription.entity';

const EVENT_TYPE = /^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/;

export class CreateWebhookSubscriptionRequest {
  @ApiPropertyOptional({
    type: [String],
    example: ['uk.nhs.enrich.episode.discharged', 'uk.nhs.enrich.meeting.*'],
    description:
      'The event types to receive: each a type (`uk.nhs.enrich.episode.discharged`, `notification.first_community_meeting.overdue`), a prefix ending in `.*` (`uk.nhs.enrich.episode.*`), or `*`. Domain events (`uk.nhs.enrich.*`) arrive as CloudEvents 1.0 (docs/reference/events-out.md). Give this or eventType.',
  })
  @ValidateIf((o: CreateWebhookSubscriptionRequest) => o.eventTypes !== undefined || o.eventType === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(EVENT_TYPE, {
    each: true,
    message: 'each eventTypes entry must be dotted lower-case words, optionally ending in .*',
  })
  @MaxLength(120, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({
    deprecated: true,
    example: 'notification.first_community_meeting.overdue',
    description: 'Deprecated: one event type, as `eventTypes: [eventType]`. Ignored when eventTypes is given.',
  })
  @IsOptional()
  @Matches(EVENT_TYPE, {
    message: 'eventType must be dotted lower-case words, optionally ending in .*',
  })
  @MaxLength(120)
  eventType?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    example: ['6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f'],
    description:
      "Only events of these sites (each one of the client's sites). Without it: every site of the client, as it is when the event is delivered.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  siteIds?: string[];

  @ApiPropertyOptional({
    example: false,
    description: 'Admins only: events of every site of the service, whatever the client’s sites.',
  })
  @IsOptional()
  @IsBoolean()
  allSites?: boolean;

  @ApiProperty({ example: 'https://epr.example.nhs.uk/hooks/enrich' })
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'targetUrl must be an http(s) URL' },
  )
  @MaxLength(2000)
  targetUrl: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Admins only: the integration client to subscribe (a client subscribes itself)',
  })
  @IsOptional()
  @IsUUID()
  integrationClientId?: string;
}

export class WebhookSubscriptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) integrationClientId: string;
  @ApiProperty({ type: [String], example: ['uk.nhs.enrich.episode.discharged', 'uk.nhs.enrich.meeting.*'] })
  eventTypes: string[];
  @ApiProperty({
    type: [String],
    format: 'uuid',
    nullable: true,
    example: null,
    description: 'The sites it is limited to; null: every site of the client',
  })
  siteIds: string[] | null;
  @ApiProperty({ example: false, description: 'Events of every site (set by an admin)' }) allSites: boolean;
  @ApiProperty({ example: 'https://epr.example.nhs.uk/hooks/enrich' }) targetUrl: string;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ example: 0 }) consecutiveFailures: number;
  @ApiProperty({ nullable: true, example: null }) disabledAt: Date | null;
  @ApiProperty({ nullable: true, example: null }) disabledReason: string | null;
  @ApiProperty({ example: '2026-11-20T10:00:00.000Z' }) createdAt: Date;

  static of(s: WebhookSubscription): WebhookSubscriptionResponse {
    const {
      id,
      integrationClientId,
      eventTypes,
      siteIds,
      allSites,
      targetUrl,
      active,
      consecutiveFailures,
      disabledAt,
      disabledReason,
      createdAt,
    } = s;
    return {
      id,
      integrationClientId,
      eventTypes,
      siteIds,
      allSites,
      targetUrl,
      active,
      consecutiveFailures,
      disabledAt,
      disabledReason,
      createdAt,
    };
  }
}

export class CreatedWebhookSubscriptionResponse extends WebhookSubscriptionResponse {
  @ApiProperty({ example: 'whsec_3q2+7w…', description: 'The HMAC key. Shown here once; store it now.' })
  secret: string;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'b6a1…' }) eventId: string;
  @ApiProperty({ example: 'notification.first_community_meeting.overdue' }) eventType: string;
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ nullable: true, example: 200 }) statusCode: number | null;
  @ApiProperty({ example: 42 }) durationMs: number;
  @ApiProperty({ example: true }) succeeded: boolean;
  @ApiProperty({ nullable: true, example: null }) error: string | null;
  @ApiProperty({ example: '2026-11-20T10:00:00.000Z' }) createdAt: Date;

  static of(d: WebhookDelivery): WebhookDeliveryResponse {
    const { id, eventId, eventType, attempt, statusCode, durationMs, succeeded, error, createdAt } = d;
    return { id, eventId, eventType, attempt, statusCode, durationMs, succeeded, error, createdAt };
  }
}
