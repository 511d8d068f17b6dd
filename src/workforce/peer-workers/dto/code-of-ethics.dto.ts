import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CodeOfEthicsAcknowledgement } from '../entities/code-of-ethics-acknowledgement.entity';
import type { CodeOfEthicsVersion } from '../entities/code-of-ethics-version.entity';

export class AcknowledgeCodeOfEthicsRequest {
  @ApiProperty({
    example: 1,
    minimum: 1,
    description: 'The version of the text you read and acknowledge: it must be the current one (GET /code-of-ethics)',
  })
  @IsInt()
  @Min(1)
  @Max(100000)
  version: number;
}

export class PublishCodeOfEthicsRequest {
  @ApiProperty({ example: 'ENRICH Peer Worker Code of Ethics … (the Trust’s approved wording)', maxLength: 20000 })
  @IsString()
  @MinLength(20)
  @MaxLength(20000)
  text: string;
}

export class CodeOfEthicsVersionResponse {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: 'ENRICH Peer Worker Code of Ethics (handbook 14.10) …' }) text: string;
  @ApiProperty({ example: '2026-01-01', format: 'date' }) publishedOn: string;

  static from(v: CodeOfEthicsVersion): CodeOfEthicsVersionResponse {
    return Object.assign(new CodeOfEthicsVersionResponse(), {
      version: v.version,
      text: v.text,
      publishedOn: v.publishedOn,
    });
  }
}

export class CodeOfEthicsAcknowledgementResponse {
  @ApiProperty({ format: 'uuid' }) peerWorkerId: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '2026-03-10', format: 'date' }) acknowledgedOn: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The peer worker’s own account (null only for a migrated acknowledgement)',
  })
  acknowledgedByUserId: string | null;
  @ApiProperty({
    enum: ['peer_worker', 'migrated'],
    example: 'peer_worker',
    description: 'migrated: a date a coordinator recorded before acknowledgement was the peer worker’s own act',
  })
  source: 'peer_worker' | 'migrated';

  static from(a: CodeOfEthicsAcknowledgement): CodeOfEthicsAcknowledgementResponse {
    return Object.assign(new CodeOfEthicsAcknowledgementResponse(), {
      peerWorkerId: a.peerWorkerId,
      version: a.version,
      acknowledgedOn: a.acknowledgedOn,
      acknowledgedByUserId: a.acknowledgedByUserId,
      source: a.source,
    });
  }
}
