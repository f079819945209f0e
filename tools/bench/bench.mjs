// `npm run bench`: measures synth and tests on this machine and compares them
// with the budgets of the workspace. Reports only; tests never assert timings.
// Peak RSS is the largest single process of the run (getrusage RUSAGE_CHILDREN),
// i.e. the biggest synth process or jest worker.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nx = join(root, 'node_modules', '.bin', 'nx');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };

// Python's getrusage gives the peak RSS of all waited-for descendants, which Node cannot.
const MEASURE = `
import resource, subprocess, sys, time, json
start = time.monotonic()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(json.dumps({"code": code, "seconds": time.monotonic() - start,
                  "peakRssMb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
`;

function measure(args) {
  const result = spawnSync('python3', ['-c', MEASURE, nx, ...args, '--output-style=static'], { cwd: root, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`measuring nx ${args.join(' ')} failed: ${result.stderr}`);
  const measured = JSON.parse(result.stdout);
  if (measured.code !== 0) throw new Error(`nx ${args.join(' ')} exited ${measured.code}`);
  return measured;
}

// --skip-nx-cache neither reads nor writes the cache, so the warm case first fills it.
const fillCache = () => measure(['run-many', '-t', 'synth']);

const cases = [
  { name: 'synth, all envs, cold', args: ['run-many', '-t', 'synth', '--skip-nx-cache'], budget: { seconds: 5 } },
  { name: 'synth, all envs, warm (cache hit)', before: fillCache, args: ['run-many', '-t', 'synth'], budget: { seconds: 1.5 } },
  { name: 'synth, one env (staging01), cold', args: ['run', 'staging01:synth', '--skip-nx-cache'], budget: {} },
  { name: 'test, whole suite, cold', args: ['run-many', '-t', 'test', '--skip-nx-cache'], budget: { seconds: 90, peakRssMb: 700 } },
];

const results = cases.map(({ name, before, args, budget }) => {
  before?.();
  const { seconds, peakRssMb } = measure(args);
  const withinBudget = (budget.seconds === undefined || seconds <= budget.seconds) && (budget.peakRssMb === undefined || peakRssMb <= budget.peakRssMb);
  return { name, command: `nx ${args.join(' ')}`, seconds: Number(seconds.toFixed(2)), peakRssMb: Math.round(peakRssMb), budget, withinBudget };
});

const row = (cells) => `| ${cells.join(' | ')} |`;
console.log(row(['case', 'wall (s)', 'peak RSS (MB)', 'budget', 'ok']));
console.log(row(['---', '---:', '---:', '---', '---']));
for (const r of results) {
  const budget = [r.budget.seconds && `≤ ${r.budget.seconds} s`, r.budget.peakRssMb && `≤ ${r.budget.peakRssMb} MB/process`].filter(Boolean).join(', ') || '—';
  console.log(row([r.name, r.seconds.toFixed(2), r.peakRssMb, budget, r.withinBudget ? 'yes' : 'NO']));
}

const machine = { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, results }, null, 2)}\n`);
console.log(`\nwrote bench/results.json (${machine.cpus} cores, ${machine.memoryGb} GB, node ${machine.node})`);
if (results.some((r) => !r.withinBudget)) process.exitCode = 1;
