/**
 * The monthly schedule in both CI systems: a dry run whose Slack message is
 * posted even after a failure, then --apply only behind a manual gate, AWS
 * through OIDC, the webhook URL only from a secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const TOOL = 'node tools/iam-cleanup/bin/iam-cleanup.cjs';
const CURL = "curl -fsS --retry 3 -H 'Content-Type: application/json' --data @iam-cleanup.slack.json \"$SLACK_WEBHOOK_URL\"";

/** A Bitbucket step or a GitHub step, as far as these tests read them. */
interface Step {
  name?: string;
  script: string[];
  'after-script'?: string[];
  oidc?: boolean;
  deployment?: string;
  trigger?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface GitHubJob {
  needs?: string;
  environment?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

describe('bitbucket-pipelines.yml custom pipeline iam-cleanup', () => {
  const steps: Step[] = parse(read('bitbucket-pipelines.yml')).pipelines.custom['iam-cleanup'].map((entry: { step: Step }) => entry.step);
  const script = (step: Step) => step.script.join('\n');

  it('runs a dry run, then --apply from a manual step of its own deployment environment', () => {
    const [dryRun, apply] = steps;
    expect(steps).toHaveLength(2);
    expect(script(dryRun)).toContain(`${TOOL} --slack-file iam-cleanup.slack.json`);
    expect(script(dryRun)).not.toContain('--apply');
    expect(dryRun.trigger).toBeUndefined();
    expect(script(dryRun)).toContain('export AWS_ROLE_ARN="$AWS_PLAN_ROLE_ARN"');
    expect(apply).toMatchObject({ trigger: 'manual', deployment: 'iam-cleanup', oidc: true });
    expect(script(apply)).toContain(`${TOOL} --apply --slack-file iam-cleanup.slack.json`);
  });

  it('reaches AWS through OIDC and posts to Slack after the run, failed or not', () => {
    for (const step of steps) {
      expect(step.oidc).toBe(true);
      expect(script(step)).toContain('printf \'%s\' "$BITBUCKET_STEP_OIDC_TOKEN" > "$AWS_WEB_IDENTITY_TOKEN_FILE"');
      expect(step['after-script']?.join('\n')).toContain(CURL);
    }
  });
});

describe('.github/workflows/iam-cleanup.yml', () => {
  const workflow = parse(read('.github/workflows/iam-cleanup.yml'));
  const jobs: Record<string, GitHubJob> = workflow.jobs;
  const runs = (job: GitHubJob) => job.steps.map((step) => step.run ?? '').join('\n');

  it('runs monthly (and by hand) with read-only default permissions', () => {
    expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ 1 \* \*$/) }]);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  it('dry-runs, then applies only through the reviewed iam-cleanup environment', () => {
    expect(Object.keys(jobs)).toEqual(['dry-run', 'apply']);
    expect(runs(jobs['dry-run'])).toContain(`${TOOL} --slack-file iam-cleanup.slack.json`);
    expect(runs(jobs['dry-run'])).not.toContain('--apply');
    expect(jobs['apply']).toMatchObject({ needs: 'dry-run', environment: 'iam-cleanup' });
    expect(runs(jobs['apply'])).toContain(`${TOOL} --apply --slack-file iam-cleanup.slack.json`);
  });

  it.each(['dry-run', 'apply'])('%s: OIDC role from a variable, exit code kept through tee, Slack from a secret even after a failure', (name) => {
    const job = jobs[name];
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with?.['role-to-assume']).toMatch(/^\$\{\{ vars\.AWS_[A-Z_]*ROLE_ARN \}\}$/);
    expect(job.steps.find((step) => step.run?.startsWith(TOOL))?.shell).toBe('bash');
    const post = job.steps.find((step) => step.run?.includes(CURL));
    expect(post?.if).toBe("${{ !cancelled() && hashFiles('iam-cleanup.txt') != '' }}");
    expect(post?.env).toEqual({ SLACK_WEBHOOK_URL: '${{ secrets.SLACK_WEBHOOK_URL }}' });
    expect(post?.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });
});
