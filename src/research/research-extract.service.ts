import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { Readable } from 'node:stream';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/auth/actor';
import { RecordNotFoundError } from '../common/errors/domain-errors';
import type { Environment } from '../config/environment';
import { FidelityService } from '../fidelity/fidelity.service';
import { csvLine } from '../reports/report-csv';
import { CsvChunk } from './csv-chunk';
import { type DateHandling, Deidentifier, type ExtractKey, parseExtractKeys } from './deidentify';
import {
  DATE_TREATMENT,
  EXTRACT_TABLE_DEFINITIONS,
  EXTRACT_TABLES,
  type ExtractFile,
  type ExtractRow,
  type ExtractTable,
} from './extract-tables';
import { ResearchExtractRepository } from './research-extract.repository';
import type { DataDictionaryResponse, ResearchExtractCatalogueResponse } from './dto/research-extract.dto';

/** Rows fetched from the cursor per read: a few hundred kilobytes of CSV, whatever the table's size. */
const BATCH_SIZE = 1000;
/**
 * Array rows to the row shape the columns read, through one reused object (its shape fixed by the first batch's
 * field names), so streaming a million rows allocates no object per row.
 */
function writeArrays(write: (rows: Iterable<ExtractRow>, count: number) => Promise<void>) {
  const row: ExtractRow = {};
  function* each(fields: string[], rows: unknown[][]): Generator<ExtractRow> {
    for (const values of rows) {
      for (let i = 0; i < fields.length; i++) row[fields[i]] = values[i];
      yield row;
    }
  }
  return (fields: string[], rows: unknown[][]): Promise<void> => write(each(fields, rows), rows.length);
}

/** The reader went away (or the stream was destroyed) before the end: the cursor is closed, the extract audited as failed. */
class ExtractAbandoned extends Error {
  constructor() {
    super('The research extract was abandoned before its end (the client went away)');
  }
}

/**
 * The research extract: consented service users only, pseudonymised per key, dates shifted or coarsened, as CSV
 * files streamed from a database cursor with back-pressure. Every extract is audited when it starts and, with
 * its row count, when it ends (or fails).
 */
@Injectable()
export class ResearchExtractService {
  private readonly logger = new Logger(ResearchExtractService.name);
  private readonly keys: Map<string, ExtractKey>;
  private readonly dates: DateHandling;
  private readonly shiftDays: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly repository: ResearchExtractRepository,
    private readonly fidelity: FidelityService,
    private readonly audit: AuditService,
    config: ConfigService<Environment, true>,
  ) {
    this.keys = parseExtractKeys(config.get('RESEARCH_EXTRACT_KEYS', { infer: true }));
    this.dates = config.get('RESEARCH_EXTRACT_DATES', { infer: true });
    this.shiftDays = config.get('RESEARCH_EXTRACT_DATE_SHIFT_DAYS', { infer: true });
    this.timeoutMs = config.get('RESEARCH_EXTRACT_TIMEOUT_MS', { infer: true });
  }

  catalogue(): ResearchExtractCatalogueResponse {
    return {
      keyIds: [...this.keys.keys()],
      dates: this.dates,
      shiftDays: this.dates === 'shift' ? this.shiftDays : null,
      files: EXTRACT_TABLES.map((table) => ({
        table,
        file: `${table}.csv`,
        description: EXTRACT_TABLE_DEFINITIONS[table].description,
      })),
    };
  }

  dictionary(): DataDictionaryResponse {
    return {
      dates: this.dates,
      shiftDays: this.dates === 'shift' ? this.shiftDays : null,
      dateTreatment: DATE_TREATMENT(this.dates, this.shiftDays),
      columns: EXTRACT_TABLES.flatMap((table) =>
        EXTRACT_TABLE_DEFINITIONS[table].columns.map((c) => ({
          table,
          file: `${table}.csv`,
          column: c.name,
          type: c.type,
          description: c.description,
          deidentification:
            typeof c.deidentification === 'string'
              ? c.deidentification
              : c.deidentification(this.dates, this.shiftDays),
        })),
      ),
    };
  }

  /**
   * Start one table of the extract. Resolves once the first rows were read (so a database that cannot be reached
   * is a 503, not a broken file); the CSV then streams, the next cursor batch read only when the reader has taken
   * the last one.
   */
  async open(actor: Actor, keyId: string, file: ExtractFile): Promise<Readable> {
    const key = this.keys.get(keyId);
    if (!key) throw new RecordNotFoundError('Research extract key', keyId);
    const table = file.slice(0, -'.csv'.length) as ExtractTable;
    const asOf = DateTime.now().setZone('Europe/London').toISODate()!;
    const details = { keyId, table, asOf, dates: this.dates };
    await this.audit.record({
      actor,
      action: 'research_extract.start',
      resourceType: 'research_extract',
      resourceId: table,
      details,
    });

    const deidentifier = new Deidentifier(key, this.dates, this.shiftDays);
    const columns = EXTRACT_TABLE_DEFINITIONS[table].columns;
    const chunk = new CsvChunk();
    let rows = 0;
    let closed = false;
    let demand = false;
    let wake: (() => void) | null = null;
    const output = new Readable({
      read() {
        demand = true;
        const resume = wake;
        wake = null;
        resume?.();
      },
      destroy(error, callback) {
        closed = true;
        const resume = wake;
        wake = null;
        resume?.();
        callback(error);
      },
    });
    output.push(csvLine(columns.map((c) => c.name)));

    let started!: () => void;
    const firstRows = new Promise<void>((resolve) => (started = resolve));
    const write = async (batch: Iterable<ExtractRow>, count: number): Promise<void> => {
      started();
      if (closed) throw new ExtractAbandoned();
      for (const row of batch) chunk.row(columns, row, deidentifier);
      rows += count;
      demand = false;
      if (!output.push(chunk.take()) && !demand) await new Promise<void>((resolve) => (wake = resolve));
      if (closed) throw new ExtractAbandoned();
    };

    const run =
      table === 'fidelity'
        ? this.fidelityRows(asOf, write)
        : this.repository.eachBatch(table, asOf, BATCH_SIZE, writeArrays(write), this.timeoutMs);
    // Failing before the first row (no connection, a timeout) is an error response; after it, a cut-off stream.
    try {
      await Promise.race([firstRows, run]);
    } catch (error) {
      await this.finish(actor, table, { ...details, rows, error: (error as Error).message }, 'failed');
      throw error;
    }
    void run.then(
      async () => {
        output.push(null);
        await this.finish(actor, table, { ...details, rows }, 'success');
      },
      async (error: unknown) => {
        output.destroy(error instanceof Error ? error : new Error(String(error)));
        await this.finish(actor, table, { ...details, rows, error: (error as Error).message }, 'failed');
      },
    );
    return output;
  }

  private async finish(
    actor: Actor,
    table: ExtractTable,
    details: Record<string, unknown>,
    outcome: 'success' | 'failed',
  ): Promise<void> {
    await this.audit
      .record({
        actor,
        action: 'research_extract.finish',
        resourceType: 'research_extract',
        resourceId: table,
        outcome,
        details,
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'Could not audit the end of a research extract'));
  }

  /** Fidelity per consented episode, site by site (one site's units in memory at a time), from the fidelity area. */
  private async fidelityRows(
    asOf: string,
    write: (rows: Iterable<ExtractRow>, count: number) => Promise<void>,
  ): Promise<number> {
    let total = 0;
    for (const siteId of await this.repository.consentedSites(asOf)) {
      const episodes = await this.repository.consentedEpisodesOfSite(asOf, siteId);
      const first = (await this.repository.firstReferralOfSite(siteId)) ?? asOf;
      const indicators = await this.fidelity.episodeIndicators(siteId, first < asOf ? first : asOf, asOf);
      let batch: ExtractRow[] = [];
      for (const episode of episodes) {
        for (const figure of indicators.get(episode.episodeId) ?? []) {
          batch.push({ ...episode, ...figure });
          if (batch.length >= BATCH_SIZE) {
            total += batch.length;
            await write(batch, batch.length);
            batch = [];
          }
        }
      }
      if (batch.length > 0) {
        total += batch.length;
        await write(batch, batch.length);
      }
    }
    if (total === 0) await write([], 0);
    return total;
  }
}
