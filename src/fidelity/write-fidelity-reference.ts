// `npm run docs:fidelity`: write docs/reference/fidelity.md from the indicator table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFidelityReference } from './fidelity-indicators';

const target = join(__dirname, '../../../docs/reference/fidelity.md');
writeFileSync(target, renderFidelityReference());
process.stdout.write(`Wrote ${target}\n`);
