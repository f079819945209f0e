// `npm run bench`: measures synth and tests on this machine and compares them
// with the budgets of the workspace. Reports only; tests never assert timings.
// Peak RSS is the largest single process of the run (getrusage RUSAGE_CHILDREN),
// i.e. the biggest synth process or jest worker.
//
// A case that fails (its command exits non-zero, or cannot be measured) does not
// stop the others: the table shows it as FAILED with a one-line reason, every
// other figure is still printed and written, and the exit code is 1 at the end
// (as it is when a case is over its budget).
//
// BENCH_CASES=<file.json> replaces the cases with `[{ "name", "command": [argv...],
// "before"?: [argv...], "budget"?: { "seconds"?, "peakRssMb"? } }]` (commands run
// from the workspace root); BENCH_RESULTS=<file> writes the results there instead
// of bench/results.json. Both exist for the tests (tools/bench/test).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nx = join(root, 'node_modules', '.bin', 'nx');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };

// Python's getrusage gives the peak RSS of all waited-for descendants, which Node cannot.
// The command's output goes to a temporary file; its last line is the reason of a failure.
const MEASURE = `
import json, os, re, resource, subprocess, sys, tempfile, time
start = time.monotonic()
reason = ""
with tempfile.TemporaryFile() as out:
    try:
        code = subprocess.call(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    except OSError as error:
        code, reason = 127, f"cannot run {sys.argv[1]}: {error.strerror}"
    if code != 0 and not reason:
        out.seek(max(0, out.seek(0, os.SEEK_END) - 8192))
        tail = re.sub(r"\\x1b\\[[0-9;]*[A-Za-z]", "", out.read().decode("utf-8", "replace"))
        lines = [line.strip() for line in tail.splitlines() if line.strip()]
        lines = [line for line in lines if not re.match(r"(Pass --verbose|Hint: .*--verbose)", line)]
        # Nx ends with "Failed tasks:" and a "- <task>" line per task, or one "NX   <message>".
        failed = lines[lines.index("Failed tasks:") + 1:] if "Failed tasks:" in lines else []
        failed = [line[2:] for line in failed if line.startswith("- ")]
        nx = [line[2:].strip() for line in lines if line.startswith("NX ")]
        reason = ("failed tasks: " + ", ".join(failed)) if failed else nx[-1] if nx else lines[-1] if lines else "no output"
print(json.dumps({"code": code, "reason": reason, "seconds": time.monotonic() - start,
                  "peakRssMb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
`;

const oneLine = (text) => String(text).replace(/\s+/g, ' ').trim().slice(0, 300);

/** Runs `command` (argv) under the measuring wrapper; throws an Error whose message is one line. */
function measure(command) {
  const result = spawnSync('python3', ['-c', MEASURE, ...command], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.error) throw new Error(`cannot run python3 to measure: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = (result.stderr ?? '').split('\n').filter((line) => line.trim());
    throw new Error(`measuring failed: ${lines.at(-1) ?? `python3 exited ${result.status ?? result.signal}`}`);
  }
  const measured = JSON.parse(result.stdout);
  if (measured.code !== 0) {
    const exit = measured.code < 0 ? `killed by signal ${-measured.code}` : `exited ${measured.code}`;
    throw new Error(`${exit}${measured.reason ? `: ${measured.reason}` : ''}`);
  }
  return measured;
}

const viaNx = (args) => [nx, ...args, '--output-style=static'];

// --skip-nx-cache neither reads nor writes the cache, so the warm case first fills it.
const defaultCases = [
  { name: 'synth, all envs, cold', command: viaNx(['run-many', '-t', 'synth', '--skip-nx-cache']), budget: { seconds: 5 } },
  {
    name: 'synth, all envs, warm (cache hit)',
    before: viaNx(['run-many', '-t', 'synth']),
    command: viaNx(['run-many', '-t', 'synth']),
    budget: { seconds: 1.5 },
  },
  { name: 'synth, one env (staging01), cold', command: viaNx(['run', 'staging01:synth', '--skip-nx-cache']), budget: {} },
  { name: 'test, whole suite, cold', command: viaNx(['run-many', '-t', 'test', '--skip-nx-cache']), budget: { seconds: 90, peakRssMb: 700 } },
];

function loadCases() {
  const file = process.env.BENCH_CASES;
  if (!file) return defaultCases;
  const cases = JSON.parse(readFileSync(resolve(file), 'utf8'));
  if (!Array.isArray(cases) || cases.some((c) => typeof c?.name !== 'string' || !Array.isArray(c.command) || c.command.length === 0)) {
    throw new Error(`${file}: expected [{ "name": string, "command": [argv...], "before"?: [argv...], "budget"?: {...} }]`);
  }
  return cases.map((c) => ({ budget: {}, ...c }));
}

// Shown instead of the full (long, machine-specific) nx path.
const display = (command) => command.map((arg) => (arg === nx ? 'nx' : arg)).join(' ');

function runCase({ name, before, command, budget }) {
  const base = { name, command: display(command), budget };
  try {
    if (before) {
      try {
        measure(before);
      } catch (error) {
        throw new Error(`preparation (${display(before)}) ${error.message}`);
      }
    }
    const { seconds, peakRssMb } = measure(command);
    const withinBudget = (budget.seconds === undefined || seconds <= budget.seconds) && (budget.peakRssMb === undefined || peakRssMb <= budget.peakRssMb);
    return { ...base, status: 'ok', seconds: Number(seconds.toFixed(2)), peakRssMb: Math.round(peakRssMb), withinBudget };
  } catch (error) {
    return { ...base, status: 'failed', error: oneLine(error instanceof Error ? error.message : error) };
  }
}

function main() {
  let cases;
  try {
    cases = loadCases();
  } catch (error) {
    console.error(`bench: ${oneLine(error instanceof Error ? error.message : error)}`);
    process.exitCode = 2;
    return;
  }

  const results = [];
  for (const benchCase of cases) {
    const result = runCase(benchCase);
    results.push(result);
    if (result.status === 'failed') console.error(`bench: ${result.name}: FAILED: ${result.error}`);
  }

  const row = (cells) => `| ${cells.map((cell) => String(cell).replaceAll('|', '\\|')).join(' | ')} |`;
  console.log(row(['case', 'wall (s)', 'peak RSS (MB)', 'budget', 'ok']));
  console.log(row(['---', '---:', '---:', '---', '---']));
  for (const r of results) {
    const budget = [r.budget.seconds && `≤ ${r.budget.seconds} s`, r.budget.peakRssMb && `≤ ${r.budget.peakRssMb} MB/process`].filter(Boolean).join(', ') || '—';
    if (r.status === 'failed') console.log(row([r.name, '—', '—', budget, `FAILED: ${r.error}`]));
    else console.log(row([r.name, r.seconds.toFixed(2), r.peakRssMb, budget, r.withinBudget ? 'yes' : 'NO']));
  }

  const machine = { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  const resultsFile = process.env.BENCH_RESULTS ? resolve(process.env.BENCH_RESULTS) : join(root, 'bench', 'results.json');
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, results }, null, 2)}\n`);
  const shown = resultsFile.startsWith(`${root}/`) ? resultsFile.slice(root.length + 1) : resultsFile;
  console.log(`\nwrote ${shown} (${machine.cpus} cores, ${machine.memoryGb} GB, node ${machine.node})`);

  const failed = results.filter((r) => r.status === 'failed');
  const overBudget = results.filter((r) => r.status === 'ok' && !r.withinBudget);
  if (failed.length > 0) console.log(`${failed.length} of ${results.length} cases FAILED: ${failed.map((r) => r.name).join('; ')}`);
  if (overBudget.length > 0) console.log(`${overBudget.length} of ${results.length} cases over budget: ${overBudget.map((r) => r.name).join('; ')}`);
  if (failed.length > 0 || overBudget.length > 0) process.exitCode = 1;
}

main();
