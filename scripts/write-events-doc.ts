import 'reflect-metadata';
import { DiscoveryService, ModulesContainer, NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { AppModule } from '../src/app.module';
import { renderEventsDoc, EVENTS_DOC_FILE } from '../src/common/events/events-doc';
import { discoverDomainEventHandlers } from '../src/common/events/handler-discovery';

/**
 * `npm run docs:events`: wire the whole app (both roles) in Nest's preview mode — no database, Redis or
 * port — discover the @OnDomainEvent handlers the way DomainEvents does at start-up, and write docs/events.md.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRole('all'), { preview: true, logger: false });
  // Preview mode creates no providers, DiscoveryService included: build one over the wired modules.
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  writeFileSync(EVENTS_DOC_FILE, renderEventsDoc(discoverDomainEventHandlers(discovery)));
  await app.close();
  process.stdout.write(`Wrote ${EVENTS_DOC_FILE}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`Could not write docs/events.md: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
