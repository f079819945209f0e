/**
 * `npm run bench` keeps every figure it measured when one case fails: the
 * failed case is marked with its one-line reason, the others are printed and
 * written, and the exit code is non-zero. The cases are swapped for tiny
 * commands through BENCH_CASES; nothing here asserts a timing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BENCH = join(__dirname, '..', 'bench.mjs');
// Generous: the machine may be busy with other heavy jobs.
const CHILD_TIMEOUT_MS = 120_000;
jest.setTimeout(4 * CHILD_TIMEOUT_MS);

interface BenchResult {
  name: string;
  status: 'ok' | 'failed';
  seconds?: number;
  peakRssMb?: number;
  withinBudget?: boolean;
  error?: string;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function runBench(cases: unknown): Promise<{ code: number | null; stdout: string; stderr: string; results?: BenchResult[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'lq3-bench-test-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
  const resultsFile = join(dir, 'out', 'results.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH], {
      env: { ...process.env, BENCH_CASES: join(dir, 'cases.json'), BENCH_RESULTS: resultsFile },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: CHILD_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let results: BenchResult[] | undefined;
      try {
        results = JSON.parse(readFileSync(resultsFile, 'utf8')).results;
      } catch {
        results = undefined;
      }
      resolve({ code, stdout, stderr, results });
    });
  });
}

const node = (script: string) => [process.execPath, '-e', script];

describe('npm run bench', () => {
  it('prints and writes every other figure when one case fails, marks that case with its reason and exits 1', async () => {
    const { code, stdout, stderr, results } = await runBench([
      { name: 'first case', command: node('1'), budget: { seconds: 3600 } },
      { name: 'failing case', command: node("console.log('lots of output'); console.error('Error: synth blew up'); process.exit(3)"), budget: { seconds: 3600 } },
      { name: 'last case', command: node('1'), budget: { peakRssMb: 100_000 } },
    ]);

    expect(code).toBe(1);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stderr).toContain('bench: failing case: FAILED: exited 3: Error: synth blew up');

    const lines = stdout.split('\n');
    expect(lines[0]).toBe('| case | wall (s) | peak RSS (MB) | budget | ok |');
    expect(lines.find((line) => line.startsWith('| first case |'))).toMatch(/^\| first case \| \d+\.\d\d \| \d+ \| ≤ 3600 s \| yes \|$/);
    expect(lines.find((line) => line.startsWith('| last case |'))).toMatch(/^\| last case \| \d+\.\d\d \| \d+ \| ≤ 100000 MB\/process \| yes \|$/);
    expect(lines.find((line) => line.startsWith('| failing case |'))).toBe('| failing case | — | — | ≤ 3600 s | FAILED: exited 3: Error: synth blew up |');
    expect(stdout).toContain('1 of 3 cases FAILED: failing case');

    expect(results?.map((result) => [result.name, result.status])).toEqual([
      ['first case', 'ok'],
      ['failing case', 'failed'],
      ['last case', 'ok'],
    ]);
    expect(results?.[0]).toMatchObject({ withinBudget: true, seconds: expect.any(Number), peakRssMb: expect.any(Number) });
    expect(results?.[1]).toEqual(expect.objectContaining({ error: 'exited 3: Error: synth blew up' }));
    expect(results?.[1]).not.toHaveProperty('seconds');
  });

  it('marks a command that cannot start and a failed preparation step, and still measures the rest', async () => {
    const { code, stdout, results } = await runBench([
      { name: 'no such command', command: ['/nonexistent/lq3-bench-command'] },
      { name: 'preparation fails', before: node('process.exit(4)'), command: node('1') },
      { name: 'fine', command: node('1') },
    ]);

    expect(code).toBe(1);
    expect(results?.map((result) => result.status)).toEqual(['failed', 'failed', 'ok']);
    expect(results?.[0].error).toBe('exited 127: cannot run /nonexistent/lq3-bench-command: No such file or directory');
    expect(results?.[1].error).toMatch(/^preparation \(.+ -e process\.exit\(4\)\) exited 4: no output$/);
    expect(stdout).toMatch(/^\| fine \| \d+\.\d\d \| \d+ \| — \| yes \|$/m);
    expect(stdout).toContain('2 of 3 cases FAILED: no such command; preparation fails');
  });

  it('names the failed Nx tasks (or Nx\'s one-line error) instead of the trailing hint', async () => {
    const nxOutput = (lines: string[]) => node(`console.log(${JSON.stringify(lines.join('\n'))}); process.exit(1)`);
    const { results } = await runBench([
      {
        name: 'run-many with failures',
        command: nxOutput(['...', ' NX   Running target test for 2 projects failed', '', 'Failed tasks:', '', '- policy-tests:test', '- bench-tests:test', '', 'Hint: run the command with --verbose for more details.']),
      },
      { name: 'unknown task', command: nxOutput(['', ' NX   Cannot find configuration for task staging01:nope', '', 'Pass --verbose to see the stacktrace.', '']) },
    ]);
    expect(results?.map((result) => result.error)).toEqual([
      'exited 1: failed tasks: policy-tests:test, bench-tests:test',
      'exited 1: Cannot find configuration for task staging01:nope',
    ]);
  });

  it('exits 0 when every case ran within its budget', async () => {
    const { code, stdout, stderr, results } = await runBench([{ name: 'only case', command: node('1'), budget: { seconds: 3600 } }]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).not.toContain('FAILED');
    expect(results).toHaveLength(1);
  });

  it('refuses a malformed case list with one line and exit code 2', async () => {
    const { code, stderr, results } = await runBench({ name: 'not a list' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^bench: .*cases\.json: expected \[\{ "name": string, "command": \[argv\.\.\.\].*\n$/);
    expect(results).toBeUndefined();
  });
});
