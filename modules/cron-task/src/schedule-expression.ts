/**
 * EventBridge Scheduler's `rate()` and `cron()` grammar — the cron syntax
 * Application Auto Scaling's scheduled actions share — checked at synth, so a
 * schedule AWS would reject, or one that can never fire, fails before plan.
 * Source: "Cron expressions reference" in the Amazon EventBridge user guide.
 *
 *   minutes 0-59 `, - * /`   hours 0-23 `, - * /`   day-of-month 1-31 `, - * ? / L W`
 *   month 1-12|JAN-DEC `, - * /`   day-of-week 1-7|SUN-SAT `, - * ? L #`   year 1970-2199 `, - * /`
 *
 * One of day-of-month and day-of-week must be `?`, the other not. `L`, `W` and `#`
 * stand alone in their field (`L`, `LW`, `15W`; `L`, `6L`, `2#1`), as AWS allows one
 * `#` expression only. Ranges must run forwards (a wrapping `FRI-MON` is refused;
 * list the days instead).
 */

// AWS wants the singular unit for 1 and the plural otherwise.
const RATE = /^rate\((?:1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const CRON = /^cron\((.*)\)$/;
const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86400 };
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Longest month length by month number (February in a leap year). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const CRON_SHAPE = 'cron(minutes hours day-of-month month day-of-week year)';

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly step: boolean;
  readonly question: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minutes', min: 0, max: 59, step: true, question: false },
  { name: 'hours', min: 0, max: 23, step: true, question: false },
  { name: 'day-of-month', min: 1, max: 31, step: true, question: true },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, step: true, question: false },
  { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, step: false, question: true },
  { name: 'year', min: 1970, max: 2199, step: true, question: false },
];

/** A parsed field: `?`, a special day (L, W, #), or the values it selects. */
type Field = { readonly kind: 'any' } | { readonly kind: 'special' } | { readonly kind: 'values'; readonly values: number[]; readonly every: boolean };

export type ScheduleKind = 'rate' | 'cron';

export function scheduleKind(expression: string): ScheduleKind | undefined {
  if (RATE.test(expression)) return 'rate';
  return CRON.test(expression) && parseCron(expression).fields ? 'cron' : undefined;
}

/**
 * Undefined when `expression` is a valid `rate()` or `cron()` schedule, otherwise
 * what is wrong with it and what is expected, as a sentence fragment.
 */
export function scheduleExpressionProblem(expression: string): string | undefined {
  if (RATE.test(expression)) return undefined;
  if (expression.startsWith('rate(')) {
    return 'must be rate(1 minute|hour|day) or rate(N minutes|hours|days) with a whole N of 2 or more';
  }
  if (!CRON.test(expression)) return `must be '${CRON_SHAPE}' or 'rate(N minutes|hours|days)'`;
  return parseCron(expression).problem;
}

/**
 * Undefined when `timezone` is an IANA time zone name as AWS takes it (exact
 * spelling, e.g. Europe/Berlin or UTC), otherwise what is expected.
 */
export function timeZoneProblem(timezone: string): string | undefined {
  const expected = "is not an IANA time zone such as 'Europe/Paris' or 'UTC' (exact spelling and case)";
  // ICU accepts any case and UTC offsets; AWS wants the IANA name as written in the tz database.
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z0-9][A-Za-z0-9_+-]*)*$/.test(timezone)) return expected;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return undefined;
  } catch {
    return expected;
  }
}

/** Minimum seconds between consecutive runs, or undefined when the expression is not understood. */
export function minimumIntervalSeconds(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (rate) return rate[1] ? UNIT_SECONDS[rate[1]] : Number(rate[2]) * UNIT_SECONDS[rate[3].replace(/s$/, '')];
  const { fields } = parseCron(expression);
  if (!fields) return undefined;
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  if (!isEvery(month) || !isEvery(year) || minutes.kind !== 'values' || hours.kind !== 'values') return undefined;
  const timesOfDay = hours.values.flatMap((h) => minutes.values.map((m) => h * 60 + m));

  if (!isEvery(dayOfMonth) && dayOfMonth.kind !== 'any') {
    // One fixed day of the month: months are at least 28 days apart.
    return dayOfMonth.kind === 'values' && dayOfMonth.values.length === 1 ? 28 * 86400 : undefined;
  }
  if (dayOfWeek.kind === 'special') return undefined;
  const days = dayOfWeek.kind === 'any' ? [0, 1, 2, 3, 4, 5, 6] : dayOfWeek.values.map((d) => d - 1);
  const timesOfWeek = [...new Set(days)].flatMap((d) => timesOfDay.map((t) => d * MINUTES_PER_DAY + t));
  return smallestGap(timesOfWeek, MINUTES_PER_WEEK) * 60;
}

function isEvery(field: Field): boolean {
  return field.kind === 'values' && field.every;
}

/** Smallest gap between sorted points on a cycle of `period`, including the wrap-around. */
function smallestGap(points: number[], period: number): number {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  let gap = sorted[0] + period - sorted[sorted.length - 1];
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  return gap;
}

function parseCron(expression: string): { fields?: Field[]; problem?: string } {
  const body = CRON.exec(expression)?.[1] ?? '';
  const texts = body.split(' ');
  if (texts.length !== 6 || texts.some((text) => text === '')) {
    return { problem: `must have six fields separated by single spaces: '${CRON_SHAPE}'` };
  }
  const fields: Field[] = [];
  for (const [index, spec] of FIELDS.entries()) {
    const parsed = parseField(texts[index].toUpperCase(), spec);
    if (typeof parsed === 'string') return { problem: `${spec.name} field '${texts[index]}': ${parsed}` };
    fields.push(parsed);
  }
  const [, , dayOfMonth, month, dayOfWeek] = fields;
  if (dayOfMonth.kind === 'any' && dayOfWeek.kind === 'any') {
    return { problem: 'cannot have ? in both day-of-month and day-of-week; put * (every day) in one of them' };
  }
  if (dayOfMonth.kind !== 'any' && dayOfWeek.kind !== 'any') {
    return { problem: 'cannot set both day-of-month and day-of-week; AWS needs ? in one of them, e.g. cron(0 2 * * ? *) or cron(0 2 ? * MON-FRI *)' };
  }
  if (dayOfMonth.kind === 'values' && month.kind === 'values') {
    const longest = Math.max(...month.values.map((m) => MONTH_DAYS[m - 1]));
    if (Math.min(...dayOfMonth.values) > longest) {
      return { problem: `never fires: no month in '${texts[3]}' has day ${Math.min(...dayOfMonth.values)}` };
    }
  }
  return { fields };
}

/** A field, or what is wrong with it. `text` is upper-cased. */
function parseField(text: string, spec: FieldSpec): Field | string {
  if (text === '?') return spec.question ? { kind: 'any' } : `cannot be ?; only day-of-month and day-of-week take ?`;
  const special = specialDay(text, spec);
  if (special !== undefined) return special;
  if (/[LW#?]/.test(spec.names ? text.replace(new RegExp(spec.names.join('|'), 'g'), '') : text)) {
    return spec.name === 'day-of-month' || spec.name === 'day-of-week'
      ? `uses L, W, # or ? inside a list or range; they stand alone in the field (${spec.name === 'day-of-month' ? 'L, LW, 15W' : 'L, 6L, 2#1'})`
      : `cannot use L, W, # or ?; expected values ${describeRange(spec)} with , - * /`;
  }
  const values: number[] = [];
  for (const item of text.split(',')) {
    const expanded = parseItem(item, spec);
    if (typeof expanded === 'string') return expanded;
    values.push(...expanded);
  }
  return { kind: 'values', values: [...new Set(values)].sort((a, b) => a - b), every: text === '*' };
}

/** L, LW, 15W (day-of-month); L, 6L, FRIL, 2#1 (day-of-week); undefined when `text` is none of these. */
function specialDay(text: string, spec: FieldSpec): Field | string | undefined {
  if (spec.name === 'day-of-month') {
    if (text === 'L' || text === 'LW') return { kind: 'special' };
    const weekday = /^(\d+)W$/.exec(text);
    if (weekday) return inRange(Number(weekday[1]), spec) ? { kind: 'special' } : `day ${weekday[1]} before W is outside 1-31`;
  }
  if (spec.name === 'day-of-week') {
    if (text === 'L') return { kind: 'special' };
    const last = /^([A-Z]+|\d+)L$/.exec(text);
    if (last) return toNumber(last[1], spec) !== undefined ? { kind: 'special' } : `${last[1]} before L is not a day ${describeRange(spec)}`;
    const nth = /^([A-Z]+|\d+)#(\d+)$/.exec(text);
    if (nth) {
      if (toNumber(nth[1], spec) === undefined) return `${nth[1]} before # is not a day ${describeRange(spec)}`;
      return /^[1-5]$/.test(nth[2]) ? { kind: 'special' } : `week ${nth[2]} after # must be 1-5`;
    }
  }
  return undefined;
}

/** `*`, `*\/5`, `7`, `MON`, `1-5`, `MON-FRI`, `0/15`, `8-18/2` → the values; a problem otherwise. */
function parseItem(item: string, spec: FieldSpec): number[] | string {
  const [range, stepText, extra] = item.split('/');
  if (extra !== undefined || range === '') return `has a malformed entry '${item}'; expected values ${describeRange(spec)} with , - * /`;
  let step = 1;
  if (stepText !== undefined) {
    if (!spec.step) return `cannot use /; ${spec.name} takes , - * ? L #`;
    step = /^\d+$/.test(stepText) ? Number(stepText) : NaN;
    if (!(step >= 1 && step <= spec.max)) return `step /${stepText} must be a whole number from 1 to ${spec.max}`;
  }
  let from: number | undefined;
  let to: number | undefined;
  if (range === '*') {
    [from, to] = [spec.min, spec.max];
  } else {
    const bounds = range.split('-');
    if (bounds.length > 2) return `has a malformed range '${range}'`;
    [from, to] = bounds.map((bound) => toNumber(bound, spec));
    const bad = bounds.find((bound) => toNumber(bound, spec) === undefined);
    if (bad !== undefined) return `${bad} is not a valid value ${describeRange(spec)}`;
    if (bounds.length === 1) to = stepText === undefined ? from : spec.max;
    if (from! > to!) return `range ${range} runs backwards; AWS does not wrap ranges, so list the values instead`;
  }
  const values: number[] = [];
  for (let value = from!; value <= to!; value += step) values.push(value);
  return values;
}

function toNumber(token: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(token) ?? -1;
  const value = named >= 0 ? spec.min + named : /^\d{1,4}$/.test(token) ? Number(token) : NaN;
  return inRange(value, spec) ? value : undefined;
}

function inRange(value: number, spec: FieldSpec): boolean {
  return value >= spec.min && value <= spec.max;
}

function describeRange(spec: FieldSpec): string {
  return `(${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : ''})`;
}
