/**
 * What to do with one IAM user: the whole policy, as a pure function of what
 * IAM says about the user, the options and the clock.
 *
 *  - allow-listed (by name, or by a tag such as `lq3:keep=true`)  -> keep
 *  - tagged `lq3:disabled-on=<date>`, still without password and active keys:
 *      disabled for >= deleteAfterDays                           -> delete
 *      otherwise                                                 -> wait (delete from <date>)
 *  - otherwise, idle for >= idleDays                             -> disable
 *  - otherwise                                                   -> none (in use)
 *
 * "Idle since" is the latest of: console sign-in, any access key's last use,
 * the user's creation, and the creation of its password or of any key (a
 * credential handed out recently gets its full N days to be used). A user
 * who never signed in and never used a key is therefore idle since creation.
 *
 * A user tagged as disabled who has a password or an active key again was
 * re-enabled by someone on purpose: the tag no longer counts. Idle, it is
 * disabled again (a new date, so the M days start over); in use, the stale
 * tag is removed (`untag`).
 */

export const DISABLED_ON_TAG = 'lq3:disabled-on';
export const DEFAULT_KEEP_TAG = 'lq3:keep=true';
export const DEFAULT_IDLE_DAYS = 180;
export const DEFAULT_DELETE_AFTER_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface AccessKeyFacts {
  readonly id: string;
  readonly active: boolean;
  readonly created: Date;
  /** Latest of the credential report's and GetAccessKeyLastUsed's date; null if never used. */
  readonly lastUsed: Date | null;
}

/** Everything the decision and the report need about one user, gathered from IAM. */
export interface UserFacts {
  readonly name: string;
  readonly arn: string;
  readonly created: Date;
  readonly tags: Readonly<Record<string, string>>;
  /** The console password (login profile), or null if the user has none. */
  readonly password: { readonly created: Date | null } | null;
  /** Latest of the credential report's and GetUser's date; null if never used. */
  readonly passwordLastUsed: Date | null;
  readonly accessKeys: readonly AccessKeyFacts[];
  readonly mfaDevices: readonly string[];
  readonly groups: readonly string[];
  readonly inlinePolicies: readonly string[];
  readonly attachedPolicies: readonly string[];
}

export interface Policy {
  /** N: a user unused for this many days is disabled. */
  readonly idleDays: number;
  /** M: a user disabled this many days ago is deleted. */
  readonly deleteAfterDays: number;
  /** Exact user names never touched. */
  readonly keepUsers: readonly string[];
  /** `KEY=VALUE` (that value) or `KEY` (any value): users with such a tag are never touched. */
  readonly keepTags: readonly string[];
}

export type Action = 'none' | 'keep' | 'disable' | 'wait' | 'delete' | 'untag';

export interface Decision {
  readonly action: Action;
  /** One sentence for the table and the log. */
  readonly reason: string;
  /** When the user was last active (see the module comment), and how many whole days ago. */
  readonly idleSince: Date;
  readonly idleDays: number;
  /** The disabled-on date the decision read (YYYY-MM-DD), if any. */
  readonly disabledOn?: string;
  /** For `wait`: the first day the user may be deleted (YYYY-MM-DD). */
  readonly deleteFrom?: string;
}

/** YYYY-MM-DD in UTC. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (rounded down). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

function latest(dates: readonly (Date | null | undefined)[]): Date | null {
  let result: Date | null = null;
  for (const date of dates) if (date && (!result || date.getTime() > result.getTime())) result = date;
  return result;
}

/** The last time any credential of the user was used, or null if none ever was. */
export function lastUse(user: UserFacts): Date | null {
  return latest([user.passwordLastUsed, ...user.accessKeys.map((key) => key.lastUsed)]);
}

/** The last key use, or null. */
export function lastKeyUse(user: UserFacts): Date | null {
  return latest(user.accessKeys.map((key) => key.lastUsed));
}

export function idleSince(user: UserFacts): Date {
  return latest([user.created, user.password?.created, user.passwordLastUsed, ...user.accessKeys.flatMap((key) => [key.created, key.lastUsed])]) ?? user.created;
}

/** Why the allow-list keeps this user, or null. */
export function allowListed(user: UserFacts, policy: Pick<Policy, 'keepUsers' | 'keepTags'>): string | null {
  if (policy.keepUsers.includes(user.name)) return `allow-listed by name`;
  for (const entry of policy.keepTags) {
    const [key, ...rest] = entry.split('=');
    const value = rest.length > 0 ? rest.join('=') : undefined;
    if (key in user.tags && (value === undefined || user.tags[key] === value)) return `allow-listed by tag ${entry}`;
  }
  return null;
}

/** True when the user has nothing left to sign in with. */
export function isDisabled(user: UserFacts): boolean {
  return user.password === null && user.accessKeys.every((key) => !key.active);
}

/** Parses a disabled-on tag value (YYYY-MM-DD, a real calendar day) to midnight UTC, or null. */
export function parseDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === value ? date : null;
}

export function decide(user: UserFacts, policy: Policy, now: Date): Decision {
  const since = idleSince(user);
  const idle = { idleSince: since, idleDays: daysBetween(since, now) };
  const used = lastUse(user);
  const idleText = used ? `last used ${isoDay(used)}, ${idle.idleDays} days idle` : `never used, ${idle.idleDays} days idle`;
  const kept = allowListed(user, policy);
  if (kept) return { action: 'keep', reason: kept, ...idle };

  const tag = user.tags[DISABLED_ON_TAG];
  const stale = idle.idleDays >= policy.idleDays;
  if (tag !== undefined) {
    const disabledOn = parseDay(tag);
    if (!disabledOn) {
      return { action: 'disable', reason: `${DISABLED_ON_TAG}=${JSON.stringify(tag)} is no YYYY-MM-DD date; disabling again starts the ${policy.deleteAfterDays} days afresh`, ...idle, disabledOn: tag };
    }
    if (isDisabled(user)) {
      const deleteFrom = new Date(disabledOn.getTime() + policy.deleteAfterDays * DAY_MS);
      const disabledDays = daysBetween(disabledOn, now);
      if (now.getTime() >= deleteFrom.getTime()) {
        return { action: 'delete', reason: `disabled on ${tag}, ${disabledDays} days ago (>= ${policy.deleteAfterDays})`, ...idle, disabledOn: tag };
      }
      return { action: 'wait', reason: `disabled on ${tag}, ${disabledDays} days ago; deleted from ${isoDay(deleteFrom)}`, ...idle, disabledOn: tag, deleteFrom: isoDay(deleteFrom) };
    }
    if (stale) {
      return { action: 'disable', reason: `re-enabled after ${tag} but ${idleText}; disabling again restarts the ${policy.deleteAfterDays} days`, ...idle, disabledOn: tag };
    }
    return { action: 'untag', reason: `re-enabled after ${tag} and ${idleText}; the ${DISABLED_ON_TAG} tag is removed`, ...idle, disabledOn: tag };
  }
  if (stale) return { action: 'disable', reason: `${idleText} (>= ${policy.idleDays})`, ...idle };
  return { action: 'none', reason: `${idleText} (< ${policy.idleDays})`, ...idle };
}
