/**
 * Proves affected-only synth on a throwaway git copy of this workspace: one
 * change of each kind, then what `nx show projects --affected` and
 * `nx affected -t synth` (projects with a synth target) would run — in both
 * directions between base and copy envs, and for docs, tests and examples.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { throwawayWorkspace, type ThrowawayWorkspace, WORKSPACE } from './throwaway-workspace';

const ENVS = ['accounts', 'parallel-back', 'parallel-front', 'production01', 'staging01'];
/** Each case spawns Nx a few times; generous, as the machine may be busy. */
const NX_TIMEOUT_MS = 240_000;
let workspace: ThrowawayWorkspace;
let repo: string;

function run(command: string, args: string[]): string {
  return workspace.run(command, args);
}

function git(...args: string[]): string {
  return run('git', args);
}

const nx = (...args: string[]) => run(join(WORKSPACE, 'node_modules', '.bin', 'nx'), args);

/** The tasks `nx affected -t <targets>` would run, as `project:target`. */
function affectedTasks(targets: string): string[] {
  const file = join(repo, 'task-graph.json');
  nx('affected', '-t', targets, '--base=HEAD', `--graph=${file}`);
  try {
    return Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { tasks: { tasks: Record<string, unknown> } }).tasks.tasks).sort();
  } finally {
    rmSync(file, { force: true });
  }
}

function affected(withTarget?: string): string[] {
  const args = ['show', 'projects', '--affected', '--base=HEAD', '--json', ...(withTarget ? ['--withTarget', withTarget] : [])];
  const output = run(join(WORKSPACE, 'node_modules', '.bin', 'nx'), args);
  return (JSON.parse(output) as string[]).sort();
}

/** Applies a change, reports what is affected, then reverts it. */
function affectedBy(change: () => void): { all: string[]; synth: string[] } {
  change();
  try {
    return { all: affected(), synth: affected('synth') };
  } finally {
    git('checkout', '--', '.');
    git('clean', '-fdq');
  }
}

const edit = (file: string, text = '\n// touched by the affected test\n') => () => appendFileSync(join(repo, file), text);

beforeAll(() => {
  workspace = throwawayWorkspace('lq3-affected-', {
    nodeModules: 'symlink',
    prepare: (root) => {
      // A module imported by one env only, so "exactly the envs that import it" is observable.
      mkdirSync(join(root, 'modules', 'probe', 'src'), { recursive: true });
      writeFileSync(join(root, 'modules', 'probe', 'package.json'), JSON.stringify({ name: '@lq3/probe', version: '0.1.0', main: './src/index.ts', nx: { name: 'probe' } }));
      writeFileSync(join(root, 'modules', 'probe', 'src', 'index.ts'), 'export const probe = 1;\n');
      appendFileSync(join(root, 'live', 'staging01', 'main.ts'), "import { probe } from '@lq3/probe';\nvoid probe;\n");
    },
  });
  repo = workspace.root;
}, 120_000);

afterAll(() => workspace?.remove());

describe('affected projects', () => {
  it('a module change affects exactly the envs that import it', () => {
    const { all, synth } = affectedBy(edit('modules/probe/src/index.ts'));
    expect(synth).toEqual(['staging01']);
    expect(all).toEqual(['probe', 'staging01', 'staging01-tests']);
  }, NX_TIMEOUT_MS);

  it('a base env change affects it, the copies that reuse its VPC or restore its database, and the account layer', () => {
    expect(affectedBy(edit('live/staging01/env.yaml', '\n# touched\n')).synth).toEqual(['accounts', 'parallel-back', 'parallel-front', 'staging01']);
    const { all, synth } = affectedBy(edit('live/production01/env.yaml', '\n# touched\n'));
    expect(synth).toEqual(['accounts', 'parallel-back', 'parallel-front', 'production01']);
    // The account layer's tests synthesize it from every env.yaml too.
    expect(all).toEqual(['accounts', 'accounts-tests', 'parallel-back', 'parallel-back-tests', 'parallel-front', 'parallel-front-tests', 'production01', 'production01-tests']);
    // Only the base's env.yaml matters to its copies, not its other files.
    expect(affectedBy(edit('live/staging01/main.ts')).synth).toEqual(['staging01']);
  }, NX_TIMEOUT_MS);

  it('a copy env change affects that copy and the account layer (its Slack routing), never its bases', () => {
    const { all, synth } = affectedBy(edit('live/parallel-front/env.yaml', '\n# touched\n'));
    expect(synth).toEqual(['accounts', 'parallel-front']);
    expect(all).toEqual(['accounts', 'accounts-tests', 'parallel-front', 'parallel-front-tests']);
  }, NX_TIMEOUT_MS);

  it('an accounts.yaml change affects the account layer only (ADR 0014)', () => {
    const { all, synth } = affectedBy(edit('live/accounts/accounts.yaml', '\n# touched\n'));
    expect(synth).toEqual(['accounts']);
    expect(all).toEqual(['accounts', 'accounts-tests']);
  }, NX_TIMEOUT_MS);

  it('a shared layer change affects the envs that track the workspace, not those pinned to a release (ADR 0011)', () => {
    const pins = Object.fromEntries(ENVS.map((env) => [env, (JSON.parse(readFileSync(join(repo, 'live', env, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies['@lq3/live-shared']]));
    const tracking = ENVS.filter((env) => pins[env] === 'file:../shared');
    expect(tracking).toContain('staging01');
    expect(tracking).not.toContain('production01');
    const { synth } = affectedBy(edit('live/shared/src/organisation.ts'));
    expect(synth).toEqual(tracking);
  }, NX_TIMEOUT_MS);

  it('a lockfile change does not mark every project affected', () => {
    const { all } = affectedBy(() => {
      const lockfile = join(repo, 'package-lock.json');
      const text = readFileSync(lockfile, 'utf8');
      writeFileSync(lockfile, text.replace(/("node_modules\/yaml": \{\s+"version": ")2\.9\.1"/, '$12.9.2"'));
      expect(readFileSync(lockfile, 'utf8')).not.toBe(text);
    });
    // projectsAffectedByDependencyUpdates: 'auto' — without it every project would be affected.
    expect(all).not.toContain('nx-plugin');
    expect(all).not.toContain('vpc');
    expect(all).not.toContain('staging01');
  }, NX_TIMEOUT_MS);

  it('a docs or README change affects nothing', () => {
    const { all } = affectedBy(() => {
      edit('README.md', '\nmore words\n')();
      mkdirSync(join(repo, 'docs'), { recursive: true });
      writeFileSync(join(repo, 'docs', 'new-page.md'), '# a new page\n');
    });
    expect(all).toEqual([]);
  }, NX_TIMEOUT_MS);

  it('the generated references (configuration, accounts, alarms) are checked by the shared layer\'s tests only', () => {
    for (const doc of ['docs/configuration.md', 'docs/account-configuration.md', 'docs/operations.md']) {
      expect(affectedBy(edit(doc, '\nhand-edited\n'))).toEqual({ all: ['live-shared-tests'], synth: [] });
    }
  }, NX_TIMEOUT_MS);

  it("a module's README or CHANGELOG change affects nothing", () => {
    expect(affectedBy(edit('modules/vpc/README.md', '\nA typo fixed.\n')).all).toEqual([]);
    expect(affectedBy(edit('modules/rds-replica-pair/CHANGELOG.md', '\n- a note\n')).all).toEqual([]);
  }, NX_TIMEOUT_MS);

  it('a tests-only change affects no env, and still re-runs the checks that read the tests', () => {
    expect(affectedBy(edit('modules/vpc/test/cidr.test.ts'))).toEqual({ all: ['vpc-tests'], synth: [] });
    expect(affectedBy(edit('live/shared/test/helpers.ts'))).toEqual({ all: ['live-shared-tests'], synth: [] });
    expect(affectedBy(edit('live/staging01/test/staging01.test.ts'))).toEqual({ all: ['staging01-tests'], synth: [] });
    appendFileSync(join(repo, 'modules', 'vpc', 'test', 'cidr.test.ts'), '\n// touched\n');
    try {
      expect(affectedTasks('lint,typecheck,test,synth,plan')).toEqual(['vpc-tests:lint', 'vpc-tests:test', 'vpc-tests:typecheck', 'vpc:lint', 'vpc:typecheck']);
    } finally {
      git('checkout', '--', '.');
    }
  }, NX_TIMEOUT_MS);

  it('an examples-only change affects no env', () => {
    expect(affectedBy(edit('modules/vpc/examples/basic.ts'))).toEqual({ all: ['vpc-examples'], synth: [] });
  }, NX_TIMEOUT_MS);
});

describe('live project targets', () => {
  it('synth of a live project without env.yaml names the missing file', () => {
    mkdirSync(join(repo, 'live', 'newenv'));
    writeFileSync(join(repo, 'live', 'newenv', 'package.json'), JSON.stringify({ name: '@lq3/newenv', version: '0.0.0', private: true, nx: { name: 'newenv' } }));
    writeFileSync(join(repo, 'live', 'newenv', 'main.ts'), readFileSync(join(repo, 'live', 'staging01', 'main.ts'), 'utf8'));
    try {
      let output = '';
      try {
        nx('run', 'newenv:synth', '--output-style=static');
      } catch (error) {
        const failed = error as { status: number; stdout: string; stderr: string };
        expect(failed.status).not.toBe(0);
        output = `${failed.stdout}${failed.stderr}`;
      }
      expect(output).toContain('synth failed: live/newenv/env.yaml: file not found; every live project needs one (copy the closest live/*/env.yaml)');
      expect(output).not.toContain('Cannot find configuration');
    } finally {
      rmSync(join(repo, 'live', 'newenv'), { recursive: true, force: true });
    }
  }, NX_TIMEOUT_MS);

  it('config prints the resolved configuration of an env', () => {
    const output = nx('run', 'parallel-front:config', '--output-style=static');
    expect(output).toContain('role: copy of staging01');
    expect(output).toContain('roleArn: arn:aws:iam::111111111111:role/lq3-terraform');
    expect(output).toContain('network: s3://lq3-terraform-state-111111111111/staging-front/network.tfstate');
  }, NX_TIMEOUT_MS);
});
