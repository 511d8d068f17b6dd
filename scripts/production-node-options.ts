/**
 * The Node options production runs the app with: the `ENV NODE_OPTIONS=…` of the Dockerfile's final stage, the
 * one place they are set (docs/reference/configuration.md). `npm start` and the benchmarks take them from here,
 * so every way of starting the built app runs with the same heap settings.
 * `node dist/scripts/production-node-options.js` prints them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, from dist/scripts/ once built. */
const DOCKERFILE = join(__dirname, '..', '..', 'Dockerfile');

export function productionNodeOptions(dockerfile: string = readFileSync(DOCKERFILE, 'utf8')): string {
  const stages = dockerfile.split(/^FROM /m);
  const setting = /^ENV NODE_OPTIONS=("?)(.*)\1\s*$/m.exec(stages[stages.length - 1]);
  if (!setting) throw new Error('The Dockerfile sets no NODE_OPTIONS in its final stage');
  return setting[2];
}

if (require.main === module) process.stdout.write(productionNodeOptions());
