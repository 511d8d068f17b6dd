import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsUUID, Matches } from 'class-validator';

const DATE_ONLY = { strict: true, strictSeparator: true } as const;

/** A report's scope: one site and a period of London calendar dates, both ends included. */
export class ReportQuery {
  @ApiProperty({ format: 'uuid', example: '3f0c8b7e-2a53-4a8e-9b8a-51f0d1b2c3d4' })
  @IsUUID()
  siteId: string;

  @ApiProperty({ format: 'date', example: '2026-04-01', description: 'First day of the period (Europe/London)' })
  @IsISO8601(DATE_ONLY)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  from: string;

  @ApiProperty({
    format: 'date',
    example: '2026-06-30',
    description: 'Last day of the period, included (Europe/London)',
  })
  @IsISO8601(DATE_ONLY)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date (YYYY-MM-DD)' })
  to: string;
}
