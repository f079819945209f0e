/**
 * The account layer's configuration (Terragrunt's `<account>/_global`):
 * `live/accounts/accounts.yaml`, plain YAML validated like env.yaml, one block per
 * AWS account of accounts.ts. docs/account-configuration.md is generated from this
 * schema (`npm run docs:configuration`).
 *
 * The account layer also reads every live project's env.yaml: the alarm topics of
 * the environments in an account are subscribed to that account's Slack channels,
 * and their exports buckets are audited through CloudTrail data events.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LOG_RETENTION_DAYS } from '@lq3/cloudtrail';
import { z } from 'zod';
import { ACCOUNT_NAMES, ACCOUNTS, ACCOUNTS_FILE, checkAccounts, type AccountName, type AwsAccount } from '../accounts';
import { isAwsRegion } from '../aws-regions';
import { ConfigError } from '../config-error';
import type { Environment } from '../environment';
import { NAME_PATTERN, NAME_RULE } from '../environment-rules';
import { ENV_FILE_NAME, fromZod, parseEnvFile } from '../load-environments';
import { ORGANISATION, resourceName } from '../organisation';
import { readPlainYaml } from '../yaml-data';

export const ACCOUNTS_CONFIG_FILE = 'accounts.yaml';

/** Topics of the account layer a Slack channel may receive, besides the envs' alarm topics. */
export const ACCOUNT_TOPICS = ['security', 'cost'] as const;
export type AccountTopic = (typeof ACCOUNT_TOPICS)[number];

const channelName = z.string().regex(NAME_PATTERN, `channel name ${NAME_RULE}`);

const slackSchema = z
  .object({
    workspaceId: z
      .string()
      .regex(/^T[0-9A-Z]{2,}$/, 'must be the Slack workspace id the AWS Chatbot console shows once the workspace is authorised, like T0123ABCD')
      .meta({ description: 'Slack workspace (team) id, from the AWS Chatbot console after the one-time authorisation of the workspace in this account (docs/operations.md, "Slack").' }),
    channels: z
      .record(
        channelName,
        z
          .object({
            channelId: z.string().regex(/^[CG][0-9A-Z]{2,}$/, 'must be a Slack channel id like C0123ABCDE (channel details, About)').meta({ description: 'Slack channel id (channel details → About, `C…`).' }),
            receives: z
              .array(z.enum(ACCOUNT_TOPICS))
              .default([])
              .meta({ description: 'Account notifications this channel gets besides its envs\' alarms: `security` (CloudTrail CIS alarms, GuardDuty, Access Analyzer) and/or `cost` (budget, cost anomalies).' }),
          })
          .strict(),
      )
      .refine((channels) => Object.keys(channels).length > 0, 'needs at least one channel')
      .meta({ description: 'The Slack channels of this account by name (the name rule); AWS allows one channel configuration per Slack channel and account.' }),
    defaultChannel: channelName.meta({ description: 'Channel of the envs of this account that name none (`monitoring.slackChannel`).' }),
  })
  .strict()
  .superRefine((slack, ctx) => {
    if (!Object.hasOwn(slack.channels, slack.defaultChannel)) {
      ctx.addIssue({ code: 'custom', path: ['defaultChannel'], message: `no channel named ${slack.defaultChannel} in channels`, input: slack.defaultChannel });
    }
    for (const topic of ACCOUNT_TOPICS) {
      if (!Object.values(slack.channels).some((channel) => channel.receives.includes(topic))) {
        ctx.addIssue({ code: 'custom', path: ['channels'], message: `no channel receives ${topic}; add it to one channel's receives` });
      }
    }
  });

const percent = z.number().gt(0).max(1000);

export const accountSchema = z
  .object({
    region: z
      .string()
      .refine(isAwsRegion, 'must be an AWS region of the aws partition like eu-central-1')
      .default(ORGANISATION.defaultRegion)
      .meta({ description: 'Home region of the account layer: the trail bucket and log group, the notification topics, GuardDuty, Access Analyzer.' }),
    audit: z
      .object({
        logRetentionDays: z
          .number()
          .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), `must be a CloudWatch Logs retention period: ${LOG_RETENTION_DAYS.join(', ')}`)
          .default(365)
          .meta({ description: 'Days the CloudWatch Logs copy of the trail (what the security alarms read) is kept.' }),
        archiveAfterDays: z.number().int().min(30).default(90).meta({ description: 'Days until trail log files move to S3 Glacier Instant Retrieval.' }),
        expireAfterDays: z.number().int().min(120).default(730).meta({ description: 'Days until trail log files are deleted (at least archiveAfterDays + 90); nobody else may delete them.' }),
        exportsDataEvents: z.boolean().default(true).meta({ description: "Record object reads and writes of the envs' exports buckets as CloudTrail data events (billed per event)." }),
      })
      .strict()
      .default({ logRetentionDays: 365, archiveAfterDays: 90, expireAfterDays: 730, exportsDataEvents: true })
      .meta({ description: 'The account\'s CloudTrail trail (multi-region, log file validation, KMS).' }),
    baseline: z
      .object({
        guardDuty: z.boolean().default(true).meta({ description: 'GuardDuty in the home region. Production account: always true.' }),
        accessAnalyzer: z.boolean().default(true).meta({ description: 'IAM Access Analyzer for the account. Production account: always true.' }),
        minimumGuardDutySeverity: z.number().min(1).max(10).default(4).meta({ description: 'Lowest GuardDuty severity sent to Slack (4: medium, 7: high).' }),
        passwordMinimumLength: z.number().int().min(14).max(128).default(14).meta({ description: 'IAM password policy: minimum length (CIS: at least 14).' }),
        passwordMaxAgeDays: z.number().int().min(0).max(1095).default(90).meta({ description: 'IAM password policy: days until a password must change; 0 for never.' }),
      })
      .strict()
      .default({ guardDuty: true, accessAnalyzer: true, minimumGuardDutySeverity: 4, passwordMinimumLength: 14, passwordMaxAgeDays: 90 })
      .meta({ description: 'Account-wide security settings.' }),
    budget: z
      .object({
        monthlyUsd: z.number().gt(0).meta({ description: 'Monthly cost budget of the account, USD.' }),
        alertAtPercent: z.array(percent).min(1).max(4).default([80, 100]).meta({ description: "Alerts when the month's actual cost passes these percentages of the budget." }),
        forecastAlertAtPercent: z.union([percent, z.literal(false)]).default(100).meta({ description: "Alert when the month's forecast passes this percentage; false for none." }),
        anomalyAlertAboveUsd: z.number().gt(0).default(50).meta({ description: 'Cost Anomaly Detection: report anomalies with a total impact from this many USD.' }),
      })
      .strict()
      .meta({ description: 'AWS Budgets and Cost Anomaly Detection, to the channels that receive `cost`.' }),
    slack: slackSchema.optional().meta({ description: 'AWS Chatbot in Slack. Without it nothing reaches Slack; the production account needs it.' }),
  })
  .strict()
  .superRefine((account, ctx) => {
    if (account.audit.expireAfterDays < account.audit.archiveAfterDays + 90) {
      ctx.addIssue({ code: 'custom', path: ['audit', 'expireAfterDays'], message: `must be at least archiveAfterDays + 90 (${account.audit.archiveAfterDays + 90}): Glacier Instant Retrieval bills 90 days`, input: account.audit.expireAfterDays });
    }
  });

export const accountsFileSchema = z
  .object({
    accounts: z
      .object(Object.fromEntries(ACCOUNT_NAMES.map((name) => [name, accountSchema.meta({ description: `The ${name} account (live/shared/src/accounts.ts).` })])) as Record<AccountName, typeof accountSchema>)
      .strict()
      .meta({ description: 'One block per AWS account; every account of live/shared/src/accounts.ts.' }),
  })
  .strict()
  .superRefine((file, ctx) => {
    const production = file.accounts.production;
    const refuse = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path: ['accounts', 'production', ...path], message });
    if (!production.baseline.guardDuty) refuse(['baseline', 'guardDuty'], 'production account: GuardDuty stays on');
    if (!production.baseline.accessAnalyzer) refuse(['baseline', 'accessAnalyzer'], 'production account: Access Analyzer stays on');
    if (!production.slack) refuse(['slack'], 'production account: its alarms must reach Slack; configure the workspace and channels');
  });

export type AccountSettings = z.infer<typeof accountSchema>;

/** An environment as the account layer sees it. */
export interface AccountEnvironment {
  readonly name: string;
  readonly region: string;
  /** `lq3-<env>-alarms`, the env's topic (network unit). */
  readonly alarmTopicArn: string;
  /** `lq3-<env>-exports-<account id>`, the env's exports bucket (jobs unit). */
  readonly exportsBucket: string;
  /** The Slack channel its notifications go to, when the account has Slack. */
  readonly slackChannel?: string;
  readonly sourceFile: string;
}

/** One account's layer, ready to compose. */
export interface AccountLayer {
  readonly name: AccountName;
  readonly awsAccount: AwsAccount;
  readonly settings: AccountSettings;
  /** The env files' environments that live in this account. */
  readonly environments: readonly AccountEnvironment[];
  /** The file it came from, relative to the workspace root (for messages). */
  readonly sourceFile: string;
  /** `<account>-global`: the `//.lq3.environment` and `Environment` tag of its stacks. */
  readonly scope: string;
}

/** `staging-global`: what the account layer's stacks belong to, as an env name would. */
export function accountScope(account: AccountName): string {
  return `${account}-global`;
}

/** Name of an env's alarm topic (the network unit creates it with this name). */
export function alarmTopicName(environment: string): string {
  return resourceName(environment, 'alarms');
}

/** Name of an env's exports bucket (the jobs unit creates it with this name). */
export function exportsBucketName(environment: string, accountId: string): string {
  return resourceName(environment, 'exports', accountId);
}

/** Loads `<projectDir>/accounts.yaml` and the env files of every live project, and checks them against each other. */
export function loadAccountLayers(projectDir: string, workspaceRoot = join(projectDir, '..', '..')): AccountLayer[] {
  checkAccounts(relative(workspaceRoot, ACCOUNTS_FILE) || ACCOUNTS_FILE);
  const file = join(projectDir, ACCOUNTS_CONFIG_FILE);
  const shown = relative(workspaceRoot, file) || file;
  if (!existsSync(file) || !statSync(file).isFile()) throw new ConfigError(shown, '', 'file not found; the account layer project needs its accounts.yaml');
  const result = accountsFileSchema.safeParse(readPlainYaml(readFileSync(file, 'utf8'), shown), { reportInput: true });
  if (!result.success) throw fromZod(shown, result.error);
  // A broken env file fails here too: its topic would silently miss Slack otherwise.
  const environments = liveEnvFiles(workspaceRoot).flatMap((envFile) => parseEnvFile(envFile, workspaceRoot));
  return ACCOUNT_NAMES.map((name) => accountLayer(name, result.data.accounts[name], environments.filter((environment) => environment.account === name), shown));
}

function accountLayer(name: AccountName, settings: AccountSettings, environments: Environment[], sourceFile: string): AccountLayer {
  const awsAccount = ACCOUNTS[name];
  const slack = settings.slack;
  return {
    name,
    awsAccount,
    settings,
    sourceFile,
    scope: accountScope(name),
    environments: environments.map((environment) => {
      const channel = environment.monitoring.slackChannel;
      if (channel !== undefined && (!slack || !Object.hasOwn(slack.channels, channel))) {
        throw new ConfigError(
          environment.sourceFile,
          `environments.${environment.name}.monitoring.slackChannel`,
          slack
            ? `no channel named ${channel} in accounts.${name}.slack.channels of ${sourceFile} (channels: ${Object.keys(slack.channels).join(', ')})`
            : `the ${name} account has no slack in ${sourceFile}; configure it or remove slackChannel`,
        );
      }
      return {
        name: environment.name,
        region: environment.region,
        alarmTopicArn: `arn:aws:sns:${environment.region}:${awsAccount.id}:${alarmTopicName(environment.name)}`,
        exportsBucket: exportsBucketName(environment.name, awsAccount.id),
        sourceFile: environment.sourceFile,
        ...(slack ? { slackChannel: channel ?? slack.defaultChannel } : {}),
      };
    }),
  };
}

/** `live/<project>/env.yaml` of every live project, in name order. */
function liveEnvFiles(workspaceRoot: string): string[] {
  const liveDir = join(workspaceRoot, 'live');
  return readdirSync(liveDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(liveDir, entry.name, ENV_FILE_NAME))
    .filter((file) => existsSync(file))
    .sort();
}
