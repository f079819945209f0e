/**
 * Parsing of RDS backup (`hh24:mi-hh24:mi`, daily, UTC) and maintenance
 * (`ddd:hh24:mi-ddd:hh24:mi`, weekly, UTC) windows, so that malformed or
 * overlapping windows fail at synth instead of half-way through an apply.
 */

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const BACKUP_WINDOW = new RegExp(`^${TIME}-${TIME}$`);
const MAINTENANCE_WINDOW = new RegExp(`^(${DAYS.join('|')}):${TIME}-(${DAYS.join('|')}):${TIME}$`, 'i');

/** A window as [start, end) minute offsets; `end` may exceed `period` when it wraps. */
interface Span {
  start: number;
  end: number;
}

function span(start: number, end: number, period: number): Span {
  return { start, end: end > start ? end : end + period };
}

export function parseBackupWindow(window: string): Span | undefined {
  const m = BACKUP_WINDOW.exec(window);
  if (!m) return undefined;
  return span(Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4]), MINUTES_PER_DAY);
}

export function parseMaintenanceWindow(window: string): Span | undefined {
  const m = MAINTENANCE_WINDOW.exec(window);
  if (!m) return undefined;
  const at = (day: string, hh: string, mi: string) =>
    DAYS.indexOf(day.toLowerCase()) * MINUTES_PER_DAY + Number(hh) * 60 + Number(mi);
  return span(at(m[1], m[2], m[3]), at(m[4], m[5], m[6]), MINUTES_PER_WEEK);
}

export function durationMinutes(window: Span): number {
  return window.end - window.start;
}

/** True when the daily backup window meets the weekly maintenance window on any day. */
export function windowsOverlap(backup: Span, maintenance: Span): boolean {
  const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
  // Check each day's backup window against the maintenance window and its
  // copy one week later (a maintenance window may wrap from Sunday to Monday).
  for (let day = 0; day <= 7; day++) {
    const daily = { start: backup.start + day * MINUTES_PER_DAY, end: backup.end + day * MINUTES_PER_DAY };
    const shifted = { start: maintenance.start + MINUTES_PER_WEEK, end: maintenance.end + MINUTES_PER_WEEK };
    if (overlaps(daily, maintenance) || overlaps(daily, shifted)) return true;
  }
  return false;
}
