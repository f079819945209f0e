/**
 * One clean-up run: per account, check whose credentials these are, read the
 * users, decide, and with `apply` act on each user in turn. Nothing thrown for
 * one user or one account stops the others; failures end up in the report
 * (and make the exit code 1).
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { IAMClient } from '@aws-sdk/client-iam';
import { deleteUser, disableUser, untagUser, type Outcome, type StepLog } from './actions';
import { decide, DISABLED_ON_TAG, isoDay, lastKeyUse, type Action, type Decision, type Policy, type UserFacts } from './decide';
import { errorText, inventory } from './inventory';

export interface AccountTarget {
  readonly name: string;
  readonly id: string;
  readonly roleArn: string;
}

export interface AccountClients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
}

export interface RunOptions {
  readonly policy: Policy;
  readonly apply: boolean;
  readonly now: Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Progress and every action, one line each (stderr in the CLI). */
  readonly log: (line: string) => void;
}

export interface UserReport {
  readonly user: string;
  readonly arn: string;
  readonly created: string;
  readonly password: boolean;
  readonly lastConsoleUse: string | null;
  readonly lastKeyUse: string | null;
  readonly accessKeys: { readonly id: string; readonly active: boolean; readonly created: string; readonly lastUsed: string | null }[];
  readonly groups: readonly string[];
  readonly policies: readonly string[];
  readonly mfaDevices: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly action: Action;
  readonly reason: string;
  readonly idleSince: string;
  readonly idleDays: number;
  readonly disabledOn?: string;
  readonly deleteFrom?: string;
  /** What `--apply` does (dry run) or did, in a few words. */
  readonly plan: string;
  /** Only with `--apply`, for users it acted on. */
  readonly outcome?: Outcome;
}

export interface AccountReport {
  readonly account: string;
  readonly accountId: string;
  readonly roleArn: string;
  /** Why nothing could be done in this account (role, report, listing). */
  readonly error?: string;
  readonly credentialReportGenerated?: string | null;
  readonly users: UserReport[];
  /** Users that could not be read. */
  readonly unreadable: { readonly user: string; readonly error: string }[];
}

export interface CleanupReport {
  readonly mode: 'dry-run' | 'apply';
  readonly now: string;
  readonly idleDays: number;
  readonly deleteAfterDays: number;
  readonly keepUsers: readonly string[];
  readonly keepTags: readonly string[];
  readonly accounts: AccountReport[];
  /** 0: every user and account as planned; 1: something failed. */
  readonly exitCode: 0 | 1;
}

const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

/** "What would be done", in a few words. */
export function describePlan(user: UserFacts, decision: Decision, today: string): string {
  switch (decision.action) {
    case 'none':
      return 'nothing (in use)';
    case 'keep':
      return 'keep (allow-listed)';
    case 'wait':
      return `delete from ${decision.deleteFrom}`;
    case 'untag':
      return `remove tag ${DISABLED_ON_TAG}`;
    case 'disable': {
      const activeKeys = user.accessKeys.filter((key) => key.active).length;
      const parts = [user.password ? 'delete password' : '', activeKeys > 0 ? `deactivate ${plural(activeKeys, 'key')}` : '', `tag ${DISABLED_ON_TAG}=${today}`];
      return `disable: ${parts.filter(Boolean).join(', ')}`;
    }
    case 'delete': {
      const policies = user.inlinePolicies.length + user.attachedPolicies.length;
      const parts = [
        user.accessKeys.length > 0 ? plural(user.accessKeys.length, 'key') : '',
        user.mfaDevices.length > 0 ? `${user.mfaDevices.length} MFA` : '',
        user.groups.length > 0 ? plural(user.groups.length, 'group') : '',
        policies > 0 ? plural(policies, 'policy', 'policies') : '',
      ].filter(Boolean);
      return parts.length > 0 ? `delete user (and ${parts.join(', ')})` : 'delete user';
    }
  }
}

const day = (date: Date | null) => (date ? isoDay(date) : null);

function userReport(user: UserFacts, decision: Decision, plan: string): UserReport {
  return {
    user: user.name,
    arn: user.arn,
    created: user.created.toISOString(),
    password: user.password !== null,
    lastConsoleUse: day(user.passwordLastUsed),
    lastKeyUse: day(lastKeyUse(user)),
    accessKeys: user.accessKeys.map((key) => ({ id: key.id, active: key.active, created: key.created.toISOString(), lastUsed: key.lastUsed?.toISOString() ?? null })),
    groups: user.groups,
    policies: [...user.inlinePolicies, ...user.attachedPolicies],
    mfaDevices: user.mfaDevices,
    tags: user.tags,
    action: decision.action,
    reason: decision.reason,
    idleSince: decision.idleSince.toISOString(),
    idleDays: decision.idleDays,
    ...(decision.disabledOn !== undefined ? { disabledOn: decision.disabledOn } : {}),
    ...(decision.deleteFrom !== undefined ? { deleteFrom: decision.deleteFrom } : {}),
    plan,
  };
}

/** What to do, in the order it is done: deletions first (they free nothing others need, but are the oldest business). */
const ORDER: Record<Action, number> = { delete: 0, disable: 1, untag: 2, wait: 3, keep: 4, none: 5 };

async function act(iam: IAMClient, user: UserFacts, decision: Decision, today: string, log: StepLog): Promise<Outcome | undefined> {
  switch (decision.action) {
    case 'disable':
      return disableUser(iam, user, today, log);
    case 'delete':
      return deleteUser(iam, user.name, log);
    case 'untag':
      return untagUser(iam, user, log);
    default:
      return undefined;
  }
}

export async function runAccount(target: AccountTarget, clientsFor: (target: AccountTarget) => AccountClients, options: RunOptions): Promise<AccountReport> {
  const base = { account: target.name, accountId: target.id, roleArn: target.roleArn };
  const prefix = `[${target.name} ${target.id}]`;
  const log = (line: string) => options.log(`${prefix} ${line}`);
  let clients: AccountClients;
  let read;
  try {
    clients = clientsFor(target);
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    if (identity.Account !== target.id) throw new Error(`the credentials are for account ${identity.Account}, not ${target.id}; refusing to touch it`);
    log(`as ${identity.Arn}`);
    read = await inventory(clients.iam, { sleep: options.sleep });
  } catch (error) {
    const text = errorText(error);
    log(`FAILED: ${text}`);
    return { ...base, error: text, users: [], unreadable: [] };
  }
  for (const failure of read.failures) log(`${failure.user}: could not be read: ${failure.error}`);
  const today = isoDay(options.now);
  const decided = read.users
    .map((user) => ({ user, decision: decide(user, options.policy, options.now) }))
    .sort((a, b) => ORDER[a.decision.action] - ORDER[b.decision.action] || a.user.name.localeCompare(b.user.name));
  const users: UserReport[] = [];
  for (const { user, decision } of decided) {
    const report = userReport(user, decision, describePlan(user, decision, today));
    if (!options.apply || !['disable', 'delete', 'untag'].includes(decision.action)) {
      users.push(report);
      continue;
    }
    log(`${user.name}: ${report.plan} — ${decision.reason}`);
    const outcome = await act(clients.iam, user, decision, today, (line) => log(line));
    users.push({ ...report, outcome });
  }
  return { ...base, credentialReportGenerated: read.reportGenerated?.toISOString() ?? null, users, unreadable: read.failures };
}

/** True when the account and all its users went as planned. */
export function accountOk(account: AccountReport): boolean {
  return !account.error && account.unreadable.length === 0 && account.users.every((user) => user.outcome?.ok !== false);
}

export async function runCleanup(targets: readonly AccountTarget[], clientsFor: (target: AccountTarget) => AccountClients, options: RunOptions): Promise<CleanupReport> {
  const accounts: AccountReport[] = [];
  for (const target of targets) accounts.push(await runAccount(target, clientsFor, options));
  return {
    mode: options.apply ? 'apply' : 'dry-run',
    now: options.now.toISOString(),
    idleDays: options.policy.idleDays,
    deleteAfterDays: options.policy.deleteAfterDays,
    keepUsers: options.policy.keepUsers,
    keepTags: options.policy.keepTags,
    accounts,
    exitCode: accounts.every(accountOk) ? 0 : 1,
  };
}
