/**
 * The decision, table-driven: dates around the idle threshold (N) and the
 * delete threshold (M), never-used users, the allow-list by name and by tag,
 * users with MFA/keys/policies, disabled users, re-enabled users.
 */
import { decide, DISABLED_ON_TAG, idleSince, parseDay, type Action, type Policy, type UserFacts } from '../src/decide';
import { describePlan } from '../src/run';

const NOW = new Date('2025-06-30T12:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
/** `days` days (fractions allowed) before NOW. */
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

const POLICY: Policy = { idleDays: 180, deleteAfterDays: 30, keepUsers: ['break-glass'], keepTags: ['lq3:keep=true', 'service'] };

function user(overrides: Partial<UserFacts> = {}): UserFacts {
  return {
    name: 'alice',
    arn: 'arn:aws:iam::111111111111:user/alice',
    created: ago(1000),
    tags: {},
    password: null,
    passwordLastUsed: null,
    accessKeys: [],
    mfaDevices: [],
    groups: [],
    inlinePolicies: [],
    attachedPolicies: [],
    ...overrides,
  };
}

const key = (created: Date, lastUsed: Date | null, active = true) => ({ id: `AKIA${created.getTime()}`, active, created, lastUsed });
const password = (created: Date | null = ago(1000)) => ({ created });
/** A user disabled on `days` days before NOW (date only, as the tag has it). */
const disabledOn = (days: number) => ({ [DISABLED_ON_TAG]: ago(days).toISOString().slice(0, 10) });

interface Case {
  readonly name: string;
  readonly user: UserFacts;
  readonly action: Action;
  readonly reason?: RegExp;
}

const CASES: Case[] = [
  // The idle threshold, console only.
  { name: 'console used 179 days 23 h ago', user: user({ password: password(), passwordLastUsed: ago(180 - 1 / 24) }), action: 'none', reason: /179 days idle \(< 180\)/ },
  { name: 'console used exactly 180 days ago', user: user({ password: password(), passwordLastUsed: ago(180) }), action: 'disable', reason: /180 days idle \(>= 180\)/ },
  { name: 'console used 181 days ago', user: user({ password: password(), passwordLastUsed: ago(181) }), action: 'disable' },
  // Keys: every key must be idle.
  { name: 'one key used 10 days ago, the other 400', user: user({ accessKeys: [key(ago(900), ago(400)), key(ago(900), ago(10))] }), action: 'none' },
  { name: 'both keys idle 200 days', user: user({ accessKeys: [key(ago(900), ago(200)), key(ago(900), ago(250))] }), action: 'disable', reason: /last used 2024-12-12/ },
  { name: 'console idle, key used 179 days ago', user: user({ password: password(), passwordLastUsed: ago(500), accessKeys: [key(ago(900), ago(179))] }), action: 'none' },
  { name: 'key idle, console used yesterday', user: user({ password: password(), passwordLastUsed: ago(1), accessKeys: [key(ago(900), ago(900))] }), action: 'none' },
  { name: 'inactive key used 181 days ago', user: user({ accessKeys: [key(ago(900), ago(181), false)] }), action: 'disable' },
  // Never used: counted from creation (of the user, or of a credential handed out since).
  { name: 'never used, created 181 days ago', user: user({ created: ago(181) }), action: 'disable', reason: /never used, 181 days idle/ },
  { name: 'never used, created 179 days ago', user: user({ created: ago(179) }), action: 'none', reason: /never used, 179 days idle/ },
  { name: 'never signed in, password set 181 days ago', user: user({ created: ago(400), password: password(ago(181)) }), action: 'disable' },
  { name: 'never signed in, password set 20 days ago', user: user({ created: ago(400), password: password(ago(20)) }), action: 'none' },
  { name: 'never-used key created 20 days ago', user: user({ created: ago(400), accessKeys: [key(ago(20), null)] }), action: 'none' },
  { name: 'never-used key created 200 days ago', user: user({ created: ago(400), accessKeys: [key(ago(200), null)] }), action: 'disable' },
  // Allow-list: by name, by KEY=VALUE tag, by KEY tag; a wrong value does not count.
  { name: 'break-glass by name', user: user({ name: 'break-glass', created: ago(900) }), action: 'keep', reason: /by name/ },
  { name: 'tag lq3:keep=true', user: user({ tags: { 'lq3:keep': 'true' } }), action: 'keep', reason: /by tag lq3:keep=true/ },
  { name: 'tag lq3:keep=false', user: user({ tags: { 'lq3:keep': 'false' } }), action: 'disable' },
  { name: 'tag service (any value)', user: user({ tags: { service: 'ci' } }), action: 'keep', reason: /by tag service$/ },
  { name: 'allow-listed although disabled 90 days ago', user: user({ tags: { 'lq3:keep': 'true', ...disabledOn(90) } }), action: 'keep' },
  // Users with MFA, keys, groups, policies: the same rules.
  {
    name: 'MFA, groups and policies, idle 300 days',
    user: user({ password: password(), passwordLastUsed: ago(300), mfaDevices: ['arn:aws:iam::111111111111:mfa/alice'], groups: ['developers'], inlinePolicies: ['s3'], attachedPolicies: ['ReadOnlyAccess'] }),
    action: 'disable',
  },
  { name: 'MFA, groups and policies, in use', user: user({ password: password(), passwordLastUsed: ago(3), mfaDevices: ['GAHT12345678'], groups: ['developers'] }), action: 'none' },
  // Disabled users around M.
  { name: 'disabled 29 days ago', user: user({ tags: disabledOn(29) }), action: 'wait', reason: /29 days ago; deleted from 2025-07-01/ },
  { name: 'disabled 30 days ago', user: user({ tags: disabledOn(30) }), action: 'delete', reason: /30 days ago \(>= 30\)/ },
  { name: 'disabled 400 days ago, with inactive keys and MFA', user: user({ tags: disabledOn(400), accessKeys: [key(ago(900), ago(600), false)], mfaDevices: ['GAHT12345678'] }), action: 'delete' },
  { name: 'disabled today', user: user({ tags: disabledOn(0) }), action: 'wait' },
  // Re-enabled after being disabled: the tag no longer counts.
  { name: 'password again, used since', user: user({ tags: disabledOn(60), password: password(ago(50)), passwordLastUsed: ago(2) }), action: 'untag', reason: /re-enabled after/ },
  { name: 'active key again, but idle', user: user({ tags: disabledOn(60), accessKeys: [key(ago(900), ago(300))] }), action: 'disable', reason: /re-enabled after .* disabling again/ },
  { name: 'a tag that is no date', user: user({ tags: { [DISABLED_ON_TAG]: 'last week' } }), action: 'disable', reason: /no YYYY-MM-DD date/ },
  { name: 'a tag that is no calendar day', user: user({ tags: { [DISABLED_ON_TAG]: '2025-02-30' } }), action: 'disable' },
];

describe('decide', () => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const decision = decide(testCase.user, POLICY, NOW);
    expect(decision.action).toBe(testCase.action);
    if (testCase.reason) expect(decision.reason).toMatch(testCase.reason);
  });

  it('counts a shorter N and M when given', () => {
    expect(decide(user({ created: ago(31) }), { ...POLICY, idleDays: 30 }, NOW).action).toBe('disable');
    expect(decide(user({ tags: disabledOn(7) }), { ...POLICY, deleteAfterDays: 7 }, NOW).action).toBe('delete');
  });

  it('measures idleness from the latest of creation, credentials handed out and uses', () => {
    const facts = user({ created: ago(900), password: password(ago(100)), passwordLastUsed: ago(300), accessKeys: [key(ago(50), null), key(ago(800), ago(20))] });
    expect(idleSince(facts)).toEqual(ago(20));
  });
});

describe('parseDay', () => {
  it.each([
    ['2025-06-30', '2025-06-30T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2025-02-29', null],
    ['2025-6-30', null],
    ['2025-06-30T00:00:00Z', null],
    ['', null],
  ])('%s', (value, expected) => {
    expect(parseDay(value)?.toISOString() ?? null).toBe(expected);
  });
});

describe('what would be done', () => {
  const today = '2025-06-30';
  it.each([
    ['disable with password and keys', user({ password: password(), accessKeys: [key(ago(900), ago(400)), key(ago(900), ago(400), false)] }), 'disable: delete password, deactivate 1 key, tag lq3:disabled-on=2025-06-30'],
    ['disable with nothing to remove', user(), 'disable: tag lq3:disabled-on=2025-06-30'],
    [
      'delete with everything',
      user({ tags: disabledOn(40), accessKeys: [key(ago(900), null, false), key(ago(900), null, false)], mfaDevices: ['x'], groups: ['a'], inlinePolicies: ['p'], attachedPolicies: ['q'] }),
      'delete user (and 2 keys, 1 MFA, 1 group, 2 policies)',
    ],
    ['delete with nothing else', user({ tags: disabledOn(40) }), 'delete user'],
    ['wait', user({ tags: disabledOn(10) }), 'delete from 2025-07-20'],
    ['keep', user({ name: 'break-glass' }), 'keep (allow-listed)'],
    ['none', user({ created: ago(1) }), 'nothing (in use)'],
    ['untag', user({ tags: disabledOn(60), password: password(ago(5)) }), 'remove tag lq3:disabled-on'],
  ])('%s', (_name, facts, expected) => {
    expect(describePlan(facts, decide(facts, POLICY, NOW), today)).toBe(expected);
  });
});
