import { minimumIntervalSeconds, scheduleKind } from '../src/schedule-expression';

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
