/** Job schedules and office hours follow the EventBridge Scheduler / Application Auto Scaling grammar. */
import { join } from 'node:path';
import { loadProjectEnvironments } from '../src';
import { baseEnv, copyEnv, envFile, tempWorkspace, type Config } from './helpers';
import { testRefusals } from './refusals';

const job = (patch: (job: Config) => void) => ({ a: envFile({ alpha: baseEnv('alpha', (env) => patch((env.jobs as Record<string, Config>).nightly)) }) });
// The copy's job is off: with other office days it would fall outside them (ADR 0013), which is not what these cases test.
const hours = (officeHours: Config) => ({
  a: envFile({ alpha: baseEnv('alpha') }),
  c: envFile({ copy: copyEnv('copy', 'alpha', (env) => ((env.officeHours = officeHours), ((env.jobs as Record<string, Config>).nightly.enabled = false))) }),
});
const JOB = 'live/a/env.yaml: environments.alpha.jobs.nightly.';
const HOURS = 'live/c/env.yaml: environments.copy.officeHours.';

describe('job schedules', () => {
  testRefusals([
    {
      name: 'a minute out of range',
      files: job((j) => (j.schedule = 'cron(60 2 * * ? *)')),
      project: 'a',
      prefix: `${JOB}schedule: `,
      message: `minutes field '60': 60 is not a valid value (0-59) (got "cron(60 2 * * ? *)")`,
      subprocess: true,
    },
    {
      name: 'both day-of-month and day-of-week',
      files: job((j) => (j.schedule = 'cron(0 2 * * * *)')),
      project: 'a',
      prefix: `${JOB}schedule: `,
      message: `cannot set both day-of-month and day-of-week; AWS needs ? in one of them, e.g. cron(0 2 * * ? *) or cron(0 2 ? * MON-FRI *) (got "cron(0 2 * * * *)")`,
    },
    { name: 'a ? in both day fields', files: job((j) => (j.schedule = 'cron(0 2 ? * ? *)')), project: 'a', prefix: `${JOB}schedule: `, message: /^cannot have \? in both day-of-month and day-of-week/ },
    { name: 'a crontab line', files: job((j) => (j.schedule = '0 2 * * *')), project: 'a', prefix: `${JOB}schedule: `, message: /^must be 'cron\(minutes hours day-of-month month day-of-week year\)' or 'rate\(N minutes\|hours\|days\)'/ },
    { name: 'a plural unit for 1', files: job((j) => (j.schedule = 'rate(1 hours)')), project: 'a', prefix: `${JOB}schedule: `, message: /^must be rate\(1 minute\|hour\|day\) or rate\(N minutes\|hours\|days\)/ },
    { name: 'a wrapping day range', files: job((j) => (j.schedule = 'cron(0 2 ? * FRI-MON *)')), project: 'a', prefix: `${JOB}schedule: `, message: /^day-of-week field 'FRI-MON': range FRI-MON runs backwards/ },
    { name: 'L inside a list', files: job((j) => (j.schedule = 'cron(0 2 L,15 * ? *)')), project: 'a', prefix: `${JOB}schedule: `, message: /^day-of-month field 'L,15': uses L, W, # or \? inside a list or range/ },
    { name: 'a day no month has', files: job((j) => (j.schedule = 'cron(0 2 30 2 ? *)')), project: 'a', prefix: `${JOB}schedule: `, message: /^never fires: no month in '2' has day 30/ },
    { name: 'an unknown time zone', files: job((j) => (j.timezone = 'Europe/Atlantis')), project: 'a', prefix: `${JOB}timezone: `, message: 'must be an IANA time zone name spelled exactly, e.g. Europe/Berlin or UTC (got "Europe/Atlantis")' },
    { name: 'a lower-case time zone', files: job((j) => (j.timezone = 'europe/berlin')), project: 'a', prefix: `${JOB}timezone: `, message: /^must be an IANA time zone name spelled exactly/ },
  ]);
});

describe('jobs of apps using the database and the backup window (01:00-02:00 UTC)', () => {
  const SCHEDULE = `${JOB}schedule: `;
  testRefusals([
    {
      name: 'a nightly export at 02:00 in Berlin (01:00 UTC in winter)',
      files: job((j) => (j.schedule = 'cron(0 2 * * ? *)')),
      project: 'a',
      prefix: SCHEDULE,
      message: 'starts at 01:00 (winter) UTC, inside the database backup window 01:00-02:00 UTC, when a snapshot is being taken (and copies could not restore it); start it at least an hour later',
    },
    { name: 'a cleanup at 03:30 in Berlin (01:30 UTC in summer)', files: job((j) => (j.schedule = 'cron(30 3 * * ? *)')), project: 'a', prefix: SCHEDULE, message: /^starts at 01:30 \(summer\) UTC, inside the database backup window/ },
    { name: 'a job at 01:59 UTC', files: job((j) => ((j.schedule = 'cron(59 1 ? * MON-FRI *)'), (j.timezone = 'UTC'))), project: 'a', prefix: SCHEDULE, message: /^starts at 01:59 \(winter\) UTC/ },
  ]);

  it('accepts jobs outside the window, and any time for apps without the database', () => {
    const at = (schedule: string, app = 'api') => () => loadProjectEnvironments(join(tempWorkspace(job((j) => ((j.schedule = schedule), (j.app = app)))), 'live', 'a'));
    for (const schedule of ['cron(0 4 * * ? *)', 'cron(0 1 * * ? *)', 'rate(1 hour)', 'cron(0/30 * * * ? *)']) expect(at(schedule)).not.toThrow();
    expect(at('cron(0 2 * * ? *)', 'web')).not.toThrow();
  });
});

describe('office hours', () => {
  testRefusals([
    {
      name: 'an unknown time zone',
      files: hours({ timezone: 'Mars/Olympus' }),
      project: 'c',
      prefix: `${HOURS}timezone: `,
      message: 'must be an IANA time zone name spelled exactly, e.g. Europe/Berlin or UTC (got "Mars/Olympus")',
      subprocess: true,
    },
    { name: 'start after end', files: hours({ start: '20:00', end: '07:00' }), project: 'c', prefix: `${HOURS}end: `, message: 'must be later than start (20:00) on the same day (got "07:00")' },
    { name: 'start equal to end', files: hours({ start: '09:00', end: '09:00' }), project: 'c', prefix: `${HOURS}end: `, message: 'must be later than start (09:00) on the same day (got "09:00")' },
    { name: 'a time past midnight', files: hours({ end: '24:00' }), project: 'c', prefix: `${HOURS}end: `, message: 'must be a time of day from 00:00 to 23:59, quoted, like "07:30" (got "24:00")' },
    { name: 'a misspelt day', files: hours({ days: 'MON-FRY' }), project: 'c', prefix: `${HOURS}days: `, message: `must be a cron day-of-week like MON-FRI or MON,WED,FRI: FRY is not a valid value (1-7 or SUN-SAT) (got "MON-FRY")` },
    { name: 'a wrapping range', files: hours({ days: 'FRI-MON' }), project: 'c', prefix: `${HOURS}days: `, message: /^must be a cron day-of-week like MON-FRI or MON,WED,FRI: range FRI-MON runs backwards/ },
    { name: 'a nth-weekday expression', files: hours({ days: 'MON#2' }), project: 'c', prefix: `${HOURS}days: `, message: /^must be a cron day-of-week like MON-FRI or MON,WED,FRI: uses characters other than day names/ },
    { name: 'a day number out of range', files: hours({ days: '0-4' }), project: 'c', prefix: `${HOURS}days: `, message: /^must be a cron day-of-week like MON-FRI or MON,WED,FRI: 0 is not a valid value/ },
    {
      name: 'an app parked at zero tasks',
      files: { a: envFile({ alpha: baseEnv('alpha') }), c: envFile({ copy: copyEnv('copy', 'alpha', (env) => ((env.apps as Record<string, Config>).web.desiredCount = 0)) }) },
      project: 'c',
      prefix: 'live/c/env.yaml: environments.copy.apps.web.desiredCount: ',
      message: 'must be at least 1 with officeHours, which scale it between 0 and desiredCount',
    },
  ]);

  it('accepts lists, numbers and lower-case names', () => {
    for (const days of ['MON,WED,FRI', '2-6', 'mon-fri', 'SAT,SUN']) {
      const root = tempWorkspace(hours({ days }));
      expect(loadProjectEnvironments(join(root, 'live', 'c'), root)[0].officeHours?.days).toBe(days);
    }
  });
});
