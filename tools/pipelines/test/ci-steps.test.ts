/**
 * .ci/steps.sh, which .ci/run is made of: every step runs even after one fails,
 * and the run ends with each step's result, the summed test counts and a
 * non-zero exit code when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STEPS = join(__dirname, '..', '..', '..', '.ci', 'steps.sh');

function runCi(body: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lq3-ci-steps-'));
  try {
    const script = join(dir, 'run');
    writeFileSync(script, `set -uo pipefail\nexport CI_LOG="${dir}/ci.log"\nsource "${STEPS}"\n${body}\nsummary\n`);
    const result = spawnSync('bash', [script], { encoding: 'utf8' });
    return { status: result.status, output: result.stdout + result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('.ci/steps.sh', () => {
  it('runs every step after a failure, then prints each result, the test counts, and fails', () => {
    const { status, output } = runCi(
      [
        `step "jest" bash -c 'printf "Tests:       2 failed, 1 skipped, 5 passed, 8 total\\n"'`,
        // Its output still goes through tee, which succeeds: the step's own status must count.
        `step "breaks" bash -c 'echo boom; exit 3'`,
        `step "pytest and go" bash -c 'printf "28 passed, 2 skipped in 110.20s\\n--- PASS: TestRecords (0.01s)\\n    --- FAIL: TestRecords/ttl (0.00s)\\n"'`,
      ].join('\n'),
    );
    expect(status).toBe(1);
    expect(output).toMatch(/==> \[\+\d+s\] pytest and go/);
    expect(output).toMatch(/<== \[\+\d+s\] FAILED +\d+s {2}breaks/);
    const summary = output.slice(output.indexOf('==> summary'));
    expect(summary.split('\n').filter(Boolean)).toEqual([
      '==> summary',
      expect.stringMatching(/^ok +\d+s {2}jest$/),
      expect.stringMatching(/^FAILED +\d+s {2}breaks$/),
      expect.stringMatching(/^ok +\d+s {2}pytest and go$/),
      '34 passed, 3 failed, 3 skipped; 1 of 3 steps failed',
    ]);
  });

  it('stops a step over its budget, says so, and goes on with the next', () => {
    const { status, output } = runCi(`step --timeout 1s "hangs" sleep 600\nstep "after" true`);
    expect(status).toBe(1);
    const summary = output.slice(output.indexOf('==> summary'));
    expect(summary).toMatch(/FAILED +\d+s {2}hangs \(stopped: over its 1s budget\)/);
    expect(summary).toMatch(/ok +\d+s {2}after/);
  });

  it('exits 0 when every step passed', () => {
    const { status, output } = runCi(`step "one" true\nstep "two" bash -c 'echo "Tests:       4 passed, 4 total"'`);
    expect(status).toBe(0);
    expect(output).toContain('4 passed, 0 failed, 0 skipped; 0 of 2 steps failed');
  });
});
