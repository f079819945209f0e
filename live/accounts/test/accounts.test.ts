/**
 * The account layer as configured (accounts.yaml and every env file): what each
 * AWS account gets once — CloudTrail with the CIS alarms, the security baseline,
 * budgets and cost anomalies, and Slack through AWS Chatbot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSynthOutput, synthesizeAccountLayerInto } from '@lq3/live-shared';
import type { StackJson } from '@lq3/live-shared/src/testing';

type Body = Record<string, unknown>;

const outdir = mkdtempSync(join(tmpdir(), 'lq3-accounts-test-'));
let stacks: Record<string, StackJson> = {};
beforeAll(() => {
  synthesizeAccountLayerInto(outdir, join(__dirname, '..'));
  stacks = Object.fromEntries(readSynthOutput<StackJson>(outdir).map((stack) => [stack.name, stack.json]));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const all = (stack: string, type: string): Body[] => Object.values(stacks[stack].resource?.[type] ?? {});
const one = (stack: string, type: string): Body => {
  const bodies = all(stack, type);
  if (bodies.length !== 1) throw new Error(`${stack}: expected one ${type}, found ${bodies.length}`);
  return bodies[0];
};

describe.each([
  ['staging', '111111111111'],
  ['production', '222222222222'],
])('the %s account', (account, id) => {
  const stack = (unit: string) => `${account}-global-${unit}`;

  it('has its own state per concern in its bucket, and a provider that refuses any other account', () => {
    for (const unit of ['baseline', 'audit', 'cost', 'chat']) {
      expect(stacks[stack(unit)].terraform.backend.s3).toMatchObject({ bucket: `lq3-terraform-state-${id}`, key: `_global/${unit}.tfstate`, encrypt: true, use_lockfile: true });
      expect(stacks[stack(unit)].provider['aws'][0]).toMatchObject({ allowed_account_ids: [id] });
    }
  });

  it('one multi-region trail with log file validation, KMS, a private deny-delete bucket with a lifecycle, and CloudWatch Logs delivery', () => {
    expect(one(stack('audit'), 'aws_cloudtrail')).toMatchObject({
      name: `lq3-${account}`,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: expect.stringMatching(/aws_kms_key/),
      cloud_watch_logs_group_arn: expect.stringMatching(/aws_cloudwatch_log_group/),
    });
    expect(one(stack('audit'), 'aws_s3_bucket')).toMatchObject({ bucket: `lq3-${account}-cloudtrail-${id}` });
    expect(one(stack('audit'), 'aws_s3_bucket_public_access_block')).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(String(one(stack('audit'), 'aws_s3_bucket_policy').policy)).toContain('"Sid":"NobodyDeletesLogFiles","Effect":"Deny"');
    expect(one(stack('audit'), 'aws_s3_bucket_lifecycle_configuration').rule).toEqual(expect.arrayContaining([expect.objectContaining({ expiration: [{ days: 730 }] })]));
    expect(one(stack('audit'), 'aws_cloudwatch_log_group')).toMatchObject({ retention_in_days: 365, kms_key_id: expect.stringMatching(/aws_kms_key/) });
  });

  it('alarms on root use, IAM policy changes and console sign-in failures (and more CIS metrics) to the security topic', () => {
    const alarms = all(stack('audit'), 'aws_cloudwatch_metric_alarm');
    expect(alarms.map((alarm) => alarm.alarm_name)).toEqual(
      expect.arrayContaining([`lq3-${account}-cloudtrail-RootAccountUsage`, `lq3-${account}-cloudtrail-IamPolicyChanges`, `lq3-${account}-cloudtrail-ConsoleSignInFailures`]),
    );
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([expect.stringMatching(/security-topic/)]);
  });

  it('an IAM password policy, Access Analyzer and GuardDuty, their findings to the security topic', () => {
    expect(one(stack('baseline'), 'aws_iam_account_password_policy')).toMatchObject({ minimum_password_length: 14, password_reuse_prevention: 24 });
    expect(one(stack('baseline'), 'aws_accessanalyzer_analyzer')).toMatchObject({ analyzer_name: `lq3-${account}`, type: 'ACCOUNT' });
    expect(one(stack('baseline'), 'aws_guardduty_detector')).toMatchObject({ enable: true });
    const rules = all(stack('baseline'), 'aws_cloudwatch_event_rule').map((rule) => rule.name);
    expect(rules.sort()).toEqual([`lq3-${account}-access-analyzer-findings`, `lq3-${account}-guardduty-findings`]);
  });

  it('a monthly budget with alert thresholds and Cost Anomaly Detection, both to the cost topic', () => {
    const budget = one(stack('cost'), 'aws_budgets_budget') as { notification: { subscriber_sns_topic_arns: string[] }[] } & Body;
    expect(budget).toMatchObject({ name: `lq3-${account}-monthly`, budget_type: 'COST', time_unit: 'MONTHLY' });
    for (const notification of budget.notification) expect(notification.subscriber_sns_topic_arns).toEqual([expect.stringMatching(/cost-topic/)]);
    expect(one(stack('cost'), 'aws_ce_anomaly_subscription')).toMatchObject({ frequency: 'IMMEDIATE', subscriber: [{ type: 'SNS', address: expect.stringMatching(/cost-topic/) }] });
  });

  it('Slack channels through AWS Chatbot with a read-only guardrail, together subscribed to both account topics and every env topic of the account', () => {
    const channels = all(stack('chat'), 'aws_chatbot_slack_channel_configuration') as ({ sns_topic_arns: string[] } & Body)[];
    for (const channel of channels) expect(channel).toMatchObject({ guardrail_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], user_authorization_required: false });
    const topics = channels.flatMap((channel) => channel.sns_topic_arns);
    expect(topics.filter((arn) => /security-topic/.test(arn))).toHaveLength(1);
    expect(topics.filter((arn) => /cost-topic/.test(arn))).toHaveLength(1);
    const envs = account === 'staging' ? ['staging-back', 'staging-front', 'staging01'] : ['production-back', 'production-front', 'production01'];
    expect(topics.filter((arn) => arn.startsWith('arn:')).sort()).toEqual(envs.map((env) => `arn:aws:sns:eu-central-1:${id}:lq3-${env}-alarms`));
  });
});
