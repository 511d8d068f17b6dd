import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const APP_ROLES = ['api', 'worker', 'all'] as const;
export type AppRole = (typeof APP_ROLES)[number];

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

/** The development key (published: it protects nothing); never offered when NODE_ENV is production. */
export const DEVELOPMENT_RESEARCH_EXTRACT_KEYS = 'development:development-only-research-extract-key-0123456789';
const RESEARCH_EXTRACT_KEY = '[a-z0-9][a-z0-9_-]{0,39}:[^,]{32,}';
const RESEARCH_EXTRACT_KEYS_PATTERN = new RegExp(`^(none|${RESEARCH_EXTRACT_KEY}(,${RESEARCH_EXTRACT_KEY})*)$`);

/**
 * Every environment variable the service reads, with its default. `.env.example` lists the same set;
 * a test keeps the two in step. Defaults work on a machine with local PostgreSQL and Redis.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** api: HTTP only; worker: BullMQ processors only; all: both in one process (single-machine default). */
  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * The address integrators reach this service at (no trailing slash). FHIR links, the OAuth issuer and
   * discovery documents are built from it, never from the request's Host or X-Forwarded-Host, which a
   * caller controls.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\/+$/, '') : value))
  @Matches(/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/, {
    message: 'PUBLIC_BASE_URL must be an http(s) URL such as https://enrich.example.nhs.uk',
  })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'DATABASE_URL must look like postgres://user@host:5432/database',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/enrich';

  /**
   * A PostgreSQL read replica for read-only endpoints that may lag a moment (reports, fidelity, outcome summaries,
   * FHIR searches). Unset: they read the primary. Authority checks, audit rows and writes always use DATABASE_URL.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'DATABASE_READ_URL must look like postgres://user@replica-host:5432/database',
  })
  DATABASE_READ_URL?: string;

  /** Connections in the read replica's pool (when DATABASE_READ_URL is set). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_READ_POOL_MAX = 10;

  /** Connections in the pool; a request holds one at a time (a transaction never takes a second). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_MAX = 20;

  /** How long a request waits for a free pool connection before it is answered 503 with Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS = 5000;

  /** PostgreSQL lock_timeout: a statement waiting longer for a row lock fails (503, Retry-After) instead of queueing. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DATABASE_LOCK_TIMEOUT_MS = 5000;

  /** PostgreSQL statement_timeout: no single statement runs longer than this. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  DATABASE_STATEMENT_TIMEOUT_MS = 30000;

  /** PostgreSQL idle_in_transaction_session_timeout: a transaction left idle this long is ended by the server. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60000;

  /**
   * A query through a second pool connection while a transaction holds one is how a burst deadlocks the pool.
   * off: not checked; log: logged with its stack; throw: the query fails (tests use this to find offenders).
   */
  @IsIn(['off', 'log', 'throw'])
  DATABASE_NESTED_CONNECTION_CHECK: 'off' | 'log' | 'throw' = 'log';

  /** Create the database when it is missing and apply pending migrations before serving. */
  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_MIGRATE_ON_START = true;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must look like redis://host:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Redis is a Redis Cluster: REDIS_URL (and OUTBOX_RELAY_REDIS_URL) name one seed node, and REDIS_PREFIX must be a hash tag. */
  @Transform(toBoolean)
  @IsBoolean()
  REDIS_CLUSTER = false;

  /**
   * Key prefix for every BullMQ key, so several deployments (or test runs) can share one Redis. On Redis Cluster,
   * wrap it in braces (`{enrich}`): the hash tag puts every key of a queue in one slot, as BullMQ's Lua scripts need.
   */
  @Matches(/^(\{[A-Za-z0-9:_-]+\}|[A-Za-z0-9:_-]+)$/, {
    message:
      'REDIS_PREFIX may hold letters, digits, ":", "_" and "-" only, optionally wrapped in {} as a Redis Cluster hash tag',
  })
  REDIS_PREFIX = 'enrich';

  /** The service's calendar: step-down weeks, digests and "today" are computed in this zone, whatever TZ says. */
  @IsString()
  CALENDAR_TIME_ZONE = 'Europe/London';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET = 'development-only-secret-change-me-please-0123456789';

  @Transform(toInt)
  @IsInt()
  @Min(60)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(300)
  REFRESH_TOKEN_TTL_SECONDS = 60 * 60 * 24 * 14;

  /** How long a password reset an admin issued stays redeemable (default a day). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  PASSWORD_RESET_TTL_SECONDS = 60 * 60 * 24;

  @IsOptional()
  @IsEmail({}, { message: 'BOOTSTRAP_ADMIN_EMAIL must be an email address' })
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Comma-separated allowed origins; empty (the default) leaves CORS off. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  /** How long SIGTERM waits for in-flight requests and jobs before the process exits anyway. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 25000;

  /** How often the worker moves unsent outbox rows into BullMQ. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  OUTBOX_RELAY_INTERVAL_MS = 1000;

  /** Outbox rows moved per relay transaction (locked with FOR UPDATE SKIP LOCKED). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  OUTBOX_RELAY_BATCH_SIZE = 500;

  /** Redis the relay enqueues through; empty means REDIS_URL (a separate URL lets a fault test cut only the relay off). */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'OUTBOX_RELAY_REDIS_URL must look like redis://host:6379' })
  OUTBOX_RELAY_REDIS_URL?: string;

  /**
   * How often the worker re-asserts its repeating jobs (relay tick, housekeeping, next digest) and checks
   * that Redis still holds its schedule; a Redis that came back empty is refilled from PostgreSQL.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SCHEDULE_KEEPER_INTERVAL_MS = 15000;

  /**
   * Reminder jobs one worker process runs at once. Their notifications are stored and delivered in shared batches,
   * so a burst needs many slots but only a few connections.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  REMINDER_WORKER_CONCURRENCY = 50;

  /** After Redis lost its data, reminders due up to this many hours ago are still sent (late); older ones are skipped. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  REMINDER_REBUILD_MISSED_HOURS = 72;

  /** Events of this age or younger are replayed when reminders are rebuilt (the longest plan a reminder can belong to). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REMINDER_REBUILD_LOOKBACK_DAYS = 400;

  /** /health/ready reports the relay down when an outbox row has waited this long unsent. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  OUTBOX_STALL_AFTER_MS = 60000;

  /** Compresses every reminder delay by this factor (1 in production; tests shorten days to seconds). */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? Number(value) : value,
  )
  @IsNumber()
  @Min(0.0000001)
  @Max(1)
  REMINDER_TIME_SCALE = 1;

  /** Local time (HH:mm, Europe/London) at which each coordinator receives the daily digest of overdue items. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'DAILY_DIGEST_LOCAL_TIME must be HH:mm' })
  DAILY_DIGEST_LOCAL_TIME = '07:30';

  /** Webhook delivery attempts per event before it is left in the failed (dead-letter) list. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS = 6;

  /** First retry delay of a webhook delivery; each retry doubles it. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  WEBHOOK_BACKOFF_MS = 10000;

  /** A subscription is disabled after this many consecutive failed attempts. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  WEBHOOK_DISABLE_AFTER_FAILURES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 5000;
  /** How long an Idempotency-Key and its response are kept per client (at least a day, so a next-day retry is safe). */
  @Transform(toInt)
  @IsInt()
  @Min(24)
  IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

  /**
   * A key still "in flight" after this long belongs to a request whose process died (SIGKILL, crash): the
   * retry may claim it again instead of hearing "still being processed" for a day. Longer than any request runs.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_ABANDONED_AFTER_SECONDS = 120;

  /**
   * Research extract keys: `id:secret` pairs, comma-separated (id: lower-case letters, digits, `_`, `-`; secret at
   * least 32 characters). Each key gives its own stable pseudonyms (HMAC-SHA256). The default is one published
   * development key, offered only outside production: production offers no key until this is set.
   */
  @Matches(RESEARCH_EXTRACT_KEYS_PATTERN, {
    message:
      'RESEARCH_EXTRACT_KEYS must be comma-separated id:secret pairs (id a-z, 0-9, _ or -; secret at least 32 characters, no commas)',
  })
  RESEARCH_EXTRACT_KEYS = DEVELOPMENT_RESEARCH_EXTRACT_KEYS;

  /** How dates leave in a research extract: shifted per person (`shift`), or coarsened to the week or month. */
  @IsIn(['shift', 'week', 'month'])
  RESEARCH_EXTRACT_DATES: 'shift' | 'week' | 'month' = 'shift';

  /** With `shift`: each person's dates move by the same whole number of days, between -N and +N, drawn from the HMAC. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RESEARCH_EXTRACT_DATE_SHIFT_DAYS = 30;

  /** statement_timeout and idle_in_transaction_session_timeout of an extract's read-only transaction (a slow reader holds it open). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  RESEARCH_EXTRACT_TIMEOUT_MS = 1_800_000;
}

export class ConfigurationError extends Error {}

/** Validates process.env; throws one line naming the first bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(Environment, cleaned, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    const text = message.startsWith(first.property) ? message : `${first.property} ${message}`;
    throw new ConfigurationError(`Invalid configuration: ${text}`);
  }
  if (env.REDIS_CLUSTER && !/^\{.+\}$/.test(env.REDIS_PREFIX)) {
    // BullMQ's scripts touch several keys of a queue at once: on a cluster they must hash to one slot.
    throw new ConfigurationError(
      'Invalid configuration: REDIS_PREFIX must be a hash tag such as {enrich} when REDIS_CLUSTER is true',
    );
  }
  if (env.NODE_ENV === 'production' && env.JWT_SECRET === new Environment().JWT_SECRET) {
    throw new ConfigurationError('Invalid configuration: JWT_SECRET must be set in production');
  }
  if (env.NODE_ENV === 'production' && env.RESEARCH_EXTRACT_KEYS === DEVELOPMENT_RESEARCH_EXTRACT_KEYS) {
    env.RESEARCH_EXTRACT_KEYS = 'none';
  }
  return env;
}
