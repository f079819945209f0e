/**
 * The release flow end to end, for real, on a throwaway git copy of this
 * workspace with its own `npm ci` and a real npm registry (verdaccio) on
 * 127.0.0.1 — no step is mocked:
 *
 *   change a module → `nx release` → staging01 (tracks the workspace) runs the new
 *   version and is the only env affected → publish → promote production01 (one line)
 *   → its synth changes and its stamp shows the new version → roll back.
 *
 * And a release that fails — the build does not compile, or git refuses the
 * commit — leaves HEAD, the tags and every file as they were.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { throwawayWorkspace, type ThrowawayWorkspace } from '../../nx-plugin/test/throwaway-workspace';
import { pinnedReleaseSet } from '../src/release-set';
import { startRegistry, type Registry } from './verdaccio';

/** Each step installs, compiles or synthesizes on a 2-core machine others use too: generous. */
const STEP_TIMEOUT_MS = 600_000;

let workspace: ThrowawayWorkspace;
let registry: Registry;
/** HEAD before the module change: the base of the affected sets. */
let beforeChange: string;

const file = (path: string) => readFileSync(join(workspace.root, path), 'utf8');
const json = <T>(path: string) => JSON.parse(file(path)) as T;
const release = (...args: string[]) => workspace.run(process.execPath, ['tools/release/bin/release.cjs', ...args], { npm_config_userconfig: registry.userconfig });
const head = () => workspace.git('rev-parse', 'HEAD').trim();
const status = () => workspace.git('status', '--porcelain', '--untracked-files=all').trim();
const tags = () => workspace.git('tag', '--list').split('\n').filter(Boolean).sort();

/** `//.lq3` of one stack of a live project's last synth. */
function stamp(project: string, stack: string): { modules: Record<string, string> } {
  return json<{ '//': { lq3: { modules: Record<string, string> } } }>(`live/${project}/cdktf.out/stacks/${project}-${stack}/cdk.tf.json`)['//'].lq3;
}

function flowLogRetention(project: string): number[] {
  const network = json<{ resource: { aws_cloudwatch_log_group: Record<string, { retention_in_days: number }> } }>(`live/${project}/cdktf.out/stacks/${project}-network/cdk.tf.json`);
  return Object.values(network.resource.aws_cloudwatch_log_group).map((group) => group.retention_in_days);
}

function synth(...projects: string[]): void {
  workspace.nx('run-many', '-t', 'synth', '-p', projects.join(','), '--output-style=static');
}

function affectedEnvs(base: string): string[] {
  return (JSON.parse(workspace.nx('show', 'projects', '--affected', `--base=${base}`, '--head=HEAD', '--withTarget', 'synth', '--json')) as string[]).sort();
}

/** Runs `nx release`, expecting it to fail; returns its output. */
function failingRelease(): string {
  try {
    workspace.nx('release', '--skip-publish');
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    expect(failed.status).not.toBe(0);
    return `${failed.stdout}${failed.stderr}`;
  }
  throw new Error('nx release succeeded, expected it to fail');
}

beforeAll(async () => {
  workspace = throwawayWorkspace('lq3-release-', { nodeModules: 'npm ci' });
  registry = await startRegistry(join(__dirname, '..', '..', '..'));
  // The one-time setup a new repository needs (docs/operations.md): tag the released versions.
  expect(release('baseline')).toMatch(new RegExp(`^Tagged .*\\balb@${json<{ version: string }>('modules/alb/package.json').version.replace(/\./g, '\\.')}[,.]`, 'm'));
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await registry?.stop();
  workspace?.remove();
}, STEP_TIMEOUT_MS);

describe('nx release', () => {
  it('versions the changed module and its dependents, writes changelogs and the lockfile, builds the artifacts, commits and tags', () => {
    beforeChange = head();
    const vpc = join(workspace.root, 'modules', 'vpc', 'src', 'vpc.ts');
    const source = readFileSync(vpc, 'utf8');
    expect(source).toContain('props.flowLogRetentionDays ?? 365');
    writeFileSync(vpc, source.replace('props.flowLogRetentionDays ?? 365', 'props.flowLogRetentionDays ?? 400'));
    workspace.git('commit', '-qam', 'feat(vpc): flow logs are kept 400 days by default');
    const vpcVersion = json<{ version: string }>('modules/vpc/package.json').version;
    const sharedVersion = json<{ version: string }>('live/shared/package.json').version;
    const afterFeature = head();

    workspace.nx('release', '--skip-publish');

    // 0.x: a feature is a minor bump; the shared layer follows with a patch.
    const nextVpc = bump(vpcVersion, 'minor');
    const nextShared = bump(sharedVersion, 'patch');
    expect(json<{ version: string }>('modules/vpc/package.json').version).toBe(nextVpc);
    const shared = json<{ version: string; dependencies: Record<string, string> }>('live/shared/package.json');
    expect(shared.version).toBe(nextShared);
    expect(shared.dependencies['@lq3/vpc']).toBe(nextVpc);
    // Every other dependent follows too (exact pins), so the lockfile resolves without a registry.
    expect(json<{ dependencies: Record<string, string> }>('tools/terraform-runner/package.json').dependencies['@lq3/live-shared']).toBe(nextShared);
    const lock = json<{ packages: Record<string, { version?: string; dependencies?: Record<string, string> }> }>('package-lock.json');
    expect(lock.packages['modules/vpc'].version).toBe(nextVpc);
    expect(lock.packages['live/shared']).toMatchObject({ version: nextShared, dependencies: { '@lq3/vpc': nextVpc } });

    const changelog = file('modules/vpc/CHANGELOG.md');
    expect(changelog.startsWith(`## ${nextVpc} (`)).toBe(true);
    expect(changelog).toContain('- **vpc:** flow logs are kept 400 days by default');
    expect(file('live/shared/CHANGELOG.md')).toContain(`- Updated vpc to ${nextVpc}`);

    // One release commit on top of the feature, tagged <project>@<version>, nothing left over.
    expect(workspace.git('rev-parse', 'HEAD~1').trim()).toBe(afterFeature);
    expect(workspace.git('log', '-1', '--format=%s').trim()).toBe('chore(release): publish [skip ci]');
    expect(workspace.git('tag', '--points-at', 'HEAD').split('\n').filter(Boolean).sort()).toEqual([`live-shared@${nextShared}`, `vpc@${nextVpc}`]);
    expect(status()).toBe('');
    const committed = workspace.git('show', '--name-only', '--format=', 'HEAD').split('\n').filter(Boolean);
    expect(committed).toEqual(expect.arrayContaining([`releases/lq3-vpc-${nextVpc}.tgz`, `releases/lq3-live-shared-${nextShared}.tgz`, 'package-lock.json']));

    // The lockfile is valid: a clean install from it passes.
    workspace.run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
  }, STEP_TIMEOUT_MS);

  it('marks staging01 affected — it tracks the workspace — and no pinned env', () => {
    // The account layer tracks the workspace too (ADR 0014).
    expect(affectedEnvs(beforeChange)).toEqual(['accounts', 'staging01']);
  }, STEP_TIMEOUT_MS);

  it('staging01 runs the new module version; production01 still runs its release', () => {
    synth('staging01', 'production01');
    const nextVpc = json<{ version: string }>('modules/vpc/package.json').version;
    expect(stamp('staging01', 'network').modules).toEqual({ '@lq3/live-shared': json<{ version: string }>('live/shared/package.json').version, '@lq3/vpc': nextVpc });
    expect(flowLogRetention('staging01')).toEqual([400]);
    expect(stamp('production01', 'network').modules['@lq3/vpc']).not.toBe(nextVpc);
    expect(flowLogRetention('production01')).toEqual([365]);
  }, STEP_TIMEOUT_MS);

  it('publishes the committed artifacts to the registry byte for byte, once', () => {
    const shared = json<{ name: string; version: string }>('live/shared/package.json');
    const published = release('publish', '--registry', registry.url);
    expect(published).toContain(`@lq3/live-shared@${shared.version}: published (releases/lq3-live-shared-${shared.version}.tgz)`);
    expect(published).toContain(`@lq3/alb@${json<{ version: string }>('modules/alb/package.json').version}: published`);
    expect(release('publish', '--registry', registry.url)).toContain(`@lq3/live-shared@${shared.version}: already published`);

    const artifact = readFileSync(join(workspace.root, 'releases', `lq3-live-shared-${shared.version}.tgz`));
    const integrity = `sha512-${createHash('sha512').update(artifact).digest('base64')}`;
    const view = workspace.run('npm', ['view', `@lq3/live-shared@${shared.version}`, 'dist.integrity', '--registry', registry.url], { npm_config_userconfig: registry.userconfig });
    expect(view.trim()).toBe(integrity);
    // What a consumer of the registry downloads is the committed file.
    const packed = JSON.parse(
      workspace.run('npm', ['pack', `@lq3/live-shared@${shared.version}`, '--json', '--pack-destination', join(workspace.root, '..'), '--registry', registry.url], { npm_config_userconfig: registry.userconfig }),
    ) as { filename: string; integrity: string }[];
    rmSync(join(workspace.root, '..', packed[0].filename), { force: true });
    expect(packed[0].integrity).toBe(integrity);
  }, STEP_TIMEOUT_MS);

  it('refuses to publish to the public registry', () => {
    expect(() => release('publish', '--registry', 'https://registry.npmjs.org/')).toThrow(/refusing to publish @lq3 packages to the public registry/);
  }, STEP_TIMEOUT_MS);
});

describe('promotion and rollback', () => {
  /** What production01 ran before: the release it goes back to. */
  let pinned: ReturnType<typeof pinnedReleaseSet>;

  it('promotes production01 with a one-line change: only production01 is affected, its synth and stamp change', () => {
    const beforePromotion = head();
    pinned = pinnedReleaseSet(workspace.root, 'live/production01');
    expect(pinned.pin.kind).toBe('release');
    const shared = json<{ version: string }>('live/shared/package.json').version;
    const nextVpc = json<{ version: string }>('modules/vpc/package.json').version;
    const network = file('live/production01/cdktf.out/stacks/production01-network/cdk.tf.json');

    const output = release('promote', 'production01', 'latest');
    expect(output).toContain(`@lq3/vpc ${pinned.versions['@lq3/vpc']} → ${nextVpc}`);
    const diff = workspace.git('diff', '--numstat', '--', 'live/production01/package.json').trim();
    expect(diff).toBe('1\t1\tlive/production01/package.json');
    expect(json<{ dependencies: Record<string, string> }>('live/production01/package.json').dependencies['@lq3/live-shared']).toBe(`file:../../releases/lq3-live-shared-${shared}.tgz`);
    workspace.git('commit', '-qam', `chore(production01): promote live-shared ${shared}`);
    expect(affectedEnvs(beforePromotion)).toEqual(['production01']);

    synth('production01');
    expect(file('live/production01/cdktf.out/stacks/production01-network/cdk.tf.json')).not.toBe(network);
    expect(stamp('production01', 'network').modules).toEqual({ '@lq3/live-shared': shared, '@lq3/vpc': nextVpc });
    expect(flowLogRetention('production01')).toEqual([400]);
    workspace.run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund']);
  }, STEP_TIMEOUT_MS);

  it('rolls production01 back with the same one-line change', () => {
    const previous = pinned.versions['@lq3/live-shared'];
    release('promote', 'production01', previous);
    workspace.git('commit', '-qam', `chore(production01): back to live-shared ${previous}`);
    synth('production01');
    expect(stamp('production01', 'network').modules).toEqual({ '@lq3/live-shared': previous, '@lq3/vpc': pinned.versions['@lq3/vpc'] });
    expect(flowLogRetention('production01')).toEqual([365]);
  }, STEP_TIMEOUT_MS);
});

describe('a failed release', () => {
  function expectUntouched(start: string, tagsBefore: string[], releasesBefore: string[]) {
    expect(head()).toBe(start);
    expect(tags()).toEqual(tagsBefore);
    expect(status()).toBe('');
    expect(workspace.git('ls-files', '--others', '--', 'releases').trim()).toBe('');
    for (const artifact of releasesBefore) expect(existsSync(join(workspace.root, artifact))).toBe(true);
  }
  const releases = () => workspace.git('ls-files', 'releases').split('\n').filter(Boolean);

  it('leaves everything as it was when the release build does not compile', () => {
    const albIndex = join(workspace.root, 'modules', 'alb', 'src', 'index.ts');
    writeFileSync(albIndex, `${readFileSync(albIndex, 'utf8')}\nexport const broken: number = 'not a number';\n`);
    workspace.git('commit', '-qam', 'fix(alb): a change that does not compile');
    const start = head();
    const [tagsBefore, releasesBefore] = [tags(), releases()];

    expect(failingRelease()).toContain('the release build does not compile');
    expectUntouched(start, tagsBefore, releasesBefore);
    workspace.git('reset', '-q', '--hard', 'HEAD~1');
  }, STEP_TIMEOUT_MS);

  it('leaves everything as it was when git refuses the release commit', () => {
    const cron = join(workspace.root, 'modules', 'cron-task', 'src', 'index.ts');
    writeFileSync(cron, `${readFileSync(cron, 'utf8')}\n// a fix\n`);
    workspace.git('commit', '-qam', 'fix(cron-task): a small fix');
    const cronVersion = json<{ version: string }>('modules/cron-task/package.json').version;
    const start = head();
    const [tagsBefore, releasesBefore] = [tags(), releases()];
    const hook = join(workspace.root, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "pre-commit: refused by the test" >&2\nexit 1\n', { mode: 0o755 });
    try {
      expect(failingRelease()).toContain('release incomplete');
      expectUntouched(start, tagsBefore, releasesBefore);
    } finally {
      rmSync(hook, { force: true });
    }
    // Once git accepts the commit, the same release goes through.
    workspace.nx('release', '--skip-publish');
    expect(workspace.git('tag', '--points-at', 'HEAD')).toContain(`cron-task@${bump(cronVersion, 'patch')}`);
    expect(status()).toBe('');
  }, STEP_TIMEOUT_MS);
});

function bump(version: string, part: 'minor' | 'patch'): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return part === 'minor' ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}
