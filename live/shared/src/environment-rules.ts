/**
 * Rules across the fields of one environment (the schema checks each field on
 * its own): references between apps and jobs, hostnames inside the zone, AZs of
 * the region, names the composition already uses, Fargate sizes, and the
 * base/copy model that keeps production data protected (ADR 0009):
 *
 *  - a **base** env (no `database.restoreFromLatestSnapshotOf`) owns its data and
 *    is never disposable; in the production account it also keeps every
 *    high-availability and data-safety setting;
 *  - a **copy** restores a base env's snapshot and may be disposable and small.
 */
import { timeZoneProblem } from '@lq3/cron-task';
import { fargateSizeProblem } from '@lq3/ecs-service';
import { END_OF_STANDARD_SUPPORT, engineVersionProblem } from '@lq3/rds-replica-pair';
import type { z } from 'zod';
import { idleCopyProblems } from './copy-environments';
import { egressConfigProblems } from './egress-config';
import type { EnvironmentConfig } from './environment';
import { testListenerProblems } from './test-listener-config';

/** Env, app and job names: they become parts of AWS resource names (`lq3-<env>-<app>`). */
export const NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){1,22}$/;
export const NAME_RULE = 'must be 2-23 characters: lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit';
/** Variables the shared layer sets on every container (`LQ3_ENVIRONMENT`) or on apps with `usesDatabase`. */
export const PROVIDED_VARIABLES = ['LQ3_ENVIRONMENT', 'DATABASE_HOST', 'DATABASE_READ_HOST', 'DATABASE_PORT', 'DATABASE_USER', 'DATABASE_PASSWORD', 'DATABASE_AUTH', 'DATABASE_SSL_MODE', 'DATABASE_SSL_CA', 'EXPORTS_BUCKET'] as const;
/** Most names one ACM certificate takes without a quota increase; every hostname of an env is on its certificate. */
export const MAX_APPS = 10;
/** Construct ids the services and jobs units use beside one per app or job (a second one would collide). */
export const RESERVED_APP_NAMES = ['aws', 'backend', 'cluster'] as const;
export const RESERVED_JOB_NAMES = ['aws', 'backend', 'exports'] as const;
/** Extended support as configured, or on when the major version is already past standard support. */
export function extendedSupportOf(database: { engineVersion: string; extendedSupport?: boolean }): boolean {
  const major = database.engineVersion.split('.').slice(0, 2).join('.');
  return database.extendedSupport ?? (END_OF_STANDARD_SUPPORT[major] !== undefined && engineVersionProblem(major, false, false) !== undefined);
}

/** Daily RDS backup window and weekly maintenance window of every env's database (UTC). */
export const DATABASE_BACKUP_WINDOW = '01:00-02:00';
export const DATABASE_MAINTENANCE_WINDOW = 'sun:05:00-sun:06:00';
/** `lq3-<env>-<job>` names the schedule, its role, queue and rule; @lq3/cron-task allows 48 characters. */
export const MAX_JOB_RESOURCE_NAME = 48;

type Context = z.core.$RefinementCtx<EnvironmentConfig>;
type Path = (string | number)[];

export function checkEnvironment(env: EnvironmentConfig, ctx: Context): void {
  const refuse = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  checkApps(env, refuse);
  checkJobs(env, refuse);
  checkNetwork(env, refuse);
  checkHostnames(env, refuse);
  if (env.database.refreshToken !== undefined && env.database.restoreFromLatestSnapshotOf === undefined) {
    refuse(['database', 'refreshToken'], 'only applies to a copy (a database restored with restoreFromLatestSnapshotOf); remove it');
  }
  const engine = engineVersionProblem(env.database.engineVersion, env.database.autoMinorVersionUpgrade, extendedSupportOf(env.database));
  if (engine) refuse(['database', engine.startsWith('MySQL') ? 'extendedSupport' : 'engineVersion'], engine.replace(/set extendedSupport to/, 'set it to true to'));
  checkBaseProtections(env, refuse);
  for (const [path, message] of idleCopyProblems(env)) refuse(path, message);
  for (const [path, message] of [...testListenerProblems(env), ...egressConfigProblems(env)]) refuse(path, message);
}

type Refuse = (path: Path, message: string) => void;

function checkApps(env: EnvironmentConfig, refuse: Refuse): void {
  for (const [name, app] of Object.entries(env.apps)) {
    const taken = takenConstructId(name, RESERVED_APP_NAMES, 'services');
    if (taken) refuse(['apps', name], `${taken}; use another app name`);
    if (app.maxCount !== undefined && app.maxCount < app.desiredCount) {
      refuse(['apps', name, 'maxCount'], `must be at least desiredCount (${app.desiredCount})`);
    }
    const size = fargateSizeProblem(app.cpu, app.memory);
    if (size) refuse(['apps', name, size.startsWith('cpu') ? 'cpu' : 'memory'], size);
    for (const variable of Object.keys(app.environment)) {
      if ((PROVIDED_VARIABLES as readonly string[]).includes(variable)) {
        refuse(['apps', name, 'environment', variable], 'is set by the shared layer (database endpoints, credentials, exports bucket, env name); remove it');
      }
    }
    if (env.officeHours && app.desiredCount === 0) {
      refuse(['apps', name, 'desiredCount'], 'must be at least 1 with officeHours, which scale it between 0 and desiredCount');
    }
  }
}

function checkJobs(env: EnvironmentConfig, refuse: Refuse): void {
  for (const [name, job] of Object.entries(env.jobs)) {
    const taken = takenConstructId(name, RESERVED_JOB_NAMES, 'jobs');
    if (taken) refuse(['jobs', name], `${taken}; use another job name`);
    if (!Object.hasOwn(env.apps, job.app)) refuse(['jobs', name, 'app'], `no app named ${job.app} in apps`);
    else if (env.apps[job.app].usesDatabase) {
      const during = startsInBackupWindow(job.schedule, job.timezone);
      if (during) {
        refuse(
          ['jobs', name, 'schedule'],
          `starts at ${during} UTC, inside the database backup window ${DATABASE_BACKUP_WINDOW} UTC, when a snapshot is being taken (and copies could not restore it); start it at least an hour later`,
        );
      }
    }
  }
}

/**
 * The UTC start time (with the season) of a daily job that falls inside the backup
 * window, in winter or summer time of its zone, or undefined. Only plain minute
 * and hour fields are checked; lists, ranges and rates run at many times anyway.
 */
export function startsInBackupWindow(schedule: string, timeZone: string): string | undefined {
  const match = /^cron\((\d{1,2}) (\d{1,2}) /.exec(schedule);
  if (!match || timeZoneProblem(timeZone)) return undefined;
  const [start, end] = DATABASE_BACKUP_WINDOW.split('-').map(minutesOfDay);
  const local = Number(match[2]) * 60 + Number(match[1]);
  for (const [season, day] of [['winter', Date.UTC(2026, 0, 15)], ['summer', Date.UTC(2026, 6, 15)]] as const) {
    const utc = (((local - utcOffsetMinutes(timeZone, day)) % 1440) + 1440) % 1440;
    if (utc >= start && utc < end) return `${String(Math.floor(utc / 60)).padStart(2, '0')}:${String(utc % 60).padStart(2, '0')} (${season})`;
  }
  return undefined;
}

function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/** Minutes the zone is ahead of UTC at that instant. */
function utcOffsetMinutes(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return (Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute')) - instant) / 60_000;
}

/**
 * Why an app or job name cannot be the construct id it becomes, if it cannot:
 * the unit's own construct ids, and names of Object.prototype (`constructor`),
 * which the constructs library's child table mistakes for existing children.
 */
function takenConstructId(name: string, reserved: readonly string[], unit: string): string | undefined {
  if (reserved.includes(name)) return `the name ${name} is taken by the ${unit} unit's own resources (${reserved.join(', ')})`;
  if (name in Object.prototype) return `the name ${name} is a JavaScript object property, which the construct library cannot use as an id`;
  return undefined;
}

function checkNetwork(env: EnvironmentConfig, refuse: Refuse): void {
  if (!('cidr' in env.network)) return;
  const zones = env.network.availabilityZones;
  if (!zones) return;
  if (zones.length !== env.network.azCount) refuse(['network', 'availabilityZones'], `must list exactly azCount (${env.network.azCount}) zones`);
  zones.forEach((zone, index) => {
    if (!zone.startsWith(env.region) || zone.length !== env.region.length + 1) {
      refuse(['network', 'availabilityZones', index], `${zone} is not an AZ of the env's region ${env.region}; expected names like ${env.region}a`);
    } else if (zones.indexOf(zone) !== index) {
      refuse(['network', 'availabilityZones', index], `${zone} is listed twice; each tier needs distinct AZs`);
    }
  });
}

function checkHostnames(env: EnvironmentConfig, refuse: Refuse): void {
  const seen = new Map<string, string>();
  for (const [name, app] of Object.entries(env.apps)) {
    const below = app.hostname.endsWith(`.${env.dnsZone}`) ? app.hostname.slice(0, -env.dnsZone.length - 1) : undefined;
    if (below === undefined) {
      refuse(['apps', name, 'hostname'], `${app.hostname} is not inside the dnsZone ${env.dnsZone}`);
    } else if (below.includes('.')) {
      refuse(
        ['apps', name, 'hostname'],
        `${app.hostname} is more than one label below ${env.dnsZone}; Cloudflare's universal certificate covers *.${env.dnsZone} only, so use e.g. ${below.replace(/\./g, '-')}.${env.dnsZone}`,
      );
    }
    const other = seen.get(app.hostname);
    if (other !== undefined) refuse(['apps', name, 'hostname'], `${app.hostname} is also the hostname of app ${other}`);
    seen.set(app.hostname, name);
    if (app.origin === 'legacy' && !env.legacyOrigin) refuse(['apps', name, 'origin'], 'origin legacy needs legacyOrigin set on the environment');
  }
  if (env.legacyOrigin && seen.has(env.legacyOrigin)) {
    refuse(['legacyOrigin'], `${env.legacyOrigin} is the hostname of app ${seen.get(env.legacyOrigin)}; a record pointing at itself would loop`);
  }
}

/** A base env owns its data: never disposable, and in production never weakened. */
function checkBaseProtections(env: EnvironmentConfig, refuse: Refuse): void {
  if (env.database.restoreFromLatestSnapshotOf !== undefined) return;
  const base = 'owns its data (it restores no snapshot), so it is a base env and';
  if (env.disposable.infrastructure) refuse(['disposable', 'infrastructure'], `${base} never disposable; only copies (database.restoreFromLatestSnapshotOf) may be`);
  if (env.disposable.data) refuse(['disposable', 'data'], `${base} its data is never disposable; only copies may be`);
  if (env.account !== 'production') return;

  const production = 'production base env:';
  for (const [name, app] of Object.entries(env.apps)) {
    if (app.desiredCount < 2) refuse(['apps', name, 'desiredCount'], `${production} needs at least 2 tasks per service across AZs, got ${app.desiredCount}`);
  }
  if (env.deployment.strategy !== 'blueGreen') refuse(['deployment', 'strategy'], `${production} deploys blue/green`);
  if (!env.alb.deletionProtection) refuse(['alb', 'deletionProtection'], `${production} the ALB must have deletion protection`);
  if (!('cidr' in env.network)) refuse(['network', 'reuse'], `${production} needs its own VPC with a NAT gateway per AZ`);
  else if (env.network.nat !== 'perAz') refuse(['network', 'nat'], `${production} needs one NAT gateway per AZ (perAz)`);
  if (!env.enabled) refuse(['enabled'], `${production} serves production and cannot be switched off`);
  if (env.officeHours) refuse(['officeHours'], `${production} serves production around the clock; remove officeHours`);
  const db = env.database;
  if (!db.multiAz) refuse(['database', 'multiAz'], `${production} the database must be Multi-AZ`);
  if (db.readReplicas < 1) refuse(['database', 'readReplicas'], `${production} needs at least one read replica`);
  if (db.backupRetentionDays < 14) refuse(['database', 'backupRetentionDays'], `${production} keeps backups at least 14 days, got ${db.backupRetentionDays}`);
  if (!db.deletionProtection) refuse(['database', 'deletionProtection'], `${production} the database must have deletion protection`);
}
