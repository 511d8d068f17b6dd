import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { EXTRACT_FILES, EXTRACT_TABLES, type ExtractFile, type ExtractTable } from '../extract-tables';

const DATE_HANDLING = ['shift', 'week', 'month'] as const;
const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean', 'date'] as const;

/** Which file of which keyed extract: `GET /research-extracts/{keyId}/{file}`. */
export class ExtractFileParams {
  @ApiProperty({
    example: 'development',
    pattern: '^[a-z0-9][a-z0-9_-]{0,39}$',
    description: 'The id of a configured extract key (RESEARCH_EXTRACT_KEYS); the secret itself is never sent',
  })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: 'keyId must be the id of a configured extract key' })
  keyId: string;

  @ApiProperty({ enum: EXTRACT_FILES, example: 'meetings.csv', description: 'One table of the extract, as CSV' })
  @IsIn(EXTRACT_FILES)
  file: ExtractFile;
}

export class ExtractFileEntry {
  @ApiProperty({ enum: EXTRACT_TABLES, example: 'meetings' }) table: ExtractTable;
  @ApiProperty({ enum: EXTRACT_FILES, example: 'meetings.csv' }) file: ExtractFile;
  @ApiProperty({ example: 'Every meeting or contact of a consented person’s episodes' }) description: string;
}

export class ResearchExtractCatalogueResponse {
  @ApiProperty({
    type: [String],
    example: ['development'],
    description: 'Ids of the configured keys (never their secrets)',
  })
  keyIds: string[];

  @ApiProperty({
    enum: DATE_HANDLING,
    example: 'shift',
    description: 'How dates leave: shifted per person, or coarsened',
  })
  dates: (typeof DATE_HANDLING)[number];

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 30,
    description: 'With shift: the largest shift, in days either way',
  })
  shiftDays: number | null;

  @ApiProperty({ type: [ExtractFileEntry] })
  files: ExtractFileEntry[];
}

export class DataDictionaryColumn {
  @ApiProperty({ enum: EXTRACT_TABLES, example: 'meetings' }) table: ExtractTable;
  @ApiProperty({ enum: EXTRACT_FILES, example: 'meetings.csv' }) file: ExtractFile;
  @ApiProperty({ example: 'held_on' }) column: string;
  @ApiProperty({ enum: COLUMN_TYPES, example: 'date' }) type: (typeof COLUMN_TYPES)[number];
  @ApiProperty({ example: 'Date it was held (London), when held' }) description: string;
  @ApiProperty({ example: 'coarsened to its month (YYYY-MM)', description: 'How the value was de-identified' })
  deidentification: string;
}

/** The machine-readable data dictionary of the extract: one entry per column of every file. */
export class DataDictionaryResponse {
  @ApiProperty({ enum: DATE_HANDLING, example: 'shift' }) dates: (typeof DATE_HANDLING)[number];
  @ApiProperty({ type: Number, nullable: true, example: 30 }) shiftDays: number | null;
  @ApiProperty({ example: 'coarsened to its month (YYYY-MM)' }) dateTreatment: string;
  @ApiProperty({ type: [DataDictionaryColumn] }) columns: DataDictionaryColumn[];
}
