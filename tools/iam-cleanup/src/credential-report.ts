/**
 * The IAM credential report (GetCredentialReport's `Content`): RFC 4180 CSV with
 * a header row, one row per user plus `<root_account>`. Dates are ISO 8601; a
 * field that has no date says why instead: `N/A` (no such credential, or a key
 * never used), `no_information` (a password never used, or not since IAM began
 * tracking it in October 2014) or `not_supported` (the root account's password
 * fields). All three read as "no date" here.
 */

/** Parses RFC 4180 CSV: quoted fields with `""` escapes, commas and line breaks inside quotes, CRLF or LF, a leading BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    field = '';
    // A blank line (one empty field) is no row; a trailing line break is not one either.
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
  };
  for (; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else quoted = false;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') endRow();
    else if (char === '\r') {
      if (text[index + 1] === '\n') index += 1;
      endRow();
    } else field += char;
  }
  if (quoted) throw new Error('credential report: a quoted field is not closed');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** What the report says about one user (only the columns this tool reads). */
export interface ReportRow {
  readonly user: string;
  readonly arn: string;
  readonly created: Date | null;
  readonly passwordEnabled: boolean;
  readonly passwordLastUsed: Date | null;
  readonly passwordLastChanged: Date | null;
  readonly mfaActive: boolean;
  /** Access keys 1 and 2 as the report lists them (IAM allows two per user). */
  readonly accessKeys: readonly { readonly active: boolean; readonly lastRotated: Date | null; readonly lastUsed: Date | null }[];
}

export const ROOT_ACCOUNT_ROW = '<root_account>';

const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

/** A report date, or null for `N/A`, `no_information`, `not_supported` and empty fields. */
export function reportDate(value: string): Date | null {
  if (value === '' || value === 'N/A' || value === 'no_information' || value === 'not_supported') return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`credential report: ${JSON.stringify(value)} is not a date`);
  return date;
}

/** The report's user rows by user name; the root account's row is left out. */
export function parseCredentialReport(csv: string): Map<string, ReportRow> {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new Error('credential report: empty');
  const column = Object.fromEntries(header.map((name, index) => [name.trim(), index]));
  const missing = REQUIRED_COLUMNS.filter((name) => column[name] === undefined);
  if (missing.length > 0) throw new Error(`credential report: no column ${missing.join(', ')} (header: ${header.join(',')})`);
  const users = new Map<string, ReportRow>();
  for (const [line, cells] of rows.entries()) {
    if (cells.length !== header.length) throw new Error(`credential report: row ${line + 2} has ${cells.length} fields, the header ${header.length}`);
    const get = (name: (typeof REQUIRED_COLUMNS)[number]) => cells[column[name]];
    if (get('user') === ROOT_ACCOUNT_ROW) continue;
    const key = (n: 1 | 2) => ({
      active: cells[column[`access_key_${n}_active`]] === 'true',
      lastRotated: reportDate(cells[column[`access_key_${n}_last_rotated`]]),
      lastUsed: reportDate(cells[column[`access_key_${n}_last_used_date`]]),
    });
    users.set(get('user'), {
      user: get('user'),
      arn: get('arn'),
      created: reportDate(get('user_creation_time')),
      passwordEnabled: get('password_enabled') === 'true',
      passwordLastUsed: reportDate(get('password_last_used')),
      passwordLastChanged: reportDate(get('password_last_changed')),
      mfaActive: get('mfa_active') === 'true',
      accessKeys: [key(1), key(2)],
    });
  }
  return users;
}
