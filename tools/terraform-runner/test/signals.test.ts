/**
 * A cancelled CI job: SIGTERM to the runner while real Terraform applies. The
 * runner must pass it on, wait for Terraform to save state and release its
 * lock, and exit 143.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plan } from '../src/plan';
import { realTerraform, Sandbox } from './helpers';

const terraform = realTerraform();
const describeWithTerraform = terraform.path ? describe : describe.skip;
if (!terraform.path) console.log(`signal tests with real Terraform skipped: ${terraform.reason}`);

const RUNNER = join(__dirname, '..', 'bin', 'terraform-runner.cjs');

async function waitFor(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWithTerraform('stop signals with real Terraform', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = new Sandbox()));
  afterEach(() => {
    // Should the runner fail to stop them, no Terraform or provisioner of this test outlives it.
    spawnSync('pkill', ['-KILL', '-f', sandbox.root]);
    sandbox.cleanup();
  });
  jest.setTimeout(300_000);

  it.each(['SIGTERM', 'SIGINT'] as const)('passes %s on to a running apply, waits for it to save state, and exits with the signal code', async (signal) => {
    const marker = join(sandbox.root, `slow-started-${signal}`);
    const projectDir = sandbox.project('staging01', [
      {
        name: 'staging01-jobs',
        body: {
          terraform: { required_version: '>= 1.10', backend: { local: {} } },
          resource: {
            terraform_data: {
              quick: { input: 'created before the signal' },
              slow: { depends_on: ['terraform_data.quick'], provisioner: [{ 'local-exec': { command: `touch ${marker} && exec sleep 600` } }] },
            },
          },
        },
      },
    ]);
    const env = sandbox.env({ TF_BINARY: terraform.path });
    expect((await plan(sandbox.context(projectDir, { TF_BINARY: terraform.path }))).ok).toBe(true);

    const runner = spawn(process.execPath, [RUNNER, 'apply', '--auto-approve', '--project-dir', projectDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    runner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    runner.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => runner.on('close', (code) => resolve(code)));

    await waitFor(() => existsSync(marker), 'the slow resource to start');
    runner.kill(signal);
    const exitCode = await exited;

    expect(exitCode).toBe(signal === 'SIGTERM' ? 143 : 130);
    expect(output).toContain(`${signal} received: stopping — passed on to 1 running terraform process(es)`);
    expect(output).toContain(`apply stopped by ${signal}; every terraform process it started has exited.`);
    const stackDir = join(projectDir, 'cdktf.out', 'stacks', 'staging01-jobs');
    // What Terraform had created reached the state, and it released its lock.
    const state = JSON.parse(readFileSync(join(stackDir, 'terraform.tfstate'), 'utf8')) as { resources: { name: string }[] };
    expect(state.resources.map((resource) => resource.name)).toContain('quick');
    expect(existsSync(join(stackDir, '.terraform.tfstate.lock.info'))).toBe(false);
    // Nothing it started is left running.
    expect(spawnSync('pgrep', ['-f', marker]).status).toBe(1);
    // And the project lock is gone with the run.
    expect(existsSync(join(projectDir, 'tfplan', '.lock'))).toBe(false);
  });
});
