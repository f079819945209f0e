/**
 * `iam-cleanup [options]`: find IAM users idle for N days in each account,
 * print what would be done (dry run, the default), and with --apply disable
 * them, deleting those disabled at least M days ago.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ACCOUNT_NAMES, ACCOUNTS, type AccountName } from '@lq3/live-shared/src/accounts';
import { ORGANISATION } from '@lq3/live-shared/src/organisation';
import { assumeRoleClients, type AwsSettings } from './clients';
import { DEFAULT_DELETE_AFTER_DAYS, DEFAULT_IDLE_DAYS, DEFAULT_KEEP_TAG, DISABLED_ON_TAG } from './decide';
import { renderJson, renderSlack, renderText } from './render';
import { runCleanup, type AccountClients, type AccountTarget } from './run';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const FORMATS = ['table', 'json', 'slack'] as const;
export type Format = (typeof FORMATS)[number];

export const USAGE = `Usage: iam-cleanup [options]

Finds IAM users whose console password and every access key have not been used
for --days days (users who never signed in count from their creation), in each
account of live/shared/src/accounts.ts, by assuming the account's role. Prints
what it would do; --apply does it, in two stages:
  disable  delete the password, deactivate the keys, tag ${DISABLED_ON_TAG}=<today>
  delete   users disabled at least --delete-after days ago: keys, MFA devices,
           certificates, SSH keys, service credentials, groups, policies, the user

Options:
  --account <name>        ${ACCOUNT_NAMES.join(' | ')}; repeatable (default: all)
  --days <n>              idle days before a user is disabled (default: ${DEFAULT_IDLE_DAYS})
  --delete-after <m>      days disabled before a user is deleted (default: ${DEFAULT_DELETE_AFTER_DAYS})
  --keep <user>           never touch this user (exact name); repeatable
  --keep-tag <key[=val]>  never touch users with this tag; repeatable; ${DEFAULT_KEEP_TAG} always counts
  --apply                 make the changes (default: dry run, nothing changes)
  --format <f>            ${FORMATS.join(' | ')} (default: table); slack = incoming-webhook JSON
  --json                  same as --format json
  --slack-file <path>     also write the Slack message (webhook JSON) to this file
  --region <region>       STS region (default: ${ORGANISATION.defaultRegion})
  --endpoint-url <url>    IAM and STS endpoint (the AWS emulator; default: AWS)
  -h, --help              show this help

Exit codes: 0 done (dry run: looked at every user), 1 some user or account
failed (the others were still done), 2 usage error.
`;

export class UsageError extends Error {}

export interface CliDeps {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The clock every date decision reads. */
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Base credentials (tests); the SDK's default chain otherwise. */
  readonly credentials?: AwsSettings['credentials'];
  /** Builds one account's clients; assumes the account's role by default. */
  readonly clients?: (target: AccountTarget, settings: AwsSettings) => AccountClients;
}

const defaultDeps: CliDeps = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface CliOptions {
  readonly accounts: AccountName[];
  readonly idleDays: number;
  readonly deleteAfterDays: number;
  readonly keepUsers: string[];
  readonly keepTags: string[];
  readonly apply: boolean;
  readonly format: Format;
  readonly region: string;
  readonly endpoint?: string;
  readonly slackFile?: string;
  readonly help: boolean;
}

function wholeNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} takes a whole number of days, at least 1 (got ${JSON.stringify(value)})`);
  return Number(value);
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        account: { type: 'string', multiple: true },
        days: { type: 'string' },
        'delete-after': { type: 'string' },
        keep: { type: 'string', multiple: true },
        'keep-tag': { type: 'string', multiple: true },
        apply: { type: 'boolean' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        region: { type: 'string' },
        'endpoint-url': { type: 'string' },
        'slack-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values;
  const accounts = values.account ?? [...ACCOUNT_NAMES];
  for (const account of accounts) {
    if (!(ACCOUNT_NAMES as readonly string[]).includes(account)) throw new UsageError(`--account ${JSON.stringify(account)} is not one of ${ACCOUNT_NAMES.join(', ')}`);
  }
  if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError(`--json and --format ${values.format} contradict each other`);
  const format = values.json ? 'json' : (values.format ?? 'table');
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${JSON.stringify(format)} is not one of ${FORMATS.join(', ')}`);
  for (const tag of values['keep-tag'] ?? []) {
    if (tag.split('=')[0] === '') throw new UsageError(`--keep-tag ${JSON.stringify(tag)} names no tag key`);
  }
  for (const user of values.keep ?? []) if (user === '') throw new UsageError('--keep takes a user name');
  const endpoint = values['endpoint-url'];
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) throw new UsageError(`--endpoint-url ${JSON.stringify(endpoint)} is no http(s) URL`);
  return {
    accounts: [...new Set(accounts)] as AccountName[],
    idleDays: wholeNumber(values.days, '--days', DEFAULT_IDLE_DAYS),
    deleteAfterDays: wholeNumber(values['delete-after'], '--delete-after', DEFAULT_DELETE_AFTER_DAYS),
    keepUsers: values.keep ?? [],
    keepTags: [...new Set([DEFAULT_KEEP_TAG, ...(values['keep-tag'] ?? [])])],
    apply: values.apply ?? false,
    format: format as Format,
    region: values.region ?? ORGANISATION.defaultRegion,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(values['slack-file'] ? { slackFile: values['slack-file'] } : {}),
    help: values.help ?? false,
  };
}

/** Runs the CLI; resolves to the exit code (0 ok, 1 some user or account failed, 2 usage). */
export async function main(argv: readonly string[], deps: Partial<CliDeps> = {}): Promise<number> {
  const io: CliDeps = { ...defaultDeps, ...deps };
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`iam-cleanup: ${error.message}\n(iam-cleanup --help shows the options)\n`);
    return EXIT.usage;
  }
  if (options.help) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const now = io.now();
  const settings: AwsSettings = { region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}), ...(io.credentials ? { credentials: io.credentials } : {}) };
  const build = io.clients ?? ((target: AccountTarget, aws: AwsSettings) => assumeRoleClients(target, aws, `lq3-iam-cleanup-${now.getTime()}`));
  const built: AccountClients[] = [];
  const targets = options.accounts.map((name) => ({ name, id: ACCOUNTS[name].id, roleArn: ACCOUNTS[name].roleArn }));
  io.stderr(`iam-cleanup: ${options.apply ? 'APPLY' : 'dry run'} in ${targets.map((target) => `${target.name} (${target.id})`).join(', ')}\n`);
  try {
    const report = await runCleanup(
      targets,
      (target) => {
        const clients = build(target, settings);
        built.push(clients);
        return clients;
      },
      {
        policy: { idleDays: options.idleDays, deleteAfterDays: options.deleteAfterDays, keepUsers: options.keepUsers, keepTags: options.keepTags },
        apply: options.apply,
        now,
        sleep: io.sleep,
        log: (line) => io.stderr(`${line}\n`),
      },
    );
    io.stdout(options.format === 'json' ? renderJson(report) : options.format === 'slack' ? renderSlack(report) : renderText(report));
    if (options.slackFile) {
      try {
        writeFileSync(options.slackFile, renderSlack(report));
      } catch (error) {
        io.stderr(`iam-cleanup: could not write ${options.slackFile}: ${(error as Error).message}\n`);
        return EXIT.failed;
      }
    }
    return report.exitCode;
  } finally {
    for (const clients of built) {
      clients.iam.destroy();
      clients.sts.destroy();
    }
  }
}
