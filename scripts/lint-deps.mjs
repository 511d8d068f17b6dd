// `npm run lint:deps`: the area rules of .dependency-cruiser.cjs, run through dependency-cruiser's API.
//  1. no-other-areas-entities (dependency-cruiser rule): no import of another area's entities/ but type-only.
//  2. no-cycles-between-areas: the area graph (src/<area>, shared folders left out, type-only imports left
//     out as they leave nothing at run time) has no cycle. dependency-cruiser's folder scope sees sub-folders
//     and type-only edges, so this step reads its module graph and finds the cycles itself (Tarjan).
// Violations listed in .dependency-cruiser-known-violations.json are reported but pass (entity imports by
// file, cycles by the area import that closes them); a listed violation that no longer occurs fails too, so
// every fix shrinks the list. Exit 1 on any new or stale entry.
import { cruise } from 'dependency-cruiser';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const config = require(join(root, '.dependency-cruiser.cjs'));
const KNOWN_FILE = join(root, '.dependency-cruiser-known-violations.json');

process.chdir(root);
const { output } = await cruise(['src'], {
  ...config.options,
  ruleSet: { forbidden: config.forbidden },
  validate: true,
});

const entityImports = output.summary.violations
  .filter((v) => v.rule.name === 'no-other-areas-entities')
  .map((v) => `${v.from} → ${v.to}`)
  .sort();

const shared = new RegExp(config.shared);
// workforce/ and integration/ group areas (workforce/training, integration/fhir …): each sub-folder is an area.
const areaOf = (path) =>
  shared.test(path) ? null : (/^src\/((?:workforce|integration)\/[^/]+|[^/]+)\//.exec(path)?.[1] ?? null);
const edges = new Map();
for (const module of output.modules) {
  const from = areaOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = areaOf(dependency.resolved);
    if (!to || to === from || dependency.dependencyTypes.includes('type-only')) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const via = edges.get(from);
    if (!via.has(to)) via.set(to, `${module.source} → ${dependency.resolved}`);
  }
}

/** Strongly connected components of the area graph with more than one area: each is a cycle to break. */
function cyclesOf(graph) {
  const index = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    found = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => a.join().localeCompare(b.join()));
}
const known = JSON.parse(readFileSync(KNOWN_FILE, 'utf8'));
// Known cycles are listed as the area imports that close them ("sites → episodes"): those edges are left out,
// and any cycle that remains is new. A listed edge that no longer exists is stale.
const toleratedEdges = known['no-cycles-between-areas.tolerated-edges'] ?? [];
const staleEdges = toleratedEdges.filter((edge) => {
  const [from, to] = edge.split(' → ');
  return !edges.get(from)?.has(to);
});
const checked = new Map(
  [...edges].map(([from, via]) => [
    from,
    new Map([...via].filter(([to]) => !toleratedEdges.includes(`${from} → ${to}`))),
  ]),
);
const cycles = cyclesOf(checked);
const areaImports = cycles.flatMap((component) =>
  component.flatMap((from) =>
    component.filter((to) => checked.get(from)?.has(to)).map((to) => `${from} → ${to} (${checked.get(from).get(to)})`),
  ),
);

const current = {
  'no-other-areas-entities': entityImports,
  'no-cycles-between-areas': cycles.map((c) => c.join(' ↔ ')),
};
let failed = false;
for (const edge of staleEdges) {
  process.stdout.write(
    `error no-cycles-between-areas: ${edge} is fixed — remove it from .dependency-cruiser-known-violations.json\n`,
  );
  failed = true;
}
for (const edge of toleratedEdges)
  process.stdout.write(
    `known area import closing a cycle: ${edge}${edges.get(edge.split(' → ')[0])?.get(edge.split(' → ')[1]) ? ` (${edges.get(edge.split(' → ')[0]).get(edge.split(' → ')[1])})` : ''}\n`,
  );
for (const [rule, now] of Object.entries(current)) {
  const listed = known[rule] ?? [];
  const fresh = now.filter((v) => !listed.includes(v));
  const stale = listed.filter((v) => !now.includes(v));
  for (const v of fresh) process.stdout.write(`error ${rule}: ${v}\n`);
  for (const v of stale)
    process.stdout.write(`error ${rule}: ${v} is fixed — remove it from .dependency-cruiser-known-violations.json\n`);
  if (fresh.length + stale.length > 0) failed = true;
  process.stdout.write(
    `${rule}: ${now.length} known violation(s) left${fresh.length ? `, ${fresh.length} new` : ''}\n`,
  );
}
// The imports that close each cycle, so the next fix is easy to find.
if (failed || process.argv.includes('--verbose'))
  for (const line of areaImports) process.stdout.write(`  cycle edge: ${line}\n`);
process.exit(failed ? 1 : 0);
