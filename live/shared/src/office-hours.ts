/**
 * Office hours as times of the week: which days a cron day-of-week field names, and whether
 * a job's schedule fires only inside an env's office hours (a copy's database is stopped
 * outside them, ADR 0013).
 */
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/**
 * Days of the week (0 = Sunday) a cron day-of-week field names: names SUN-SAT or numbers 1-7
 * (SUN-SAT), lists and forward ranges (wrapping, `FRI-MON`), `*` and `?` for every day.
 * Throws for what needs a calendar (`L`, `#`) or is not a day.
 */
export function daysOfWeek(field: string): number[] {
  if (field === '*' || field === '?') return [0, 1, 2, 3, 4, 5, 6];
  if (/[L#/]/.test(field)) throw new Error(`day-of-week ${field} needs a calendar (L, #, /); name the days`);
  const day = (token: string): number => {
    const name = DAY_NAMES.indexOf(token.toUpperCase());
    if (name >= 0) return name;
    const number = Number(token);
    if (Number.isInteger(number) && number >= 1 && number <= 7) return number - 1;
    throw new Error(`day-of-week ${token} is not SUN-SAT or 1-7`);
  };
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const [from, to] = part.split('-');
    const end = to === undefined ? day(from) : day(to);
    for (let current = day(from); ; current = (current + 1) % 7) {
      days.add(current);
      if (current === end) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

export interface OfficeHoursWindow {
  readonly timezone: string;
  readonly days: string;
  readonly start: string;
  readonly end: string;
}

/**
 * Why a job schedule may fire outside office hours, or undefined when every run falls inside
 * them: a `cron(...)` of plain minutes and hours on office days, in the office hours' time zone.
 */
export function firesOutsideOfficeHours(schedule: string, timezone: string, hours: OfficeHoursWindow): string | undefined {
  if (!schedule.startsWith('cron(')) return `${schedule} runs around the clock`;
  if (timezone !== hours.timezone) return `it runs in ${timezone}, office hours are in ${hours.timezone}`;
  const fields = schedule.slice('cron('.length, -1).split(' ');
  const [minutes, hoursField, dayOfMonth, , dayOfWeek] = fields;
  if (!/^\d{1,2}(,\d{1,2})*$/.test(minutes) || !/^\d{1,2}(,\d{1,2})*$/.test(hoursField)) return `${schedule} does not name its minutes and hours plainly`;
  if (!['*', '?'].includes(dayOfMonth)) return `${schedule} runs on days of the month, not on office days`;
  let days: number[];
  let office: number[];
  try {
    days = daysOfWeek(dayOfWeek);
    office = daysOfWeek(hours.days);
  } catch (error) {
    return (error as Error).message;
  }
  const offDay = days.find((day) => !office.includes(day));
  if (offDay !== undefined) return `${schedule} runs on ${DAY_NAMES[offDay]}, outside the office days ${hours.days}`;
  const [start, end] = [hours.start, hours.end].map((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3)));
  for (const hour of hoursField.split(',').map(Number)) {
    for (const minute of minutes.split(',').map(Number)) {
      const at = hour * 60 + minute;
      if (at < start || at >= end) return `${schedule} runs at ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}, outside ${hours.start}-${hours.end}`;
    }
  }
  return undefined;
}
