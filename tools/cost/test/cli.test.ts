import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copyWorkspace, type WorkspaceCopy } from '../src/workspace-synth';

const BIN = join(__dirname, '..', 'bin', 'cost.cjs');
let workspace: WorkspaceCopy;

beforeAll(() => {
  workspace = copyWorkspace();
  workspace.estimate('parallel-front');
}, 240_000);
afterAll(() => workspace.remove());

function cost(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('cost CLI', () => {
  it('prints each env of a project with its drivers, biggest first, and running against idle', () => {
    const run = cost(join(workspace.root, 'live', 'parallel-front'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Monthly cost estimate of .*parallel-front \(eu-central-1 list prices/);
    expect(run.stdout).toMatch(/staging-front: \$[\d,.]+ a month\n {2}running all month \$[\d,.]+, idle all month \$[\d,.]+ \(\d+ % of running/);
    expect(run.stdout).toMatch(/driver +item +monthly +running +idle +assumption/);
    expect(run.stdout).toMatch(/Fargate tasks +lq3-staging-front-api \(0\.5 vCPU, 1 GB\) .* 1 task 65 h a week, 0 otherwise/);
  }, 120_000);

  it('prints JSON with --json', () => {
    const run = cost(join(workspace.root, 'live', 'parallel-front'), '--json');
    expect(run.status).toBe(0);
    const parsed = JSON.parse(run.stdout);
    expect(parsed.estimates.map((estimate: { env: string }) => estimate.env).sort()).toEqual(['production-front', 'staging-front']);
  }, 120_000);

  it('says what is wrong in one line: no synth output, wrong usage', () => {
    const missing = cost(join(workspace.root, 'live', 'staging01'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^cost: .*manifest\.json not found: synthesize the project first/);
    expect(cost().status).toBe(2);
    expect(cost('a', '--verbose').stderr).toMatch(/unknown option --verbose/);
  }, 120_000);
});
