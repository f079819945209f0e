/**
 * Weekly schedules, for hours per month: the cron and rate expressions of Application Auto
 * Scaling scheduled actions and EventBridge Scheduler schedules turned into the minutes of a
 * week they fire at, and capacity timelines averaged over a week.
 *
 * A week is 10,080 minutes from Sunday 00:00 in the schedule's own time zone; a month is
 * 730 hours (the price file's), i.e. 730/168 weeks. Daylight saving shifts a time zone by an
 * hour against UTC but leaves the local schedule, and so the hours per month, unchanged.
 * Expressions that need a calendar (day-of-month, `L`, `W`, `#`, a month or year list) are
 * refused with a message, never guessed.
 */
import { daysOfWeek } from '@lq3/live-shared';

export const MINUTES_PER_WEEK = 7 * 24 * 60;

/** Minutes of the week (0 = Sunday 00:00) an expression fires at, ascending. */
export function firingsPerWeek(expression: string): number[] {
  const rate = /^rate\((\d+) (minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) {
    const every = Number(rate[1]) * { minute: 1, hour: 60, day: 1440 }[rate[2].replace(/s$/, '') as 'minute' | 'hour' | 'day'];
    if (every <= 0) throw new Error(`${expression}: a rate must be positive`);
    const firings: number[] = [];
    for (let minute = 0; minute < MINUTES_PER_WEEK; minute += every) firings.push(minute);
    return firings;
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+)(?: (\S+))?\)$/.exec(expression.trim());
  if (!cron) throw new Error(`${expression}: not a cron(...) or rate(...) expression`);
  const [, minutesField, hoursField, dayOfMonth, month, dayOfWeek, year = '*'] = cron;
  if (!['*', '?'].includes(dayOfMonth)) throw new Error(`${expression}: day-of-month ${dayOfMonth} needs a calendar; the cost estimate takes weekly schedules only`);
  if (month !== '*') throw new Error(`${expression}: month ${month} needs a calendar; the cost estimate takes weekly schedules only`);
  if (year !== '*') throw new Error(`${expression}: year ${year} needs a calendar; the cost estimate takes weekly schedules only`);
  const minutes = field(minutesField, 0, 59, expression, 'minutes');
  const hours = field(hoursField, 0, 23, expression, 'hours');
  let days: number[];
  try {
    days = daysOfWeek(dayOfWeek);
  } catch (error) {
    throw new Error(`${expression}: ${(error as Error).message}`);
  }
  const firings: number[] = [];
  for (const day of days) for (const hour of hours) for (const minute of minutes) firings.push(day * 1440 + hour * 60 + minute);
  return firings.sort((a, b) => a - b);
}

function field(text: string, min: number, max: number, expression: string, name: string): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(Number);
    else [from, to] = [Number(range), stepText === undefined ? Number(range) : max];
    if (![from, to, step].every(Number.isInteger) || from < min || to > max || from > to || step < 1) {
      throw new Error(`${expression}: ${name} ${text} is not a plain number, list, range or step within ${min}-${max}`);
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

/** A value that changes at given minutes of the week and holds in between, cyclically. */
export interface ScheduleEvent {
  readonly minute: number;
  readonly value: number;
}

export interface WeeklyLevels {
  /** The value averaged over the week. */
  readonly average: number;
  /** The highest and lowest value the week holds for any time. */
  readonly high: number;
  readonly low: number;
}

/**
 * Average, high and low of a value that `events` set (the last event of the week carries
 * over into the next week). Without events the value is `initial` all week. Events at the
 * same minute apply in the order given.
 */
export function weeklyLevels(events: readonly ScheduleEvent[], initial: number): WeeklyLevels {
  if (events.length === 0) return { average: initial, high: initial, low: initial };
  const sorted = events.map((event, order) => ({ ...event, order })).sort((a, b) => a.minute - b.minute || a.order - b.order);
  let value = sorted[sorted.length - 1].value;
  let previous = 0;
  let weighted = 0;
  const held: number[] = [];
  for (const event of sorted) {
    if (event.minute > previous) {
      weighted += value * (event.minute - previous);
      held.push(value);
    }
    value = event.value;
    previous = event.minute;
  }
  weighted += value * (MINUTES_PER_WEEK - previous);
  held.push(value);
  return { average: weighted / MINUTES_PER_WEEK, high: Math.max(...held), low: Math.min(...held) };
}

/** The longest time, in minutes, between two firings of a weekly schedule (cyclic). */
export function longestGapMinutes(firings: readonly number[]): number {
  if (firings.length === 0) return MINUTES_PER_WEEK;
  const sorted = [...firings].sort((a, b) => a - b);
  let longest = sorted[0] + MINUTES_PER_WEEK - sorted[sorted.length - 1];
  for (let i = 1; i < sorted.length; i++) longest = Math.max(longest, sorted[i] - sorted[i - 1]);
  return longest;
}
