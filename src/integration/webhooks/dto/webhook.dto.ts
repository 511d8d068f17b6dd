import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUrl, IsUUID, Matches, MaxLength } from 'class-validator';
import type { WebhookDelivery } from '../entities/webhook-delivery.entity';
import type { WebhookSubscription } from '../entities/webhook-subscription.entity';

export class CreateWebhookSubscriptionRequest {
  @ApiProperty({
    example: 'notification.first_community_meeting.overdue',
    description: 'An event type, or a prefix ending in `.*` (`notification.*`)',
  })
  @Matches(/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/, {
    message: 'eventType must be dotted lower-case words, optionally ending in .*',
  })
  @MaxLength(120)
  eventType: string;

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
  @ApiProperty({ example: 'notification.first_community_meeting.overdue' }) eventType: string;
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
      eventType,
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
      eventType,
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
