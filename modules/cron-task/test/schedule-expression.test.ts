import { minimumIntervalSeconds, scheduleExpressionProblem, scheduleKind, timeZoneProblem } from '../src/schedule-expression';

describe('minimumIntervalSeconds', () => {
  test.each([
    ['rate(1 minute)', 60],
    ['rate(5 minutes)', 300],
    ['rate(2 hours)', 7200],
    ['rate(90 minutes)', 5400],
    ['rate(1 day)', 86400],
    ['cron(15 * * * ? *)', 3600],
    ['cron(0/15 * * * ? *)', 900],
    ['cron(*/10 * * * ? *)', 600],
    ['cron(0/45 * * * ? *)', 900],
    ['cron(0 3 * * ? *)', 86400],
    ['cron(30 2 ? * * *)', 86400],
    ['cron(0 8,20 * * ? *)', 12 * 3600],
    ['cron(0 8-18 ? * MON-FRI *)', 3600],
    ['cron(0 6 ? * MON-FRI *)', 86400],
    ['cron(0 3 ? * MON *)', 7 * 86400],
    ['cron(0 3 ? * 2,5 *)', 3 * 86400],
    ['cron(0 3 1 * ? *)', 28 * 86400],
  ])('%s -> %i s', (expression, seconds) => {
    expect(minimumIntervalSeconds(expression)).toBe(seconds);
  });

  test.each(['cron(0 3 L * ? *)', 'cron(0 3 ? * 6#3 *)', 'cron(0 3 1,15 * ? *)', 'cron(0 3 * 1 ? *)', 'cron(0 3 * * ? 2027)'])(
    '%s is not understood, so not checked',
    (expression) => {
      expect(minimumIntervalSeconds(expression)).toBeUndefined();
    },
  );
});

describe('scheduleKind', () => {
  test('rate and six-field cron expressions', () => {
    expect(scheduleKind('rate(10 minutes)')).toBe('rate');
    expect(scheduleKind('cron(0 3 * * ? *)')).toBe('cron');
  });
  test('anything else, including five-field crontab lines and one-time at()', () => {
    for (const bad of ['0 3 * * *', 'cron(0 3 * * ?)', 'rate(0.5 hours)', 'rate(1 week)', 'rate(0 minutes)', 'rate(1 hours)', 'rate(5 minute)', 'at(2026-12-01T03:00:00)']) {
      expect(scheduleKind(bad)).toBeUndefined();
    }
  });
});

describe('scheduleExpressionProblem', () => {
  test.each([
    'rate(1 minute)',
    'rate(15 minutes)',
    'rate(1 day)',
    'cron(0 2 * * ? *)',
    'cron(30 3 ? * MON-FRI *)',
    'cron(0/15 8-18 ? * 2-6 *)',
    'cron(*/5 * * * ? *)',
    'cron(0 12 L * ? *)',
    'cron(0 12 LW * ? *)',
    'cron(0 12 15W * ? *)',
    'cron(0 12 ? * 6L *)',
    'cron(0 12 ? * FRIL *)',
    'cron(0 12 ? * 3#2 *)',
    'cron(0 12 ? * TUE#1 *)',
    'cron(0 12 1,15 JAN,JUL ? 2026-2030)',
    'cron(0 12 ? * mon-fri *)',
    'cron(0 0 29 2 ? *)',
    'cron(59 23 31 12 ? 2199)',
  ])('%s is valid', (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });

  test.each([
    ['0 3 * * *', "must be 'cron(minutes hours day-of-month month day-of-week year)' or 'rate(N minutes|hours|days)'"],
    ['at(2026-12-01T03:00:00)', "must be 'cron("],
    ['rate(0 minutes)', 'must be rate(1 minute|hour|day) or rate(N minutes|hours|days)'],
    ['rate(1 hours)', 'must be rate(1 minute|hour|day)'],
    ['rate(5 minute)', 'must be rate(1 minute|hour|day)'],
    ['rate(1 week)', 'must be rate(1 minute|hour|day)'],
    ['cron(0 3 * * ?)', 'must have six fields separated by single spaces'],
    ['cron(0  3 * * ? *)', 'must have six fields separated by single spaces'],
    ['cron(60 3 * * ? *)', "minutes field '60': 60 is not a valid value (0-59)"],
    ['cron(0 24 * * ? *)', "hours field '24': 24 is not a valid value (0-23)"],
    ['cron(0 3 0 * ? *)', "day-of-month field '0': 0 is not a valid value (1-31)"],
    ['cron(0 3 32 * ? *)', "day-of-month field '32'"],
    ['cron(0 3 * 13 ? *)', "month field '13': 13 is not a valid value (1-12 or JAN-DEC)"],
    ['cron(0 3 * FOO ? *)', "month field 'FOO'"],
    ['cron(0 3 ? * 8 *)', "day-of-week field '8': 8 is not a valid value (1-7 or SUN-SAT)"],
    ['cron(0 3 ? * 0 *)', "day-of-week field '0'"],
    ['cron(0 3 * * ? 1969)', "year field '1969'"],
    ['cron(0 3 * * ? 2200)', "year field '2200'"],
    ['cron(0 3 * * * *)', 'cannot set both day-of-month and day-of-week; AWS needs ? in one of them'],
    ['cron(0 3 1 * MON *)', 'cannot set both day-of-month and day-of-week'],
    ['cron(0 3 ? * ? *)', 'cannot have ? in both day-of-month and day-of-week'],
    ['cron(? 3 * * ? *)', "minutes field '?': cannot be ?"],
    ['cron(0 3 ? * FRI-MON *)', 'range FRI-MON runs backwards'],
    ['cron(0 22-2 * * ? *)', 'range 22-2 runs backwards'],
    ['cron(0/0 3 * * ? *)', 'step /0 must be a whole number from 1 to 59'],
    ['cron(0/60 3 * * ? *)', 'step /60 must be a whole number from 1 to 59'],
    ['cron(0 3 ? * 1/2 *)', "day-of-week field '1/2': cannot use /"],
    ['cron(0 3 L,15 * ? *)', 'they stand alone in the field (L, LW, 15W)'],
    ['cron(0 3 ? * 3#1,6#3 *)', 'they stand alone in the field (L, 6L, 2#1)'],
    ['cron(0 3 ? * 3#6 *)', 'week 6 after # must be 1-5'],
    ['cron(0 3 ? * 9L *)', '9 before L is not a day'],
    ['cron(0 3 32W * ? *)', 'day 32 before W is outside 1-31'],
    ['cron(L 3 * * ? *)', "minutes field 'L': cannot use L, W, # or ?"],
    ['cron(0 3 1-2-3 * ? *)', 'malformed range'],
    ['cron(0 3 , * ? *)', 'malformed entry'],
    ['cron(0 0 30 2 ? *)', "never fires: no month in '2' has day 30"],
    ['cron(0 0 31 APR,JUN ? *)', 'never fires'],
  ])('%s: %s', (expression, problem) => {
    expect(scheduleExpressionProblem(expression)).toContain(problem);
    expect(scheduleKind(expression)).toBeUndefined();
  });
});

describe('timeZoneProblem', () => {
  test.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+1'])('%s is an IANA zone', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });
  test.each(['europe/berlin', 'Europe/berlin', 'utc', 'Europe/Atlantis', '+01:00', 'CEST', '', 'Europe/Berlin '])('%j is refused', (zone) => {
    expect(timeZoneProblem(zone)).toMatch(/is not an IANA time zone/);
  });
});
