/**
 * The account layer (Terragrunt's <account>/_global, ADR 0014): accounts.yaml
 * validated like env.yaml, the env files it reads, and the stacks it composes —
 * own state per account and unit, the account's provider, the `//.lq3` stamp the
 * runner and the PR comment read, topics only the right services publish to, and
 * Slack routing from env.yaml.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ACCOUNTS, composeEnvironment, loadAccountLayers, readSynthOutput, runAccountSynth, synthesizeAccountLayerInto, synthesizeInto } from '../src';
import type { StackJson } from '../src/testing';
import { baseEnv, copyEnv, envFile, productionEnv, tempWorkspace, type Config } from './helpers';

type Body = Record<string, unknown>;

/** A valid accounts.yaml, with overridable parts. */
function accounts(patch: (file: Config) => void = () => {}): Config {
  const slack = (channels: Config, defaultChannel: string) => ({ workspaceId: 'T0TEST', channels, defaultChannel });
  const file: Config = {
    accounts: {
      staging: { budget: { monthlyUsd: 100 }, slack: slack({ alerts: { channelId: 'C0STAGING', receives: ['security', 'cost'] } }, 'alerts') },
      production: {
        budget: { monthlyUsd: 1000 },
        slack: slack({ alerts: { channelId: 'C0PROD' }, ops: { channelId: 'C0OPS', receives: ['security', 'cost'] } }, 'alerts'),
      },
    },
  };
  patch(file);
  return file;
}

const ENVS = {
  base: envFile({ alpha: baseEnv('alpha') }),
  copy: envFile({ beta: copyEnv('beta', 'alpha', (env) => (env.monitoring = { slackChannel: 'alerts' })) }),
  prod: envFile({ gamma: productionEnv('gamma') }),
};

/** A workspace with the env files and live/accounts/accounts.yaml. */
function workspace(file: Config = accounts(), envs: Record<string, string> = ENVS): string {
  const root = tempWorkspace(envs);
  mkdirSync(join(root, 'live', 'accounts'), { recursive: true });
  writeFileSync(join(root, 'live', 'accounts', 'accounts.yaml'), stringify(file));
  return root;
}

function synth(file?: Config, envs?: Record<string, string>): Record<string, StackJson> {
  const root = workspace(file, envs);
  const outdir = mkdtempSync(join(tmpdir(), 'lq3-accounts-'));
  try {
    synthesizeAccountLayerInto(outdir, join(root, 'live', 'accounts'));
    return Object.fromEntries(readSynthOutput<StackJson>(outdir).map((stack) => [stack.name, stack.json]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The one-line error a synth of the account layer fails with. */
function refusal(file: Config, envs?: Record<string, string>): string {
  const root = workspace(file, envs);
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => errors.push(line);
  const exitCode = process.exitCode;
  try {
    runAccountSynth(join(root, 'live', 'accounts'));
  } finally {
    console.error = original;
    expect(process.exitCode).toBe(1);
    process.exitCode = exitCode;
  }
  expect(readdirSync(join(root, 'live', 'accounts'))).toEqual(['accounts.yaml']);
  return errors.join('\n');
}

const resources = (stack: StackJson, type: string): Body[] => Object.values(stack.resource?.[type] ?? {});

describe('the account layer\'s stacks', () => {
  const stacks = synth();

  it('one stack per account and concern, each with its own state in the account\'s bucket', () => {
    expect(Object.keys(stacks).sort()).toEqual(['production', 'staging'].flatMap((account) => ['audit', 'baseline', 'chat', 'cost'].map((unit) => `${account}-global-${unit}`)));
    for (const [name, stack] of Object.entries(stacks)) {
      const account = ACCOUNTS[name.startsWith('production') ? 'production' : 'staging'];
      const unit = name.split('-').pop();
      expect(stack.terraform.backend.s3).toEqual({
        bucket: account.stateBucket,
        key: `_global/${unit}.tfstate`,
        region: 'eu-central-1',
        encrypt: true,
        use_lockfile: true,
        assume_role: { role_arn: account.roleArn },
      });
      expect(stack.provider['aws'][0]).toMatchObject({ allowed_account_ids: [account.id], default_tags: [{ tags: expect.objectContaining({ Environment: name.replace(/-[a-z]+$/, '') }) }] });
    }
  });

  it('the runner\'s //.lq3 block: scope, account, unit, state key, module versions', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'lq3-accounts-'));
    try {
      synthesizeAccountLayerInto(outdir, join(workspace(), 'live', 'accounts'));
      const audit = readSynthOutput(outdir).find((stack) => stack.name === 'production-global-audit')!;
      expect((audit.json['//'] as { lq3: unknown }).lq3).toEqual({
        environment: 'production-global',
        account: 'production',
        unit: 'audit',
        stateKey: '_global/audit.tfstate',
        modules: { '@lq3/cloudtrail': expect.any(String), '@lq3/live-shared': expect.any(String) },
      });
      expect(audit.dependencies).toEqual(['production-global-baseline']);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('security and cost topics, encrypted, that CloudWatch, EventBridge, Budgets and Cost Anomaly Detection of this account may publish to', () => {
    const topics = resources(stacks['staging-global-baseline'], 'aws_sns_topic').map((topic) => topic.name);
    expect(topics.sort()).toEqual(['lq3-account-cost', 'lq3-account-security']);
    const [policy] = resources(stacks['staging-global-baseline'], 'aws_sns_topic_policy').map((body) => String(body.policy));
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'budgets.amazonaws.com', 'costalerts.amazonaws.com']) expect(policy).toContain(service);
    expect(policy).toContain(ACCOUNTS.staging.id);
  });

  it('Slack: each channel gets the account topics it receives and the alarm topics of the envs routed to it', () => {
    const channels = Object.fromEntries(resources(stacks['production-global-chat'], 'aws_chatbot_slack_channel_configuration').map((body) => [body.configuration_name, body]));
    expect(Object.keys(channels).sort()).toEqual(['lq3-production-alerts', 'lq3-production-ops']);
    expect(channels['lq3-production-alerts'].sns_topic_arns).toEqual(['arn:aws:sns:eu-central-1:222222222222:lq3-gamma-alarms']);
    expect(channels['lq3-production-ops'].sns_topic_arns).toHaveLength(2);
    expect(channels['lq3-production-ops']).toMatchObject({ slack_team_id: 'T0TEST', slack_channel_id: 'C0OPS', guardrail_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    const staging = resources(stacks['staging-global-chat'], 'aws_chatbot_slack_channel_configuration')[0];
    expect((staging.sns_topic_arns as string[]).filter((arn) => arn.startsWith('arn:'))).toEqual([
      'arn:aws:sns:eu-central-1:111111111111:lq3-alpha-alarms',
      'arn:aws:sns:eu-central-1:111111111111:lq3-beta-alarms',
    ]);
  });

  it('the trail records the S3 data events of the account\'s exports buckets', () => {
    const [trail] = resources(stacks['staging-global-audit'], 'aws_cloudtrail') as { advanced_event_selector: { field_selector: { field: string; starts_with?: string[] }[] }[] }[];
    const prefixes = trail.advanced_event_selector[1].field_selector.find((selector) => selector.field === 'resources.ARN')?.starts_with;
    expect(prefixes).toEqual(['arn:aws:s3:::lq3-alpha-exports-111111111111/', 'arn:aws:s3:::lq3-beta-exports-111111111111/']);
  });

  it('the notifications key lets CloudWatch, EventBridge, Budgets and Cost Anomaly Detection of this account publish to its encrypted topics', () => {
    const [key] = resources(stacks['production-global-baseline'], 'aws_kms_key');
    const statements = (JSON.parse(String(key.policy)) as { Statement: { Sid: string; Principal: { Service?: string[] }; Action: string[]; Condition?: unknown }[] }).Statement;
    const publishers = statements.find((statement) => statement.Sid === 'AlarmAndEventPublishers')!;
    expect(publishers.Principal.Service).toEqual(expect.arrayContaining(['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'budgets.amazonaws.com', 'costalerts.amazonaws.com']));
    expect(publishers.Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(publishers.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNTS.production.id } });
    const [keyName] = Object.keys(stacks['production-global-baseline'].resource?.['aws_kms_key'] ?? {});
    for (const topic of resources(stacks['production-global-baseline'], 'aws_sns_topic')) expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${keyName}.arn}`);
  });

  it('accounts.yaml switches and thresholds reach the stacks: a staging account without GuardDuty or Access Analyzer, its own budget alerts and anomaly floor', () => {
    const tuned = synth(
      accounts((file) => {
        const staging = (file.accounts as Config).staging as Config;
        staging.baseline = { guardDuty: false, accessAnalyzer: false, minimumGuardDutySeverity: 7, passwordMaxAgeDays: 0 };
        staging.budget = { monthlyUsd: 250, alertAtPercent: [90], forecastAlertAtPercent: false, anomalyAlertAboveUsd: 20 };
        const production = (file.accounts as Config).production as Config;
        production.baseline = { minimumGuardDutySeverity: 7 };
      }),
    );
    const staging = tuned['staging-global-baseline'];
    expect(resources(staging, 'aws_guardduty_detector')).toEqual([]);
    expect(resources(staging, 'aws_accessanalyzer_analyzer')).toEqual([]);
    expect(resources(staging, 'aws_cloudwatch_event_rule')).toEqual([]);
    expect(resources(staging, 'aws_iam_account_password_policy')[0].max_password_age).toBeUndefined();
    const [budget] = resources(tuned['staging-global-cost'], 'aws_budgets_budget') as ({ notification: { threshold: number; notification_type: string }[] } & Body)[];
    expect(budget.limit_amount).toBe('250.00');
    expect(budget.notification.map((notification) => `${notification.notification_type} ${notification.threshold}`)).toEqual(['ACTUAL 90']);
    expect(resources(tuned['staging-global-cost'], 'aws_ce_anomaly_subscription')[0]).toMatchObject({ threshold_expression: { dimension: { values: ['20'] } } });
    // Production keeps both, and takes its own severity floor.
    expect(resources(tuned['production-global-baseline'], 'aws_guardduty_detector')).toHaveLength(1);
    const guardDutyRule = resources(tuned['production-global-baseline'], 'aws_cloudwatch_event_rule').find((rule) => String(rule.name).endsWith('guardduty-findings'))!;
    expect(JSON.parse(String(guardDutyRule.event_pattern)).detail).toEqual({ severity: [{ numeric: ['>=', 7] }] });
  });

  it('reads the env topics and buckets by the names the env units give them', () => {
    const envStacks = synthEnv();
    const [topic] = resources(envStacks['alpha-network'], 'aws_sns_topic');
    const [bucket] = resources(envStacks['alpha-jobs'], 'aws_s3_bucket');
    const [layer] = loadAccountLayers(join(workspace(), 'live', 'accounts'));
    const alpha = layer.environments.find((environment) => environment.name === 'alpha')!;
    expect(alpha.alarmTopicArn.endsWith(`:${topic.name}`)).toBe(true);
    expect(alpha.exportsBucket).toBe(bucket.bucket);
  });
});

function synthEnv(): Record<string, StackJson> {
  const root = workspace();
  const outdir = mkdtempSync(join(tmpdir(), 'lq3-accounts-env-'));
  try {
    synthesizeInto(outdir, join(root, 'live', 'base'), composeEnvironment);
    return Object.fromEntries(readSynthOutput<StackJson>(outdir).map((stack) => [stack.name, stack.json]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('accounts.yaml is refused with the file and field', () => {
  const at = (field: string) => `synth failed: live/accounts/accounts.yaml: ${field}: `;

  it('a production account without GuardDuty, Access Analyzer or Slack', () => {
    expect(refusal(accounts((file) => ((file.accounts as Config).production as Config).baseline = { guardDuty: false }))).toBe(`${at('accounts.production.baseline.guardDuty')}production account: GuardDuty stays on`);
    expect(refusal(accounts((file) => (((file.accounts as Config).production as Config).baseline = { accessAnalyzer: false })))).toBe(
      `${at('accounts.production.baseline.accessAnalyzer')}production account: Access Analyzer stays on`,
    );
    expect(refusal(accounts((file) => delete ((file.accounts as Config).production as Config).slack))).toBe(
      `${at('accounts.production.slack')}production account: its alarms must reach Slack; configure the workspace and channels`,
    );
  });

  it('an account missing, a default channel that does not exist, a topic nobody receives', () => {
    expect(refusal(accounts((file) => delete (file.accounts as Config).staging))).toMatch(new RegExp(`^${at('accounts.staging')}`));
    expect(refusal(accounts((file) => ((((file.accounts as Config).staging as Config).slack as Config).defaultChannel = 'nowhere')))).toBe(
      `${at('accounts.staging.slack.defaultChannel')}no channel named nowhere in channels (got "nowhere")`,
    );
    expect(
      refusal(accounts((file) => (((((file.accounts as Config).staging as Config).slack as Config).channels as Config).alerts = { channelId: 'C0STAGING', receives: ['cost'] }))),
    ).toBe(`${at('accounts.staging.slack.channels')}no channel receives security; add it to one channel's receives`);
  });

  it('Slack ids that are not ids, a budget of nothing, trail files deleted before Glacier\'s minimum', () => {
    expect(refusal(accounts((file) => ((((file.accounts as Config).staging as Config).slack as Config).workspaceId = 'lq3')))).toMatch(
      new RegExp(`^${at('accounts.staging.slack.workspaceId')}must be the Slack workspace id`),
    );
    expect(refusal(accounts((file) => (((file.accounts as Config).staging as Config).budget = { monthlyUsd: 0 })))).toMatch(new RegExp(`^${at('accounts.staging.budget.monthlyUsd')}`));
    expect(refusal(accounts((file) => (((file.accounts as Config).staging as Config).audit = { archiveAfterDays: 90, expireAfterDays: 150 })))).toBe(
      `${at('accounts.staging.audit.expireAfterDays')}must be at least archiveAfterDays + 90 (180): Glacier Instant Retrieval bills 90 days (got 150)`,
    );
  });

  it('an env routed to a channel its account does not have, named at the env file', () => {
    const envs = { ...ENVS, base: envFile({ alpha: baseEnv('alpha', (env) => (env.monitoring = { slackChannel: 'ops' })) }) };
    expect(refusal(accounts(), envs)).toBe('synth failed: live/base/env.yaml: environments.alpha.monitoring.slackChannel: no channel named ops in accounts.staging.slack.channels of live/accounts/accounts.yaml (channels: alerts)');
  });

  it('a channel nothing is routed to', () => {
    const file = accounts((file) => {
      const production = (file.accounts as Config).production as Config;
      ((production.slack as Config).channels as Config).quiet = { channelId: 'C0QUIET' };
    });
    expect(refusal(file)).toBe(
      `${at('accounts.production.slack.channels.quiet')}receives nothing: no account topic in receives and no env routed to it (monitoring.slackChannel, or defaultChannel); remove it or route something to it`,
    );
  });
});
