/**
 * Structure of the two CI definitions: the PR flow (verify, plan against the
 * merge base, comment), the main flow (staging automatic, production behind a
 * manual gate), OIDC instead of keys, pinned Terraform, caches, and nothing
 * secret written into the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface BitbucketStep {
  name: string;
  script: string[];
  'after-script'?: string[];
  caches?: string[];
  oidc?: boolean;
  deployment?: string;
  trigger?: string;
}
interface GitHubStep {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface GitHubJob {
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  steps: GitHubStep[];
}

const FILES = ['bitbucket-pipelines.yml', '.github/workflows/infra.yml', '.github/actions/setup-workspace/action.yml'];

describe('no secrets inline', () => {
  it.each(FILES)('%s holds no keys, tokens or passwords, only references', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(text).not.toMatch(/aws[-_](secret[-_])?access[-_]key/i);
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(text).not.toMatch(/\b(ghp|gho|ghs|github_pat)_[A-Za-z0-9_]{10,}/);
    // Any assignment of a token/password/secret must be a reference, never a literal.
    for (const [, name, value] of text.matchAll(/^\s*-?\s*([A-Z_]*(?:TOKEN|PASSWORD|SECRET)[A-Z_]*):\s*(.+)$/gm)) {
      expect(`${name}: ${value}`).toMatch(/\$\{\{ secrets\.[A-Z_]+ \}\}$/);
    }
  });
});

describe('bitbucket-pipelines.yml', () => {
  const pipelines = parse(read('bitbucket-pipelines.yml'));
  const prSteps: BitbucketStep[] = pipelines.pipelines['pull-requests']['**'].map((entry: { step: BitbucketStep }) => entry.step);
  const mainSteps: BitbucketStep[] = pipelines.pipelines.branches.main.map((entry: { step: BitbucketStep }) => entry.step);
  const script = (step: BitbucketStep) => step.script.join('\n');

  it('verifies a pull request, plans the affected envs against the merge base and posts the comment', () => {
    expect(prSteps.map((step) => step.name)).toEqual(['Lint, typecheck, test, policy', 'Plan affected environments and comment on the PR']);
    const [verify, plan] = prSteps;
    expect(script(verify)).toContain('npm ci');
    expect(script(verify)).toContain('nx affected -t lint,typecheck,test');
    expect(script(plan)).toContain('git merge-base "origin/$BITBUCKET_PR_DESTINATION_BRANCH" HEAD');
    expect(script(plan)).toContain('npx nx affected -t plan');
    // after-script runs even when the plan failed, so failures reach the PR.
    expect(plan['after-script']).toEqual(['node tools/plan-comment/bin/plan-comment.cjs --flavour bitbucket']);
    expect(pipelines.clone.depth).toBe('full');
  });

  it('applies staging-account envs automatically and production-account envs behind a manual trigger', () => {
    const [verify, staging, , production] = mainSteps;
    expect(verify.name).toBe('Lint, typecheck, test, policy');
    expect(staging).toMatchObject({ deployment: 'staging', oidc: true });
    expect(staging.trigger).toBeUndefined();
    expect(script(staging)).toContain('nx affected -t apply --output-style=static -- --account=staging --auto-approve');
    expect(script(staging)).not.toContain('--account=production');
    expect(production).toMatchObject({ deployment: 'production', trigger: 'manual', oidc: true });
    expect(script(production)).toContain('nx affected -t apply --output-style=static -- --account=production --auto-approve');
    expect(script(production)).not.toContain('--account=staging');
  });

  it('releases what merged after the staging apply and before the production gate (ADR 0011)', () => {
    const release = mainSteps[2];
    expect(release.name).toBe('Release module versions');
    expect(release.trigger).toBeUndefined();
    expect(script(release)).toContain('bash tools/release/ci-release.sh');
    expect(script(release)).toContain('export AWS_ROLE_ARN="$AWS_RELEASE_ROLE_ARN"');
  });

  it('reaches AWS through OIDC role assumption only', () => {
    for (const step of [prSteps[1], ...mainSteps.slice(1)]) {
      expect(step.oidc).toBe(true);
      expect(script(step)).toContain('printf \'%s\' "$BITBUCKET_STEP_OIDC_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"');
    }
    expect(script(prSteps[1])).toContain('export AWS_ROLE_ARN="$AWS_PLAN_ROLE_ARN"');
  });

  it('pins Terraform 1.10.x, verifies its signature and checksum, and caches node_modules, the Nx cache and providers', () => {
    const install = script(mainSteps[1]);
    expect(install).toMatch(/TERRAFORM_VERSION=1\.10\.\d+ /);
    // Signature and checksum checks: tools/pipelines/test/install-terraform.test.ts.
    expect(install).toContain('bash tools/pipelines/install-terraform.sh --version "$TERRAFORM_VERSION"');
    expect(pipelines.definitions.caches['node-modules']).toEqual({ key: { files: ['package-lock.json'] }, path: 'node_modules' });
    expect(pipelines.definitions.caches.nx).toBe('.nx/cache');
    for (const step of [...prSteps, ...mainSteps]) expect(step.caches).toEqual(expect.arrayContaining(['node-modules', 'nx']));
  });
});

describe('.github/workflows/infra.yml', () => {
  const workflow = parse(read('.github/workflows/infra.yml'));
  const jobs: Record<string, GitHubJob> = workflow.jobs;
  const runs = (job: GitHubJob) => job.steps.map((step) => step.run ?? '').join('\n');
  const uses = (job: GitHubJob, action: string) => job.steps.find((step) => step.uses?.startsWith(action));

  it('runs on pull requests and pushes to main with read-only default permissions', () => {
    expect(workflow.on.pull_request.branches).toEqual(['main']);
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('verifies, then plans the affected envs against the merge base and posts the comment even after a failed plan', () => {
    expect(runs(jobs.verify)).toContain('npx nx affected -t lint,typecheck,test');
    const plan = jobs.plan;
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    expect(plan.needs).toBe('verify');
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write', 'pull-requests': 'write' });
    expect(runs(plan)).toContain('git merge-base origin/${{ github.base_ref }} HEAD');
    expect(runs(plan)).toContain('npx nx affected -t plan');
    const comment = plan.steps.find((step) => step.run?.includes('plan-comment'));
    expect(comment).toEqual({
      name: 'Post the plan comment',
      if: '${{ !cancelled() }}',
      run: 'node tools/plan-comment/bin/plan-comment.cjs --flavour github',
      env: { GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
    });
  });

  it('applies staging automatically and production only through the reviewed production environment', () => {
    const staging = jobs['apply-staging'];
    const production = jobs['apply-production'];
    expect(staging).toMatchObject({ if: "github.event_name == 'push'", needs: 'verify', environment: 'staging' });
    expect(runs(staging)).toContain('npx nx affected -t apply --output-style=static -- --account=staging --auto-approve');
    expect(production).toMatchObject({ needs: 'apply-staging', environment: 'production' });
    expect(runs(production)).toContain('npx nx affected -t apply --output-style=static -- --account=production --auto-approve');
    expect(runs(production)).not.toContain('--account=staging');
  });

  it('releases what merged after the staging apply, with write access to the repository only there (ADR 0011)', () => {
    const release = jobs['release'];
    expect(release).toMatchObject({ if: "github.event_name == 'push'", needs: 'apply-staging', permissions: { contents: 'write', 'id-token': 'write' } });
    expect(runs(release)).toContain('bash tools/release/ci-release.sh');
    expect(uses(release, 'aws-actions/configure-aws-credentials@')?.with?.['role-to-assume']).toBe('${{ vars.AWS_RELEASE_ROLE_ARN }}');
    for (const [name, job] of Object.entries(jobs)) if (name !== 'release') expect(job.permissions?.['contents']).not.toBe('write');
  });

  it('reaches AWS through OIDC role assumption only, with the role ARN from variables', () => {
    for (const name of ['plan', 'apply-staging', 'apply-production']) {
      const job = jobs[name];
      expect(job.permissions?.['id-token']).toBe('write');
      const credentials = uses(job, 'aws-actions/configure-aws-credentials@');
      expect(credentials?.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.AWS_[A-Z_]*ROLE_ARN \}\}$/);
      expect(Object.keys(credentials?.with ?? {})).not.toContain('aws-access-key-id');
    }
    for (const job of Object.values(jobs)) {
      for (const step of job.steps.filter((candidate) => candidate.env?.['CLOUDFLARE_API_TOKEN'])) {
        expect(step.env?.['CLOUDFLARE_API_TOKEN']).toBe('${{ secrets.CLOUDFLARE_API_TOKEN }}');
      }
    }
  });

  it('pins Terraform 1.10.x, installs it verified and unwrapped, and caches node_modules and the Nx cache', () => {
    expect(workflow.env.TERRAFORM_VERSION).toMatch(/^1\.10\.\d+$/);
    const action = parse(read('.github/actions/setup-workspace/action.yml'));
    const steps: GitHubStep[] = action.runs.steps;
    expect(steps.find((step) => step.run?.includes('install-terraform.sh'))?.run).toContain(
      'bash tools/pipelines/install-terraform.sh --version "$TERRAFORM_VERSION"',
    );
    expect(steps.some((step) => step.uses?.startsWith('hashicorp/setup-terraform@'))).toBe(false);
    const cachedPaths = steps.filter((step) => step.uses?.startsWith('actions/cache@')).map((step) => step.with?.['path']);
    expect(cachedPaths).toEqual(expect.arrayContaining(['node_modules', '.nx/cache']));
    expect(steps.find((step) => step.run?.includes('npm ci'))?.if).toBe("steps.node-modules.outputs.cache-hit != 'true'");
    for (const job of Object.values(jobs)) expect(uses(job, './.github/actions/setup-workspace')).toBeDefined();
  });
});
