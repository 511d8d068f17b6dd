/**
 * `npm run bench:explain -- <10k|1m>`: boot the app in this process on the seeded database, send each read
 * scenario's request once, capture every SELECT the app sent to PostgreSQL, and print EXPLAIN ANALYZE of each
 * (with its parameters) as Markdown — the plans the performance page quotes.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createHttpAdapter } from '../../src/http-app';
import { benchDatabaseUrl } from '../seed-load';
import { SEED_SIZES } from '../seed/seed-sql';
import { deepPageCursor } from './deep-page-cursor';
import { coordinatorOfSite0, scenarios } from './scenarios';

async function main(): Promise<void> {
  const sizeName = (process.argv[2] ?? '1m').toLowerCase();
  const size = SEED_SIZES[sizeName];
  if (!size) throw new Error(`Unknown size ${sizeName}`);
  const url = benchDatabaseUrl(sizeName);
  Object.assign(process.env, {
    DATABASE_URL: url,
    APP_ROLE: 'api',
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: `enrich-explain-${process.pid}`,
    DATABASE_MIGRATE_ON_START: 'false',
  });

  const explainer = new Client({ connectionString: url });
  await explainer.connect();
  const captured: { text: string; values: unknown[] }[] = [];
  let capturing = false;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be re-bound with .apply and restored
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    if (capturing && this !== explainer) {
      const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown];
      const text = typeof config === 'string' ? config : config?.text;
      if (typeof text === 'string')
        captured.push({
          text,
          values: Array.isArray(values) ? values : typeof config === 'object' ? (config.values ?? []) : [],
        });
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRole('api'),
    createHttpAdapter(1024 * 1024),
    { logger: false },
  );
  await configureHttpApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  try {
    const actor = coordinatorOfSite0();
    const token = await app
      .get(JwtService)
      .signAsync({ sub: actor.id, kind: 'user', roles: actor.roles, sites: actor.sites });
    const cursor = await deepPageCursor(explainer, actor.sites[0]);
    process.stdout.write(`# EXPLAIN ANALYZE of the read scenarios at ${sizeName} (${new Date().toISOString()})\n`);
    for (const scenario of scenarios(size, cursor).filter((s) => s.kind === 'read')) {
      const { method, path } = scenario.request(3);
      // Once to warm caches, then the captured run.
      await app.inject({ method, url: path, headers: { authorization: `Bearer ${token}` } });
      captured.length = 0;
      capturing = true;
      const response = await app.inject({ method, url: path, headers: { authorization: `Bearer ${token}` } });
      capturing = false;
      process.stdout.write(
        `\n## ${scenario.name} — ${method} ${path.replace(/cursor=[^&]+/, 'cursor=…')} → ${response.statusCode}\n`,
      );
      for (const query of captured.filter((q) => /^\s*(SELECT|WITH)\b/i.test(q.text))) {
        const { rows } = await explainer.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) ${query.text}`,
          query.values,
        );
        process.stdout.write(
          `\n\`\`\`sql\n${query.text.replace(/\s+/g, ' ').slice(0, 400)}${query.text.length > 400 ? ' …' : ''}\n\`\`\`\n\`\`\`text\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`,
        );
      }
    }
  } finally {
    Client.prototype.query = original;
    await app.close();
    await explainer.end();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench:explain failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
