import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse as InjectResponse } from 'fastify';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/common/auth/role';
import { quoteIdentifier } from '../../src/database/database-setup';
import { configureHttpApp, createHttpAdapter } from '../../src/http-app';
import { databaseUrl, deleteRedisPrefix, withServerClient } from './services';

export const ADMIN_EMAIL = 'admin@enrich.test';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const DEFAULT_PASSWORD = 'a-long-test-password';

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

/**
 * The real application (all roles: HTTP and BullMQ worker) on its own database, cloned from the
 * run's migrated template, and its own Redis key prefix. Nothing is mocked.
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly dataSource: DataSource,
    readonly openApi: OpenAPIObject,
    readonly databaseName: string,
    readonly redisPrefix: string,
    readonly adminToken: string,
    /** Every route Fastify registered: method and URL pattern (e.g. /api/v1/users/:id). */
    readonly routes: { method: string; url: string }[],
  ) {}

  static async start(environment: Record<string, string> = {}): Promise<TestApp> {
    const runId = process.env.ENRICH_TEST_RUN_ID;
    const template = process.env.ENRICH_TEST_TEMPLATE_DATABASE;
    if (!runId || !template) throw new Error('End-to-end tests need the global setup (run them with npm test)');
    const suffix = randomBytes(4).toString('hex');
    const databaseName = `enrich_test_${runId}_${suffix}`;
    const redisPrefix = `enrich-test-${runId}-${suffix}`;
    await withServerClient((client) =>
      client.query(`CREATE DATABASE ${quoteIdentifier(databaseName)} TEMPLATE ${quoteIdentifier(template)}`),
    );

    Object.assign(process.env, {
      NODE_ENV: 'test',
      APP_ROLE: 'all',
      DATABASE_URL: databaseUrl(databaseName),
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...environment,
    });

    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRole('all')] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(
      createHttpAdapter(Number(process.env.BODY_LIMIT_BYTES ?? 1024 * 1024)),
      {
        bufferLogs: true,
      },
    );
    app.useLogger(app.get(Logger));
    const routes: { method: string; url: string }[] = [];
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url });
      });
    const openApi = await configureHttpApp(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const dataSource = app.get<DataSource>(getDataSourceToken());

    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`Admin sign-in failed: ${login.body}`);
    return new TestApp(
      app,
      dataSource,
      openApi,
      databaseName,
      redisPrefix,
      login.json<{ accessToken: string }>().accessToken,
      routes,
    );
  }

  async call(method: InjectOptions['method'], url: string, options: CallOptions = {}): Promise<InjectResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    return this.app.inject({ method, url, headers, payload: options.body as InjectOptions['payload'] });
  }

  /** Call and insist on a status; the body is returned parsed. Fails with the body on any other status. */
  async expect<T = any>(
    status: number,
    method: InjectOptions['method'],
    url: string,
    options: CallOptions = {},
  ): Promise<T> {
    const response = await this.call(method, url, options);
    if (response.statusCode !== status) {
      throw new Error(`${method} ${url}: expected ${status}, got ${response.statusCode}: ${response.body}`);
    }
    return (response.body ? response.json() : undefined) as T;
  }

  async signIn(email: string, password = DEFAULT_PASSWORD): Promise<string> {
    return (
      await this.expect<{ accessToken: string }>(200, 'POST', '/api/v1/auth/login', { body: { email, password } })
    ).accessToken;
  }

  async createSite(
    name = 'North Riverside Mental Health NHS Foundation Trust',
    settings: Record<string, unknown> = {},
  ): Promise<string> {
    const odsCode = `R${randomBytes(2).toString('hex').toUpperCase()}`;
    return (
      await this.expect<{ id: string }>(201, 'POST', '/api/v1/sites', {
        token: this.adminToken,
        body: { name, odsCode, settings },
      })
    ).id;
  }

  /** Create a user (as admin unless `by` is given) and sign them in. */
  async createUser(roles: Role[], siteIds: string[], by: string = this.adminToken): Promise<TestUser> {
    const email = `${roles[0]}.${randomBytes(4).toString('hex')}@nhs.test`;
    const user = await this.expect<{ id: string }>(201, 'POST', '/api/v1/users', {
      token: by,
      body: { email, displayName: `Test ${roles.join(' ')}`, password: DEFAULT_PASSWORD, roles, siteIds },
    });
    return { id: user.id, email, token: await this.signIn(email) };
  }

  /** Serve over real HTTP on 127.0.0.1 (an ephemeral port unless given); returns the base URL (e.g. for a generated client). */
  async listen(port = 0): Promise<string> {
    await this.app.listen(port, '127.0.0.1');
    return this.app.getUrl();
  }

  /** A port free right now, for an app whose PUBLIC_BASE_URL must name the port it will listen on. */
  static async freePort(): Promise<number> {
    const { createServer } = await import('node:net');
    return new Promise((resolve, reject) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() =>
          typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port')),
        );
      });
    });
  }

  async close(): Promise<void> {
    await this.app.close();
    await withServerClient((client) =>
      client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(this.databaseName)} WITH (FORCE)`),
    );
    await deleteRedisPrefix(this.redisPrefix);
  }
}
