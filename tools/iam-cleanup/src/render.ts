/**
 * The report for people: a plain-text table per account (terminal, CI log),
 * and a Slack message (incoming-webhook JSON) with the users something
 * happens to. Machines read `--json`, which is the report as it is.
 */
import type { AccountReport, CleanupReport, UserReport } from './run';

/** Longest cell shown in the table; the JSON has everything. */
const MAX_CELL = 48;
/** Slack cuts a message's text at 40,000 characters; the tables of all accounts stay well below. */
const MAX_SLACK_TABLE = 30_000;

const cell = (text: string) => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text);

/** Left-aligned columns two spaces apart, trailing blanks trimmed. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((value, column) => value.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '-');

function outcomeText(user: UserReport): string {
  if (!user.outcome) return '';
  return user.outcome.ok ? 'done' : `FAILED: ${user.outcome.error}`;
}

function userRow(user: UserReport, applied: boolean): string[] {
  return [
    user.user,
    user.lastConsoleUse ?? (user.password ? 'never' : 'no password'),
    user.lastKeyUse ?? (user.accessKeys.length > 0 ? 'never' : 'no keys'),
    cell(list(user.groups)),
    cell(list(user.policies)),
    user.mfaDevices.length > 0 ? 'yes' : 'no',
    user.plan,
    ...(applied ? [outcomeText(user)] : []),
    user.reason,
  ];
}

function counts(account: AccountReport): string {
  const count = (action: UserReport['action']) => account.users.filter((user) => user.action === action).length;
  const parts = [
    `${count('disable')} to disable`,
    `${count('delete')} to delete`,
    `${count('wait')} waiting`,
    `${count('untag')} to untag`,
    `${count('keep')} allow-listed`,
    `${count('none')} in use`,
  ];
  const failed = account.users.filter((user) => user.outcome && !user.outcome.ok).length + account.unreadable.length;
  return `${account.users.length} user${account.users.length === 1 ? '' : 's'}: ${parts.join(', ')}${failed > 0 ? `; ${failed} FAILED` : ''}`;
}

function title(report: CleanupReport): string {
  const mode = report.mode === 'apply' ? 'apply' : 'dry run (nothing changed; --apply acts)';
  return `IAM user clean-up, ${mode}, ${report.now.slice(0, 10)}: idle >= ${report.idleDays} days -> disable, disabled >= ${report.deleteAfterDays} days -> delete`;
}

function allowList(report: CleanupReport): string {
  return `allow-list: users ${list(report.keepUsers)}; tags ${list(report.keepTags)}`;
}

function accountHeading(account: AccountReport): string {
  const head = `${account.account} (${account.accountId})`;
  return account.error ? `${head}: FAILED: ${account.error}` : `${head}: ${counts(account)}`;
}

function accountTable(account: AccountReport, users: readonly UserReport[], applied: boolean): string {
  const header = ['user', 'last console', 'last key', 'groups', 'policies', 'MFA', applied ? 'action' : 'would do', ...(applied ? ['result'] : []), 'why'];
  const unreadable = account.unreadable.map((failure) => `${failure.user}: could not be read: ${failure.error}`);
  return [textTable(header, users.map((user) => userRow(user, applied))), ...unreadable].join('\n');
}

/** The whole report as text: title, allow-list, then each account's counts and table. */
export function renderText(report: CleanupReport): string {
  const applied = report.mode === 'apply';
  const sections = report.accounts.map((account) => (account.error || account.users.length === 0 ? accountHeading(account) : `${accountHeading(account)}\n\n${accountTable(account, account.users, applied)}`));
  return `${[title(report), allowList(report), ...sections].join('\n\n')}\n`;
}

const ACTIONABLE = new Set<UserReport['action']>(['disable', 'delete', 'wait', 'untag']);

/**
 * An incoming-webhook payload: the title, each account's counts, and a table of
 * the users something happens (or will happen) to, in a code block.
 */
export function renderSlack(report: CleanupReport): string {
  const applied = report.mode === 'apply';
  const lines = [`*${title(report)}*`, allowList(report)];
  const budget = Math.floor(MAX_SLACK_TABLE / Math.max(1, report.accounts.length));
  for (const account of report.accounts) {
    const users = account.users.filter((user) => ACTIONABLE.has(user.action) || (user.outcome && !user.outcome.ok));
    lines.push('', `*${accountHeading(account)}*`);
    if (users.length === 0 && account.unreadable.length === 0) continue;
    let table = accountTable(account, users, applied);
    if (table.length > budget) table = `${table.slice(0, budget)}\n… cut; the pipeline's log has the whole table`;
    lines.push('```', table, '```');
  }
  return `${JSON.stringify({ text: lines.join('\n') })}\n`;
}

export function renderJson(report: CleanupReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
