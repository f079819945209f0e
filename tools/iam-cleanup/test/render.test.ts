/**
 * The table people read and the Slack message the monthly run posts.
 */
import { renderJson, renderSlack, renderText, textTable } from '../src/render';
import type { AccountReport, CleanupReport, UserReport } from '../src/run';

function user(name: string, overrides: Partial<UserReport> = {}): UserReport {
  return {
    user: name,
    arn: `arn:aws:iam::111111111111:user/${name}`,
    created: '2024-01-01T00:00:00.000Z',
    password: false,
    lastConsoleUse: null,
    lastKeyUse: null,
    accessKeys: [],
    groups: [],
    policies: [],
    mfaDevices: [],
    tags: {},
    action: 'none',
    reason: 'last used 2025-06-01, 29 days idle (< 180)',
    idleSince: '2025-06-01T00:00:00.000Z',
    idleDays: 29,
    plan: 'nothing (in use)',
    ...overrides,
  };
}

const alice = user('alice', {
  password: true,
  groups: ['developers'],
  policies: ['list-buckets', 'ReadOnlyAccess'],
  mfaDevices: ['arn:aws:iam::111111111111:mfa/alice'],
  action: 'disable',
  reason: 'never used, 546 days idle (>= 180)',
  plan: 'disable: delete password, tag lq3:disabled-on=2025-06-30',
});
const bob = user('bob', {
  lastKeyUse: '2024-11-02',
  accessKeys: [{ id: 'AKIAEXAMPLE', active: false, created: '2024-01-01T00:00:00.000Z', lastUsed: '2024-11-02T10:00:00.000Z' }],
  action: 'delete',
  reason: 'disabled on 2025-05-01, 60 days ago (>= 30)',
  plan: 'delete user (and 1 key)',
});
const ci = user('ci-bot', { action: 'keep', reason: 'allow-listed by tag lq3:keep=true', plan: 'keep (allow-listed)', lastKeyUse: '2025-06-29' });

const staging: AccountReport = { account: 'staging', accountId: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/lq3-terraform', credentialReportGenerated: null, users: [bob, alice, ci, user('dora')], unreadable: [] };
const production: AccountReport = { account: 'production', accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/lq3-terraform', error: 'AccessDenied: not authorized to perform: sts:AssumeRole', users: [], unreadable: [] };

const report = (overrides: Partial<CleanupReport> = {}): CleanupReport => ({
  mode: 'dry-run',
  now: '2025-06-30T12:00:00.000Z',
  idleDays: 180,
  deleteAfterDays: 30,
  keepUsers: ['break-glass'],
  keepTags: ['lq3:keep=true'],
  accounts: [staging, production],
  exitCode: 1,
  ...overrides,
});

describe('textTable', () => {
  it('pads columns two spaces apart and trims line ends', () => {
    expect(textTable(['a', 'bb'], [['xxx', 'y'], ['z', '']])).toBe('a    bb\nxxx  y\nz');
  });
});

describe('renderText', () => {
  it('prints the title, the allow-list, and per account its counts and a table (or why it failed)', () => {
    expect(renderText(report())).toBe(
      [
        'IAM user clean-up, dry run (nothing changed; --apply acts), 2025-06-30: idle >= 180 days -> disable, disabled >= 30 days -> delete',
        '',
        'allow-list: users break-glass; tags lq3:keep=true',
        '',
        'staging (111111111111): 4 users: 1 to disable, 1 to delete, 0 waiting, 0 to untag, 1 allow-listed, 1 in use',
        '',
        'user    last console  last key    groups      policies                      MFA  would do                                                  why',
        'bob     no password   2024-11-02  -           -                             no   delete user (and 1 key)                                   disabled on 2025-05-01, 60 days ago (>= 30)',
        'alice   never         no keys     developers  list-buckets, ReadOnlyAccess  yes  disable: delete password, tag lq3:disabled-on=2025-06-30  never used, 546 days idle (>= 180)',
        'ci-bot  no password   2025-06-29  -           -                             no   keep (allow-listed)                                       allow-listed by tag lq3:keep=true',
        'dora    no password   no keys     -           -                             no   nothing (in use)                                          last used 2025-06-01, 29 days idle (< 180)',
        '',
        'production (222222222222): FAILED: AccessDenied: not authorized to perform: sts:AssumeRole',
        '',
      ].join('\n'),
    );
  });

  it('after --apply shows each result, failures named', () => {
    const applied = report({
      mode: 'apply',
      accounts: [
        {
          ...staging,
          users: [
            { ...bob, outcome: { ok: false, steps: [{ step: 'DeleteAccessKey AKIAEXAMPLE', ok: true }, { step: 'DeleteUser', ok: false, error: 'DeleteConflictException: no' }], error: 'DeleteUser: DeleteConflictException: no' } },
            { ...alice, outcome: { ok: true, steps: [] } },
          ],
          unreadable: [{ user: 'eve', error: 'AccessDenied: explicit deny' }],
        },
      ],
    });
    const text = renderText(applied);
    expect(text).toContain('IAM user clean-up, apply, 2025-06-30');
    expect(text).toContain('2 users: 1 to disable, 1 to delete, 0 waiting, 0 to untag, 0 allow-listed, 0 in use; 2 FAILED');
    expect(text).toMatch(/^user +last console .* action +result +why$/m);
    expect(text).toMatch(/^bob .* delete user \(and 1 key\) +FAILED: DeleteUser: DeleteConflictException: no +disabled on/m);
    expect(text).toMatch(/^alice .* done +never used/m);
    expect(text).toContain('eve: could not be read: AccessDenied: explicit deny');
  });

  it('shortens long group and policy lists (the JSON has them all)', () => {
    const many = user('many', { policies: Array.from({ length: 12 }, (_, index) => `policy-${index}`) });
    const text = renderText(report({ accounts: [{ ...staging, users: [many] }] }));
    expect(text).toContain(' policy-0, policy-1, policy-2, policy-3, policy-…  ');
    expect(renderJson(report({ accounts: [{ ...staging, users: [many] }] }))).toContain('"policy-11"');
  });
});

describe('renderSlack', () => {
  it('is webhook JSON whose text lists only the users something happens to, in a code block', () => {
    const payload = JSON.parse(renderSlack(report()));
    expect(Object.keys(payload)).toEqual(['text']);
    const text: string = payload.text;
    expect(text.split('\n').slice(0, 4)).toEqual([
      '*IAM user clean-up, dry run (nothing changed; --apply acts), 2025-06-30: idle >= 180 days -> disable, disabled >= 30 days -> delete*',
      'allow-list: users break-glass; tags lq3:keep=true',
      '',
      '*staging (111111111111): 4 users: 1 to disable, 1 to delete, 0 waiting, 0 to untag, 1 allow-listed, 1 in use*',
    ]);
    expect(text).toMatch(/```\nuser .*\nbob .*\nalice .*\n```/);
    expect(text).not.toContain('ci-bot');
    expect(text).not.toContain('dora');
    expect(text).toContain('*production (222222222222): FAILED: AccessDenied: not authorized to perform: sts:AssumeRole*');
  });

  it('says so in one line when nothing is to be done', () => {
    const text: string = JSON.parse(renderSlack(report({ accounts: [{ ...staging, users: [ci] }] }))).text;
    expect(text).toContain('*staging (111111111111): 1 user: 0 to disable, 0 to delete, 0 waiting, 0 to untag, 1 allow-listed, 0 in use*');
    expect(text).not.toContain('```');
  });

  it('cuts a huge table well below Slack’s 40,000 characters', () => {
    const crowd = Array.from({ length: 1000 }, (_, index) => ({ ...alice, user: `user-${String(index).padStart(4, '0')}` }));
    const payload = renderSlack(report({ accounts: [{ ...staging, users: crowd }, { ...production, error: undefined, users: crowd }] }));
    const text: string = JSON.parse(payload).text;
    expect(text.length).toBeLessThan(35_000);
    expect(text.match(/… cut; the pipeline's log has the whole table/g)).toHaveLength(2);
  });
});
