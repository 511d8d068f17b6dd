// `node dist/scripts/bench/profile-summary.js <file.cpuprofile>`: where a process spent its busy CPU, by package
// (node_modules/<name>), by area of the app (src/<area>) and by function; idle time left out. Used to explain
// the benchmark's ratios (docs/reference/performance.md).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function groupOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  const own = /\/dist\/src\/([^/]+)/.exec(url);
  if (own) return `app: src/${own[1]}`;
  return url.startsWith('node:') ? url : `other: ${url}`;
}

function summarise(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const group = groupOf(node);
    if (group === '(idle)' || group === '(program)') return;
    const micros = profile.timeDeltas[i] ?? 0;
    busy += micros;
    groups.set(group, (groups.get(group) ?? 0) + micros);
    const name = `${group} ${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  });
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%  ${name}`);
  return [
    `busy CPU: ${Math.round(busy / 1000)} ms`,
    '-- by package or area',
    ...rows(groups),
    '-- by function',
    ...rows(functions),
  ].join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile>');
  process.stdout.write(`${summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile)}\n`);
}
