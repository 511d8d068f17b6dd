import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { publishedTypes } from '../../../common/events/published-event-types';

const EXAMPLE_SITE = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const EXAMPLE_EPISODE = '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f';

export class EventReplayQuery {
  @ApiPropertyOptional({
    example: 'djEuNzQ4OS4xMg',
    description: 'The `next` of the previous page; without it, the stream from its start',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({
    example: 'uk.nhs.enrich.episode.*,uk.nhs.enrich.meeting.held',
    description: 'Comma-separated event types or prefixes ending in `.*`; without it, every type',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/^[a-z_.*]+(,[a-z_.*]+)*$/, {
    message: 'types must be comma-separated event types or prefixes ending in .*',
  })
  types?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100, example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}

/** One domain event in the CloudEvents 1.0 JSON format (structured mode), exactly as webhooks deliver it. */
export class CloudEventResponse {
  @ApiProperty({ example: '1.0', description: 'CloudEvents specification version' }) specversion: string;
  @ApiProperty({
    format: 'uuid',
    example: '3b0f5c1e-8d2a-4f6b-9c7e-1a2b3c4d5e6f',
    description: 'Unique per event, the same on every delivery attempt and in the replay: de-duplicate on it',
  })
  id: string;
  @ApiProperty({
    example: `https://enrich.example.nhs.uk/api/v1/sites/${EXAMPLE_SITE}`,
    description: 'This ENRICH and the site the event belongs to',
  })
  source: string;
  @ApiProperty({ enum: publishedTypes(), example: 'uk.nhs.enrich.episode.discharged' }) type: string;
  @ApiProperty({
    example: `support-episodes/${EXAMPLE_EPISODE}`,
    description: 'The resource the event is about, as a path under /api/v1',
  })
  subject: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-20T10:00:00.000Z', description: 'When it happened' })
  time: string;
  @ApiProperty({ example: 'application/json' }) datacontenttype: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: {
      episodeId: EXAMPLE_EPISODE,
      serviceUserId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
      siteId: EXAMPLE_SITE,
      from: 'ward_support',
      to: 'community_support',
      dischargedOn: '2026-11-20',
      resumed: false,
      peerWorkerId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    },
    description: 'Ids, states, dates and codes only (docs/reference/events-out.md lists each type’s fields)',
  })
  data: Record<string, unknown>;
}

export class EventPageResponse {
  @ApiProperty({ type: [CloudEventResponse], description: 'In stream order' }) items: CloudEventResponse[];
  @ApiProperty({
    example: 'djEuNzQ4OS4xMg',
    description: 'Pass as `after` to continue; returned also when the page is empty (poll with it later)',
  })
  next: string;
  @ApiProperty({ example: false, description: 'True when more events are ready now' }) hasMore: boolean;
}
