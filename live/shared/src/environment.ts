/**
 * The environment definition: Terragrunt's env.hcl as a typed, validated schema.
 *
 * Each live project holds one `env.yaml` with one or more environments under
 * `environments:`. The file is plain data; everything here turns it into a typed
 * `Environment` or fails with the file and the field path of the first problem.
 */
import { parseCidr } from '@lq3/vpc';
import { z } from 'zod';
import { ACCOUNT_NAMES, ACCOUNTS, type AwsAccount } from './accounts';
import { isAwsRegion } from './aws-regions';
import { ORGANISATION } from './organisation';

const dnsName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name like app.example.com');
const envName = z.string().regex(/^[a-z][a-z0-9-]{1,22}$/, 'must be lower-case letters, digits and dashes (2-23 chars)');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 07:30');

/**
 * A network CIDR, checked by the VPC module's own parser too (zod's cidrv4 accepts
 * host bits, the module does not), so the mistake fails here with file and field.
 */
const ipv4Cidr = z.cidrv4().superRefine((cidr, ctx) => {
  if (!z.cidrv4().safeParse(cidr).success) return; // already reported by cidrv4
  try {
    parseCidr(cidr);
  } catch (error) {
    // The module's message names the value already.
    ctx.addIssue({ code: 'custom', message: (error as Error).message, input: undefined });
  }
});

const appSchema = z
  .object({
    /** Public hostname, inside the env's DNS zone. */
    hostname: dnsName,
    /** Container image repository (ECR URI or registry path), without tag. */
    image: z.string().min(1),
    /** Image tag to run: upgrades are a one-line change here. */
    tag: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(8080),
    healthCheckPath: z.string().startsWith('/').default('/health'),
    /** Fargate CPU units and memory (MiB). */
    cpu: z.number().int().default(256),
    memory: z.number().int().default(512),
    /** Tasks while running; auto-scaling keeps at least this many. */
    desiredCount: z.number().int().min(0).default(1),
    /** Upper bound for auto-scaling; equal to desiredCount disables scaling. */
    maxCount: z.number().int().min(0).optional(),
    /** Where Cloudflare sends this hostname: the new ALB or today's EC2 origin (cut-over switch). */
    origin: z.enum(['alb', 'legacy']).default('alb'),
    /** Extra plain (non-secret) environment variables. */
    environment: z.record(z.string(), z.string()).default({}),
    /** Gets the DB endpoints and credentials (as secrets) and access to the exports bucket. */
    usesDatabase: z.boolean().default(false),
  })
  .strict();

const networkSchema = z.union([
  z
    .object({
      cidr: ipv4Cidr,
      azCount: z.number().int().min(2).max(3).default(2),
      /** Pin the AZs (recommended in production, so a change in the region's list moves nothing). */
      availabilityZones: z.array(z.string().regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an AZ name like eu-central-1a')).min(2).max(3).optional(),
      nat: z.enum(['none', 'single', 'perAz']).default('single'),
    })
    .strict()
    .refine((network) => !network.availabilityZones || network.availabilityZones.length === network.azCount, {
      path: ['availabilityZones'],
      message: 'must list exactly azCount zones',
    }),
  z
    .object({
      /** Reuse this base environment's VPC (looked up by tags): no second NAT gateway. */
      reuse: envName,
    })
    .strict(),
]);

const databaseSchema = z
  .object({
    /** MySQL engine version, e.g. "8.0.40" or "8.4.4"; the parameter group family follows it. */
    engineVersion: z.string().regex(/^8\.(0|4)(\.\d+)?$/, 'must be a MySQL 8.0 or 8.4 version like 8.0.40'),
    instanceClass: z.string().default('db.t4g.micro'),
    allocatedStorageGb: z.number().int().min(20).default(20),
    multiAz: z.boolean().default(false),
    readReplicas: z.number().int().min(0).max(5).default(0),
    backupRetentionDays: z.number().int().min(1).max(35).default(7),
    deletionProtection: z.boolean().default(false),
    /** Set for the apply that moves engineVersion across majors (8.0 -> 8.4); restored copies always allow it. */
    allowMajorVersionUpgrade: z.boolean().default(false),
    /** Restore from the latest snapshot of this DB instance instead of creating an empty one. */
    restoreFromLatestSnapshotOf: z.string().min(1).optional(),
    /** Change to take a fresh copy of the source database (replaces the copy, deliberately). */
    refreshToken: z.string().optional(),
  })
  .strict();

const jobSchema = z
  .object({
    /** EventBridge Scheduler expression: `cron(0 2 * * ? *)` or `rate(1 hour)`. */
    schedule: z.string().regex(/^(cron|rate)\(.+\)$/, 'must be cron(...) or rate(...)'),
    timezone: z.string().default('Europe/Berlin'),
    /** Command run in the API image, e.g. ["bin/console", "app:export"]. */
    command: z.array(z.string().min(1)).min(1),
    /** The app whose image and task definition run the job. */
    app: envName.default('api'),
    enabled: z.boolean().default(true),
  })
  .strict();

const officeHoursSchema = z
  .object({
    timezone: z.string().default('Europe/Berlin'),
    /** Cron day-of-week field, e.g. MON-FRI. */
    days: z.string().default('MON-FRI'),
    start: hhmm.default('07:00'),
    end: hhmm.default('20:00'),
  })
  .strict();

const environmentSchema = z
  .object({
    account: z.enum(ACCOUNT_NAMES),
    /** An AWS region of the aws partition (live/shared/src/aws-regions.ts). */
    region: z
      .string()
      .superRefine((region, ctx) => {
        if (!isAwsRegion(region)) {
          ctx.addIssue({ code: 'custom', message: 'must be an AWS region of the aws partition like eu-central-1 (list: live/shared/src/aws-regions.ts)', input: region });
        }
      })
      .default(ORGANISATION.defaultRegion),
    /** Cloudflare zone holding every hostname of this env. */
    dnsZone: dnsName,
    /** Today's EC2 origin, for hostnames whose `origin` is `legacy`. */
    legacyOrigin: dnsName.optional(),
    /** false stops the services and jobs but keeps network, data and DNS (see docs/environments.md). */
    enabled: z.boolean().default(true),
    /** What `destroy` may remove: nothing by default; parallel envs opt in. */
    disposable: z
      .object({ infrastructure: z.boolean().default(false), data: z.boolean().default(false) })
      .strict()
      .default({ infrastructure: false, data: false }),
    network: networkSchema,
    deployment: z
      .object({
        strategy: z.enum(['rolling', 'blueGreen']).default('rolling'),
        bakeTimeMinutes: z.number().int().min(0).max(1440).default(10),
      })
      .strict()
      .default({ strategy: 'rolling', bakeTimeMinutes: 10 }),
    alb: z
      .object({
        deletionProtection: z.boolean().default(false),
        idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60),
      })
      .strict()
      .default({ deletionProtection: false, idleTimeoutSeconds: 60 }),
    apps: z.record(envName, appSchema).refine((apps) => Object.keys(apps).length > 0, 'needs at least one app'),
    database: databaseSchema,
    jobs: z.record(envName, jobSchema).default({}),
    /** Scale services to zero outside these hours (parallel envs, to stay cheap when idle). */
    officeHours: officeHoursSchema.optional(),
  })
  .strict()
  .superRefine((env, ctx) => {
    const isProtectedProduction = env.account === 'production' && !env.disposable.infrastructure;
    for (const [name, job] of Object.entries(env.jobs)) {
      if (!env.apps[job.app]) ctx.addIssue({ code: 'custom', path: ['jobs', name, 'app'], message: `no app named ${job.app} in apps` });
    }
    for (const [name, app] of Object.entries(env.apps)) {
      if (app.maxCount !== undefined && app.maxCount < app.desiredCount) {
        ctx.addIssue({ code: 'custom', path: ['apps', name, 'maxCount'], message: `must be at least desiredCount (${app.desiredCount})` });
      }
    }
    if (!isProtectedProduction) return;
    const refuse = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const [name, app] of Object.entries(env.apps)) {
      if (app.desiredCount < 2) refuse(['apps', name, 'desiredCount'], `production needs at least 2 tasks per service across AZs, got ${app.desiredCount}`);
    }
    if (env.deployment.strategy !== 'blueGreen') refuse(['deployment', 'strategy'], 'production deploys blue/green');
    if (!env.alb.deletionProtection) refuse(['alb', 'deletionProtection'], 'production ALB must have deletion protection');
    if ('nat' in env.network && env.network.nat !== 'perAz') refuse(['network', 'nat'], 'production needs one NAT gateway per AZ (perAz)');
    const db = env.database;
    if (!db.multiAz) refuse(['database', 'multiAz'], 'production database must be Multi-AZ');
    if (db.readReplicas < 1) refuse(['database', 'readReplicas'], 'production needs at least one read replica');
    if (db.backupRetentionDays < 14) refuse(['database', 'backupRetentionDays'], `production keeps backups at least 14 days, got ${db.backupRetentionDays}`);
    if (!db.deletionProtection) refuse(['database', 'deletionProtection'], 'production database must have deletion protection');
    if (env.disposable.data) refuse(['disposable', 'data'], 'production data is never disposable');
  });

export const envFileSchema = z
  .object({
    environments: z.record(envName, environmentSchema).refine((envs) => Object.keys(envs).length > 0, 'needs at least one environment'),
  })
  .strict();

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type AppConfig = z.infer<typeof appSchema>;
export type JobConfig = z.infer<typeof jobSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;

/** One validated environment, ready to compose. */
export interface Environment extends EnvironmentConfig {
  readonly name: string;
  readonly awsAccount: AwsAccount;
  /** The env file it came from, relative to the workspace root (for messages). */
  readonly sourceFile: string;
}

export function toEnvironment(name: string, config: EnvironmentConfig, sourceFile: string): Environment {
  return { ...config, name, awsAccount: ACCOUNTS[config.account], sourceFile };
}
