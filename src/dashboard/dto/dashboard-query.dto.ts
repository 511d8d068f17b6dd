import { IsISO8601, IsOptional, Matches } from 'class-validator';

const DATE_ONLY = { strict: true, strictSeparator: true } as const;

/** The dashboard's period: London calendar dates, both ends included; by default the last 90 days. */
export class DashboardQuery {
  @IsOptional()
  @IsISO8601(DATE_ONLY)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @IsOptional()
  @IsISO8601(DATE_ONLY)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;
}
