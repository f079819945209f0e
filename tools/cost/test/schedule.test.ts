import { firingsPerWeek, longestGapMinutes, MINUTES_PER_WEEK, weeklyLevels } from '../src/schedule';

const at = (day: number, hour: number, minute = 0) => day * 1440 + hour * 60 + minute;

describe('weekly schedules', () => {
  it('places weekday crons in the week (Sunday 00:00 = minute 0)', () => {
    expect(firingsPerWeek('cron(0 20 ? * MON-FRI *)')).toEqual([1, 2, 3, 4, 5].map((day) => at(day, 20)));
    expect(firingsPerWeek('cron(45 6 ? * 2-6 *)')).toEqual([1, 2, 3, 4, 5].map((day) => at(day, 6, 45)));
    expect(firingsPerWeek('cron(0 12 ? * SAT,SUN *)')).toEqual([at(0, 12), at(6, 12)]);
    expect(firingsPerWeek('cron(30 4 * * ? *)')).toHaveLength(7);
    expect(firingsPerWeek('cron(0/15 9-10 ? * MON *)')).toEqual([0, 15, 30, 45].flatMap((m) => [at(1, 9, m), at(1, 10, m)]).sort((a, b) => a - b));
    expect(firingsPerWeek('rate(1 hour)')).toHaveLength(168);
    expect(firingsPerWeek('rate(2 days)')).toEqual([0, 2880, 5760, 8640]);
  });

  it('refuses what needs a calendar, and what is not a schedule', () => {
    expect(() => firingsPerWeek('cron(0 4 1 * ? *)')).toThrow(/day-of-month 1 needs a calendar/);
    expect(() => firingsPerWeek('cron(0 4 ? 1 MON *)')).toThrow(/month 1 needs a calendar/);
    expect(() => firingsPerWeek('cron(0 4 ? * MON#2 *)')).toThrow(/needs a calendar/);
    expect(() => firingsPerWeek('cron(0 25 ? * MON *)')).toThrow(/hours 25/);
    expect(() => firingsPerWeek('at(2026-12-24T10:00:00)')).toThrow(/not a cron/);
  });

  it('turns office hours (07:00-20:00, MON-FRI) into 65 hours a week at one task, none otherwise', () => {
    const events = [
      ...firingsPerWeek('cron(0 7 ? * MON-FRI *)').map((minute) => ({ minute, value: 1 })),
      ...firingsPerWeek('cron(0 20 ? * MON-FRI *)').map((minute) => ({ minute, value: 0 })),
    ];
    const levels = weeklyLevels(events, 1);
    expect(levels.average * 168).toBeCloseTo(65, 6);
    expect(levels).toMatchObject({ high: 1, low: 0 });
    expect(weeklyLevels([], 3)).toEqual({ average: 3, high: 3, low: 3 });
  });

  it('measures the longest gap between stop calls, across the week boundary', () => {
    expect(longestGapMinutes(firingsPerWeek('cron(0 20 ? * * *)'))).toBe(1440);
    expect(longestGapMinutes(firingsPerWeek('rate(1 hour)'))).toBe(60);
    expect(longestGapMinutes([at(1, 20)])).toBe(MINUTES_PER_WEEK);
  });
});
