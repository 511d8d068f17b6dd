import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { AppModule } from '../app.module';
import { applyGlobalPrefix, buildOpenApiDocument } from '../http-app';
import { OPENAPI_FILE, renderOpenApi } from './openapi-file';

/**
 * `npm run openapi`, step one: build the app's OpenAPI document without a database, Redis or a port
 * (Nest's preview mode wires the modules but creates no providers) and write openapi.json.
 * Step two (in the npm script) regenerates the typed client from it.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole('api'), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  applyGlobalPrefix(app);
  writeFileSync(OPENAPI_FILE, renderOpenApi(buildOpenApiDocument(app)));
  await app.close();
  process.stdout.write(`Wrote ${OPENAPI_FILE}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`Could not write openapi.json: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
