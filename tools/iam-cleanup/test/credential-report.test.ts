/**
 * The credential report's CSV, parsed properly: quoting, line breaks, the
 * placeholder values, the root row, and matching report keys to live keys.
 */
import { parseCredentialReport, parseCsv, reportDate, type ReportRow } from '../src/credential-report';
import { keyLastUsed } from '../src/inventory';

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

describe('parseCsv', () => {
  it.each([
    ['plain fields, LF', 'a,b\nc,d\n', [['a', 'b'], ['c', 'd']]],
    ['CRLF and no final line break', 'a,b\r\nc,d', [['a', 'b'], ['c', 'd']]],
    ['a quoted comma', '"ops,contractor",x\n', [['ops,contractor', 'x']]],
    ['an escaped quote', '"say ""hi""",x\n', [['say "hi"', 'x']]],
    ['a line break inside quotes', '"two\nlines",x\r\n', [['two\nlines', 'x']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['a BOM and blank lines', '\ufeffa,b\n\nc,d\n\n', [['a', 'b'], ['c', 'd']]],
    ['a quote inside an unquoted field', 'a"b,c\n', [['a"b', 'c']]],
  ])('%s', (_name, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('refuses a quoted field that never ends', () => {
    expect(() => parseCsv('"open,x\n')).toThrow('a quoted field is not closed');
  });
});

describe('reportDate', () => {
  it.each(['N/A', 'no_information', 'not_supported', ''])('%s is no date', (value) => {
    expect(reportDate(value)).toBeNull();
  });
  it('reads ISO 8601 with an offset', () => {
    expect(reportDate('2024-09-01T22:28:48+00:00')?.toISOString()).toBe('2024-09-01T22:28:48.000Z');
  });
  it('refuses anything else', () => {
    expect(() => reportDate('yesterday')).toThrow('"yesterday" is not a date');
  });
});

describe('parseCredentialReport', () => {
  const report = [
    HEADER,
    '<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2025-06-01T10:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    'alice,arn:aws:iam::111111111111:user/alice,2023-01-01T09:00:00+00:00,true,2024-11-02T08:00:00+00:00,2023-01-01T09:00:00+00:00,N/A,true,true,2023-01-02T00:00:00+00:00,2024-12-24T10:00:00+00:00,eu-central-1,s3,false,2023-03-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A',
    '"ops,contractor","arn:aws:iam::111111111111:user/ops,contractor",2022-05-05T05:05:05+00:00,true,no_information,2022-05-05T05:05:05+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  ].join('\r\n');

  it('reads every user row and leaves the root account out', () => {
    const rows = parseCredentialReport(report);
    expect([...rows.keys()]).toEqual(['alice', 'ops,contractor']);
    expect(rows.get('alice')).toEqual({
      user: 'alice',
      arn: 'arn:aws:iam::111111111111:user/alice',
      created: new Date('2023-01-01T09:00:00Z'),
      passwordEnabled: true,
      passwordLastUsed: new Date('2024-11-02T08:00:00Z'),
      passwordLastChanged: new Date('2023-01-01T09:00:00Z'),
      mfaActive: true,
      accessKeys: [
        { active: true, lastRotated: new Date('2023-01-02T00:00:00Z'), lastUsed: new Date('2024-12-24T10:00:00Z') },
        { active: false, lastRotated: new Date('2023-03-01T00:00:00Z'), lastUsed: null },
      ],
    });
    expect(rows.get('ops,contractor')).toMatchObject({ arn: 'arn:aws:iam::111111111111:user/ops,contractor', passwordEnabled: true, passwordLastUsed: null });
  });

  it('refuses a report without a needed column, or with a short row', () => {
    expect(() => parseCredentialReport('user,arn\nalice,x\n')).toThrow(/no column user_creation_time, password_enabled/);
    expect(() => parseCredentialReport(`${HEADER}\nalice,arn\n`)).toThrow('row 2 has 2 fields, the header 22');
    expect(() => parseCredentialReport('')).toThrow('credential report: empty');
  });
});

describe('cross-checking a key with the report', () => {
  const row: ReportRow = {
    user: 'alice',
    arn: 'arn:aws:iam::111111111111:user/alice',
    created: new Date('2023-01-01T00:00:00Z'),
    passwordEnabled: false,
    passwordLastUsed: null,
    passwordLastChanged: null,
    mfaActive: false,
    accessKeys: [
      { active: true, lastRotated: new Date('2023-01-02T00:00:00Z'), lastUsed: new Date('2025-01-10T00:00:00Z') },
      { active: true, lastRotated: new Date('2023-03-01T00:00:00Z'), lastUsed: null },
    ],
  };
  // The API gives milliseconds, the report whole seconds.
  const created = new Date('2023-01-02T00:00:00.412Z');

  it.each([
    ['the report is later than the API', new Date('2024-12-01T00:00:00Z'), created, row, '2025-01-10T00:00:00.000Z'],
    ['the API is later than the report (report up to 4 h old)', new Date('2025-01-10T03:00:00Z'), created, row, '2025-01-10T03:00:00.000Z'],
    ['never used by the API, used by the report', null, created, row, '2025-01-10T00:00:00.000Z'],
    ['a key the report does not list (created since)', new Date('2025-02-01T00:00:00Z'), new Date('2025-01-31T00:00:00Z'), row, '2025-02-01T00:00:00.000Z'],
    ['the report row is key 2, never used', null, new Date('2023-03-01T00:00:00Z'), row, null],
    ['a user the report does not list', null, created, undefined, null],
  ])('%s', (_name, fromApi, keyCreated, reportRow, expected) => {
    expect(keyLastUsed(fromApi, keyCreated, reportRow)?.toISOString() ?? null).toBe(expected);
  });

  it('ignores the report for two keys created in the same second (either row could be either key)', () => {
    const twins: ReportRow = { ...row, accessKeys: [row.accessKeys[0], { ...row.accessKeys[1], lastRotated: row.accessKeys[0].lastRotated }] };
    const otherKey = new Date('2023-01-02T00:00:00.900Z');
    expect(keyLastUsed(null, created, twins, [created, otherKey])).toBeNull();
    expect(keyLastUsed(null, created, row, [created, otherKey])).toBeNull();
    expect(keyLastUsed(new Date('2024-01-01T00:00:00Z'), created, twins, [created, otherKey])?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });
});
