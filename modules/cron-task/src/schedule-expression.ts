/**
 * The shortest time between two runs of an EventBridge Scheduler expression,
 * so a retry window can be checked against it. `rate()` is exact; `cron()` is
 * understood when day-of-month is `*`/`?` and month and year are `*` (hourly,
 * every-N-minutes, daily, weekday and weekly schedules, with lists, ranges and
 * steps); a single day of month (monthly) counts as 28 days. Anything else
 * (L, W, #, several days of month) is `undefined`: not checked.
 */

// AWS wants the singular unit for 1 and the plural otherwise.
const RATE = /^rate\((?:1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const CRON = /^cron\(([^)]+)\)$/;
const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86400 };
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

export type ScheduleKind = 'rate' | 'cron';

export function scheduleKind(expression: string): ScheduleKind | undefined {
  if (RATE.test(expression)) return 'rate';
  if (CRON.test(expression) && CRON.exec(expression)![1].trim().split(/\s+/).length === 6) return 'cron';
  return undefined;
}

/** Minimum seconds between consecutive runs, or undefined when the expression is not understood. */
export function minimumIntervalSeconds(expression: string): number | undefined {
  const rate = RATE.exec(expression);
  if (rate) return rate[1] ? UNIT_SECONDS[rate[1]] : Number(rate[2]) * UNIT_SECONDS[rate[3].replace(/s$/, '')];
  const cron = CRON.exec(expression);
  if (!cron) return undefined;
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = cron[1].trim().split(/\s+/);
  if (month !== '*' || year !== '*') return undefined;

  const minuteSet = values(minutes, 0, 59);
  const hourSet = values(hours, 0, 23);
  if (!minuteSet || !hourSet) return undefined;
  const timesOfDay = hourSet.flatMap((h) => minuteSet.map((m) => h * 60 + m));

  if (dayOfMonth !== '*' && dayOfMonth !== '?') {
    // One fixed day of the month: months are at least 28 days apart.
    return /^\d+$/.test(dayOfMonth) && (dayOfWeek === '?' || dayOfWeek === '*') ? 28 * 86400 : undefined;
  }
  const days = dayOfWeek === '*' || dayOfWeek === '?' ? [0, 1, 2, 3, 4, 5, 6] : values(dayOfWeek, 1, 7, DAY_NAMES)?.map((d) => d - 1);
  if (!days) return undefined;
  const timesOfWeek = [...new Set(days)].flatMap((d) => timesOfDay.map((t) => d * MINUTES_PER_DAY + t));
  return smallestGap(timesOfWeek, MINUTES_PER_WEEK) * 60;
}

/** Smallest gap between sorted points on a cycle of `period`, including the wrap-around. */
function smallestGap(points: number[], period: number): number {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  let gap = sorted[0] + period - sorted[sorted.length - 1];
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i] - sorted[i - 1]);
  return gap;
}

/**
 * Expands one cron field (`*`, `5`, `1,15`, `8-18`, `0/15`, `*\/10`, `MON-FRI`)
 * to its values; undefined for anything else. `names` maps names to min + index.
 */
function values(field: string, min: number, max: number, names?: string[]): number[] | undefined {
  const toNumber = (token: string): number | undefined => {
    const named = names?.indexOf(token.toUpperCase()) ?? -1;
    const value = named >= 0 ? min + named : /^\d+$/.test(token) ? Number(token) : NaN;
    return value >= min && value <= max ? value : undefined;
  };
  const result: number[] = [];
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(toNumber);
    else [from, to] = [toNumber(range), stepText === undefined ? toNumber(range) : max];
    if (from === undefined || to === undefined || from > to) return undefined;
    for (let v = from; v <= to; v += step) result.push(v);
  }
  return result;
}
