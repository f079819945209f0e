import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { loadPlans } from '../src/load';
import { COMMENT_MARKERS } from '../src/render';
import { FIXTURES, LIVE_FIXTURES, tempDir, TERRAFORM_FIXTURES, writePlan } from './helpers';

const readFixture = (path: string): unknown => JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));

async function run(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, env, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, cwd);
  return { code, stdout, stderr };
}

describe('plan-comment CLI', () => {
  it('prints the comment with --dry-run and needs no token or PR for it', async () => {
    const result = await run(['--dry-run', '--flavour', 'bitbucket', LIVE_FIXTURES]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(COMMENT_MARKERS.bitbucket)).toBe(true);
    expect(result.stderr).toMatch(/^plan-comment: dry run, \d+ characters, nothing posted\n$/);
  });

  it('detects the flavour from the CI environment', async () => {
    expect((await run(['--dry-run', LIVE_FIXTURES], { GITHUB_ACTIONS: 'true' })).stdout).toContain(COMMENT_MARKERS.github);
    expect((await run(['--dry-run', LIVE_FIXTURES], { BITBUCKET_BUILD_NUMBER: '12' })).stdout).toContain(COMMENT_MARKERS.bitbucket);
    expect(await run(['--dry-run', LIVE_FIXTURES])).toMatchObject({
      code: 2,
      stderr: 'plan-comment: cannot tell the platform outside GitHub Actions or Bitbucket Pipelines; pass --flavour github|bitbucket (see plan-comment --help)\n',
    });
  });

  it('reads the default live/*/tfplan from the working directory and honours --max-length and --commit', async () => {
    const root = tempDir();
    writePlan(root, 'staging01', 'staging01-network', readFixture('live/staging01/tfplan/staging01-network.plan.json'));
    const result = await run(['--dry-run', '--flavour', 'github', '--max-length', '3000', '--commit', 'abcdef1234567890'], {}, root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('### Terraform plan for `abcdef123456`');
    expect(result.stdout).toContain('staging01-network');
    expect(result.stdout.length).toBeLessThanOrEqual(3000);
  });

  it.each([
    [['--flavour', 'gitlab'], 2, 'plan-comment: --flavour must be one of github, bitbucket, got "gitlab" (see plan-comment --help)\n'],
    [['--flavour', 'github', '--max-length', '12k'], 2, 'plan-comment: --max-length must be a whole number of at least 2000, got "12k" (see plan-comment --help)\n'],
    [['--flavour', 'github', '--bogus'], 2, "plan-comment: Unknown option '--bogus'"],
    [['--flavour', 'github', '--max-length', '100'], 2, 'plan-comment: --max-length must be a whole number of at least 2000, got "100" (see plan-comment --help)\n'],
    [['--flavour', 'github', '--max-length'], 2, "plan-comment: Option '--max-length' argument is ambiguous. Did you forget to specify the option argument for '--max-length'?"],
    [['--flavour', 'github', '--repo', 'infrastructure'], 2, 'plan-comment: --repo must be owner/name, got "infrastructure" (see plan-comment --help)\n'],
    [['--flavour', 'bitbucket', '--repo', 'lq3/infra/structure'], 2, 'plan-comment: --repo must be <workspace>/<repo-slug>, got "lq3/infra/structure" (see plan-comment --help)\n'],
    [['--flavour', 'bitbucket', '--pr', '7a'], 2, 'plan-comment: --pr must be a positive whole number, got "7a" (see plan-comment --help)\n'],
    [['--flavour', 'github', '--api-url', 'api.github.example'], 2, 'plan-comment: --api-url must be an http(s) URL, got "api.github.example" (see plan-comment --help)\n'],
    [['--flavour', 'github', '--max-retry-wait', 'a minute'], 2, 'plan-comment: --max-retry-wait must be a whole number of at least 0, got "a minute" (see plan-comment --help)\n'],
    [['--flavour', 'github', 'no/such/summary.json'], 1, 'plan-comment: no/such/summary.json does not exist; pass summary.json or *.plan.json files, directories or globs\n'],
    [['--flavour', 'github', join(TERRAFORM_FIXTURES, 'not-plans', 'state.json')], 1, `plan-comment: ${join(TERRAFORM_FIXTURES, 'not-plans', 'state.json')} is Terraform state`],
  ])('rejects %j with one clear message', async (args, code, message) => {
    const result = await run([...args, '--dry-run']);
    expect(result).toMatchObject({ code, stdout: '' });
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says which credential or identifier is missing before calling any API', async () => {
    const github = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'lq3/infrastructure' };
    expect((await run([LIVE_FIXTURES, '--pr', '7'], github)).stderr).toContain('GITHUB_TOKEN is not set');
    expect((await run([LIVE_FIXTURES], { ...github, GITHUB_TOKEN: 'x' })).stderr).toContain('no pull request: pass --pr or run in a pull_request workflow');
    const event = join(tempDir(), 'push.json');
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main' }));
    expect((await run([LIVE_FIXTURES], { ...github, GITHUB_TOKEN: 'x', GITHUB_EVENT_PATH: event })).stderr).toContain('is not a pull request; pass --pr');
    const bitbucket = { BITBUCKET_BUILD_NUMBER: '1', BITBUCKET_WORKSPACE: 'lq3', BITBUCKET_REPO_SLUG: 'infrastructure', BITBUCKET_PR_ID: '7' };
    expect((await run([LIVE_FIXTURES], bitbucket)).stderr).toContain('no Bitbucket credentials: set BITBUCKET_TOKEN, or BITBUCKET_USERNAME and BITBUCKET_APP_PASSWORD');
    expect((await run([LIVE_FIXTURES], { ...bitbucket, BITBUCKET_PR_ID: '' })).stderr).toContain('no pull request: pass --pr or run in a pull-request pipeline');
    // Values from the CI's variables are blamed by their names.
    expect(await run([LIVE_FIXTURES], { ...github, GITHUB_REPOSITORY: 'infrastructure', GITHUB_TOKEN: 'x' })).toMatchObject({ code: 2, stderr: expect.stringContaining('GITHUB_REPOSITORY must be owner/name, got "infrastructure"') });
    expect(await run([LIVE_FIXTURES], { ...bitbucket, BITBUCKET_PR_ID: 'seven', BITBUCKET_TOKEN: 'x' })).toMatchObject({ code: 2, stderr: expect.stringContaining('BITBUCKET_PR_ID must be a positive whole number, got "seven"') });
    expect(await run([LIVE_FIXTURES], { ...bitbucket, BITBUCKET_TOKEN: 'x', BITBUCKET_API_URL: 'ftp://bitbucket.example' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('BITBUCKET_API_URL must be an http(s) URL, got "ftp://bitbucket.example"'),
    });
  });
});

describe('loadPlans', () => {
  it('expands globs and prefers a summary over a raw plan of the same stack', () => {
    const root = tempDir();
    const tfplan = writePlan(root, 'production01', 'production01-network', { format_version: '1.2', resource_changes: [] });
    writeFileSync(join(tfplan, 'summary.json'), JSON.stringify(readFixture('live/production01/tfplan/summary.json')));
    const summaries = loadPlans(['live/*/tfplan/*.json'], root);
    expect(summaries).toHaveLength(1);
    expect(summaries[0].stacks.map((stack) => stack.stack)).toEqual(['production01-network', 'production01-services']);
    expect(summaries[0].stacks[0].modules).toEqual({ '@lq3/vpc': '1.2.0' });
  });

  it('takes environment, unit and module versions of a raw plan from the synthesized stack JSON', () => {
    const root = tempDir();
    writePlan(root, 'parallel-front', 'staging-front-services', { format_version: '1.2', resource_changes: [] });
    const stackDir = join(root, 'live', 'parallel-front', 'cdktf.out', 'stacks', 'staging-front-services');
    mkdirSync(stackDir, { recursive: true });
    writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify({ '//': { lq3: { environment: 'staging-front', unit: 'services', modules: { '@lq3/ecs-service': '0.4.0' } } } }));
    const [summary] = loadPlans([join(root, 'live')]);
    expect(summary.project).toBe('parallel-front');
    expect(summary.stacks[0]).toMatchObject({ environment: 'staging-front', unit: 'services', status: 'no-changes', modules: { '@lq3/ecs-service': '0.4.0' } });
  });

  it('treats a plan Terraform marked as errored as a failed stack', () => {
    const root = tempDir();
    writePlan(root, 'staging01', 'staging01-jobs', { format_version: '1.2', errored: true, resource_changes: [] });
    const [summary] = loadPlans([root]);
    expect(summary.stacks[0]).toMatchObject({ stack: 'staging01-jobs', environment: 'staging01', unit: 'jobs', status: 'error' });
  });

  it('names the file for bad JSON, an unsupported plan format and a file that is no summary', () => {
    const root = tempDir();
    const broken = join(root, 'broken.plan.json');
    writeFileSync(broken, '{ not json');
    expect(() => loadPlans([broken])).toThrow(`${broken} is not valid JSON`);
    const future = join(root, 'future.plan.json');
    writeFileSync(future, JSON.stringify({ format_version: '2.0', resource_changes: [] }));
    expect(() => loadPlans([future])).toThrow(`${future}: plan JSON format_version 2.0 is not supported; expected 0.x or 1.x`);
    const notSummary = join(root, 'summary.json');
    writeFileSync(notSummary, JSON.stringify({ hello: 'world' }));
    expect(() => loadPlans([notSummary])).toThrow(`${notSummary} is not a plan summary`);
  });

  it('refuses a state or a bare format_version instead of reading it as "no changes", naming the file', () => {
    // Both written by Terraform 1.11.4: `terraform show -json` of a state, and of an empty one.
    for (const [name, what] of [
      ['state.json', 'is Terraform state (`terraform show -json` without a plan file)'],
      ['empty-state.json', 'has none of the fields of a plan (planned_values, resource_changes, resource_drift, output_changes, prior_state, configuration)'],
    ]) {
      const file = join(TERRAFORM_FIXTURES, 'not-plans', name);
      expect(() => loadPlans([file])).toThrow(`${file} ${what}, not a plan; pass the output of \`terraform show -json <planfile>\``);
    }
    const root = tempDir();
    const bare = writePlan(root, 'staging01', 'staging01-dns', { format_version: '1.2' });
    expect(() => loadPlans([root])).toThrow(`${join(bare, 'staging01-dns.plan.json')} has none of the fields of a plan`);
  });

  it('returns nothing for a glob or directory without plans (no affected env)', () => {
    expect(loadPlans(['live/*/tfplan'], tempDir())).toEqual([]);
  });
});
