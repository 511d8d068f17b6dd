import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { AppModule } from './app.module';
import { ConfigurationError, Environment, validateEnvironment } from './config/environment';
import { ensureDatabaseExists, runPendingMigrations } from './database/database-setup';
import { createHttpAdapter, configureHttpApp } from './http-app';

function loadEnvironment(): Environment {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      // One clear line naming the variable, then stop.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function prepareDatabase(env: Environment): Promise<void> {
  if (!env.DATABASE_MIGRATE_ON_START) return;
  await ensureDatabaseExists(env.DATABASE_URL);
  const applied = await runPendingMigrations(env.DATABASE_URL);
  if (applied.length > 0)
    process.stdout.write(`${JSON.stringify({ level: 30, msg: 'Applied migrations', applied })}\n`);
}

/** After SIGTERM, give in-flight requests and jobs this long, then exit regardless. */
function armShutdownTimer(app: INestApplicationContext, timeoutMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), timeoutMs).unref();
    // Nest's shutdown hooks close the HTTP server (no new requests), let BullMQ workers finish or
    // return their jobs, and close the PostgreSQL and Redis pools.
    void app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    app.get(Logger).log(`Received ${signal}; shutting down`);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

async function bootstrap(): Promise<void> {
  const env = loadEnvironment();
  await prepareDatabase(env);
  const module = AppModule.forRole(env.APP_ROLE);

  if (env.APP_ROLE === 'worker') {
    const worker = await NestFactory.createApplicationContext(module, { bufferLogs: true });
    worker.useLogger(worker.get(Logger));
    armShutdownTimer(worker, env.SHUTDOWN_TIMEOUT_MS);
    worker.get(Logger).log('ENRICH worker started');
    return;
  }

  const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(env.BODY_LIMIT_BYTES), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await configureHttpApp(app);
  armShutdownTimer(app, env.SHUTDOWN_TIMEOUT_MS);
  await app.listen({ port: env.PORT, host: env.HOST });
  app.get(Logger).log(`ENRICH ${env.APP_ROLE} listening on ${await app.getUrl()} (Swagger UI at /docs)`);
}

void bootstrap().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ENRICH failed to start: ${message}\n`);
  process.exit(1);
});
