/**
 * Reads what the decision needs about every IAM user of one account: the
 * credential report (generated first, so it is at most 4 hours old), then per
 * user the live state — login profile, access keys with GetAccessKeyLastUsed,
 * GetUser's PasswordLastUsed, MFA devices, groups, policies, tags. Where the
 * report and the live calls both give a last-use date, the later one counts;
 * users created after the report come from ListUsers all the same.
 */
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListUserPolicies,
  paginateListUsers,
  paginateListUserTags,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { parseCredentialReport, type ReportRow } from './credential-report';
import type { AccessKeyFacts, UserFacts } from './decide';

export interface InventoryOptions {
  /** Waits between GenerateCredentialReport polls. */
  readonly sleep: (ms: number) => Promise<void>;
  /** How often to ask whether the report is ready. @default 60 (2 s apart: 2 minutes) */
  readonly reportPolls?: number;
}

export interface Inventory {
  readonly reportGenerated: Date | null;
  readonly users: UserFacts[];
  /** Users that could not be read (the others are read all the same). */
  readonly failures: { readonly user: string; readonly error: string }[];
}

/** Every item of every page. */
export async function collect<Page, Item>(pages: AsyncIterable<Page>, items: (page: Page) => readonly Item[] | undefined): Promise<Item[]> {
  const result: Item[] = [];
  for await (const page of pages) result.push(...(items(page) ?? []));
  return result;
}

/** `Name: message` of an SDK (or any) error, for the log and the report. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'Error' || !error.name) return error.message;
  return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
}

/** True for the SDK's "no such user/profile/key" error. */
export function isNoSuchEntity(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'NoSuchEntityException';
}

const REPORT_NOT_READY = new Set(['CredentialReportNotReadyException', 'CredentialReportNotPresentException', 'CredentialReportExpiredException', 'ReportInProgress']);

/** Generates the credential report (IAM reuses one younger than 4 hours), waits for it and parses it. */
export async function credentialReport(iam: IAMClient, options: InventoryOptions): Promise<{ generated: Date | null; rows: Map<string, ReportRow> }> {
  const polls = options.reportPolls ?? 60;
  for (let poll = 1; ; poll += 1) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') {
      try {
        const report = await iam.send(new GetCredentialReportCommand({}));
        return { generated: report.GeneratedTime ?? null, rows: parseCredentialReport(new TextDecoder().decode(report.Content ?? new Uint8Array())) };
      } catch (error) {
        if (!REPORT_NOT_READY.has((error as Error).name)) throw error;
      }
    }
    if (poll >= polls) throw new Error(`the credential report was not ready after ${polls} polls (last state ${State ?? 'unknown'})`);
    await options.sleep(2000);
  }
}

/** The later of two dates; null only if both are. */
export function later(a: Date | null | undefined, b: Date | null | undefined): Date | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a.getTime() >= b.getTime() ? a : b;
}

const sameSecond = (a: Date | null, b: Date) => !!a && Math.floor(a.getTime() / 1000) === Math.floor(b.getTime() / 1000);

/**
 * A key's last use: the later of GetAccessKeyLastUsed's date and the report's.
 * The report names keys 1 and 2 by position; its `last_rotated` is the key's
 * creation time (whole seconds), which is how its row is matched to the key —
 * only when that is unambiguous: two keys created in the same second could be
 * either row, so then GetAccessKeyLastUsed alone counts.
 */
export function keyLastUsed(fromApi: Date | null | undefined, keyCreated: Date, row: ReportRow | undefined, userKeysCreated: readonly Date[] = [keyCreated]): Date | null {
  const reported = row?.accessKeys.filter((candidate) => sameSecond(candidate.lastRotated, keyCreated)) ?? [];
  const twins = userKeysCreated.filter((created) => sameSecond(created, keyCreated)).length;
  return later(fromApi, reported.length === 1 && twins === 1 ? reported[0].lastUsed : null);
}

async function loginProfile(iam: IAMClient, userName: string): Promise<UserFacts['password']> {
  try {
    const { LoginProfile } = await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return { created: LoginProfile?.CreateDate ?? null };
  } catch (error) {
    if (isNoSuchEntity(error)) return null;
    throw error;
  }
}

async function accessKeys(iam: IAMClient, userName: string, row: ReportRow | undefined): Promise<AccessKeyFacts[]> {
  const keys = await collect(paginateListAccessKeys({ client: iam }, { UserName: userName }), (page) => page.AccessKeyMetadata);
  const allCreated = keys.map((key) => key.CreateDate ?? new Date(0));
  return Promise.all(
    keys.map(async (key) => {
      const { AccessKeyLastUsed } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
      const created = key.CreateDate ?? new Date(0);
      return { id: key.AccessKeyId ?? '', active: key.Status === 'Active', created, lastUsed: keyLastUsed(AccessKeyLastUsed?.LastUsedDate, created, row, allCreated) };
    }),
  );
}

/** Everything about one user; `row` is the user's credential report row, if the report has one. */
export async function userFacts(iam: IAMClient, userName: string, row: ReportRow | undefined): Promise<UserFacts> {
  const client = { client: iam };
  const byUser = { UserName: userName };
  const [user, password, keys, tags, mfa, groups, inline, attached] = await Promise.all([
    iam.send(new GetUserCommand(byUser)).then((output) => output.User),
    loginProfile(iam, userName),
    accessKeys(iam, userName, row),
    collect(paginateListUserTags(client, byUser), (page) => page.Tags),
    collect(paginateListMFADevices(client, byUser), (page) => page.MFADevices),
    collect(paginateListGroupsForUser(client, byUser), (page) => page.Groups),
    collect(paginateListUserPolicies(client, byUser), (page) => page.PolicyNames),
    collect(paginateListAttachedUserPolicies(client, byUser), (page) => page.AttachedPolicies),
  ]);
  return {
    name: userName,
    arn: user?.Arn ?? row?.arn ?? '',
    created: user?.CreateDate ?? row?.created ?? new Date(0),
    tags: Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    password,
    passwordLastUsed: later(user?.PasswordLastUsed, row?.passwordLastUsed),
    accessKeys: keys,
    mfaDevices: mfa.map((device) => device.SerialNumber ?? ''),
    groups: groups.map((group) => group.GroupName ?? ''),
    inlinePolicies: inline,
    attachedPolicies: attached.map((policy) => policy.PolicyName ?? ''),
  };
}

/** The credential report and every user of the account, by name. */
export async function inventory(iam: IAMClient, options: InventoryOptions): Promise<Inventory> {
  const report = await credentialReport(iam, options);
  const users = await collect(paginateListUsers({ client: iam }, {}), (page) => page.Users);
  const facts: UserFacts[] = [];
  const failures: Inventory['failures'] = [];
  // One user at a time (eight calls in parallel each): gentle on IAM's request rate.
  for (const user of users.sort((a, b) => (a.UserName ?? '').localeCompare(b.UserName ?? ''))) {
    if (!user.UserName) continue;
    try {
      facts.push(await userFacts(iam, user.UserName, report.rows.get(user.UserName)));
    } catch (error) {
      // Deleted between ListUsers and now: nothing left to clean up.
      if (!isNoSuchEntity(error)) failures.push({ user: user.UserName, error: errorText(error) });
    }
  }
  return { reportGenerated: report.generated, users: facts, failures };
}
