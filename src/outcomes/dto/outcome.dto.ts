import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, Matches } from 'class-validator';
import { OUTCOME_INSTRUMENT_CODES, PEER_WORKER_TIMEPOINTS, SERVICE_USER_TIMEPOINTS } from '../outcome-instruments';

const DATE_ONLY = { strict: true, strictSeparator: true } as const;
const UUID = { format: 'uuid', example: '0c7d5e4f-3a2b-4c1d-9e8f-7a6b5c4d3e2f' } as const;

class AdministrationRequest {
  @ApiProperty({ enum: OUTCOME_INSTRUMENT_CODES, example: 'swemwbs' })
  @IsIn(OUTCOME_INSTRUMENT_CODES)
  instrument: string;

  @ApiProperty({ format: 'date', example: '2026-11-20' })
  @IsISO8601(DATE_ONLY)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'administeredOn must be a date (YYYY-MM-DD)' })
  administeredOn: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'integer', nullable: true },
    example: [3, 4, 3, 3, 4, 2, 3],
    description:
      'Item scores in the instrument’s item order, as answered (null for an item left blank); each checked against the catalogue, a bad one named as itemScores[i]',
  })
  @IsArray()
  @ArrayMaxSize(100)
  itemScores: (number | null)[];
}

export class ServiceUserAdministrationRequest extends AdministrationRequest {
  @ApiProperty({ enum: SERVICE_USER_TIMEPOINTS, example: 'baseline' })
  @IsIn(SERVICE_USER_TIMEPOINTS)
  timepoint: string;
}

export class PeerWorkerAdministrationRequest extends AdministrationRequest {
  @ApiProperty({ enum: PEER_WORKER_TIMEPOINTS, example: 'employment_start' })
  @IsIn(PEER_WORKER_TIMEPOINTS)
  timepoint: string;
}

export class AdministrationResponse {
  @ApiProperty(UUID) id: string;
  @ApiProperty({ enum: OUTCOME_INSTRUMENT_CODES, example: 'swemwbs' }) instrument: string;
  @ApiProperty({ enum: ['service_user', 'peer_worker'], example: 'service_user' }) subject:
    'service_user' | 'peer_worker';
  @ApiProperty(UUID) siteId: string;
  @ApiProperty({ ...UUID, nullable: true, type: String }) episodeId: string | null;
  @ApiProperty({ ...UUID, nullable: true, type: String }) peerWorkerId: string | null;
  @ApiProperty({ example: 'baseline' }) timepoint: string;
  @ApiProperty({ format: 'date', example: '2026-11-20' }) administeredOn: string;
  @ApiProperty({ type: 'array', items: { type: 'integer', nullable: true }, example: [3, 4, 3, 3, 4, 2, 3] })
  itemScores: (number | null)[];
  @ApiProperty({ example: 7 }) itemsAnswered: number;
  @ApiProperty({
    example: 22,
    nullable: true,
    type: Number,
    description: 'Sum after reversing items; null when not scored',
  })
  rawTotal: number | null;
  @ApiProperty({
    example: 19.98,
    nullable: true,
    type: Number,
    description: 'The reported score (SWEMWBS: the metric score)',
  })
  score: number | null;
  @ApiProperty({ example: null, nullable: true, type: String }) notScoredReason: string | null;
  @ApiProperty({
    example: 2.5,
    nullable: true,
    type: Number,
    description: 'Score minus the baseline’s (employment_start for peer workers)',
  })
  changeFromBaseline: number | null;
}

export class InstrumentResponse {
  @ApiProperty({ enum: OUTCOME_INSTRUMENT_CODES, example: 'hhi' }) code: string;
  @ApiProperty({ example: 'Herth Hope Index' }) name: string;
  @ApiProperty({ example: 'hope' }) measures: string;
  @ApiProperty({ example: 12 }) itemCount: number;
  @ApiProperty({ example: 1 }) itemMin: number;
  @ApiProperty({ example: 4 }) itemMax: number;
  @ApiProperty({ type: [Number], example: [3, 6] }) reversedItems: number[];
  @ApiProperty({ enum: ['sum', 'sum_then_convert'], example: 'sum' }) scoring: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    example: null,
    description: 'Raw total → reported score',
  })
  conversionTable: Record<number, number> | null;
  @ApiProperty({ example: 12 }) totalMin: number;
  @ApiProperty({ example: 48 }) totalMax: number;
  @ApiProperty({ example: true }) higherIsBetter: boolean;
  @ApiProperty({ example: { maxMissing: 0, method: 'not_scored', note: 'An incomplete form is not scored.' } })
  missingItems: { maxMissing: number; method: string; note: string };
  @ApiProperty({ type: [String], example: ['service_user'] }) subjects: string[];
  @ApiProperty({ example: '© Kaye Herth. Used with the author’s permission.' }) licence: string;
  @ApiProperty({ example: 'Herth K. J Adv Nurs 1992;17:1251–9.' }) reference: string;
}

export class InstrumentChangeRow {
  @ApiProperty({ enum: OUTCOME_INSTRUMENT_CODES, example: 'swemwbs' }) instrument: string;
  @ApiProperty({ example: 12, description: 'Service users with a scored baseline and a later score in the period' })
  pairs: number;
  @ApiProperty({ example: 19.25 }) meanBaseline: number;
  @ApiProperty({ example: 22.35 }) meanLatest: number;
  @ApiProperty({ example: 3.1 }) meanChange: number;
}

export class SiteOutcomesResponse {
  @ApiProperty(UUID) siteId: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-06-30' }) to: string;
  @ApiProperty({ type: [InstrumentChangeRow] }) instruments: InstrumentChangeRow[];
}
