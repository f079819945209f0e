/**
 * The environment definition: Terragrunt's env.hcl as a typed, validated schema.
 *
 * Each live project holds one `env.yaml` with one or more environments under
 * `environments:`. The file is plain data; this schema turns it into a typed
 * `Environment` or fails with the file and the field path of the first problem.
 * Every rule is written into the field descriptions too: docs/configuration.md
 * is generated from them (`npm run docs:configuration`).
 */
import { scheduleExpressionProblem, timeZoneProblem } from '@lq3/cron-task';
import { estimatedMaxConnections, isValidInstanceClass } from '@lq3/rds-replica-pair';
import { cidrContains, vpcCidrProblem } from '@lq3/vpc';
import { z } from 'zod';
import { ACCOUNT_NAMES, ACCOUNTS, type AwsAccount } from './accounts';
import { isAwsRegion } from './aws-regions';
import { backupConfigProblems, backupSchema } from './backup-config';
import { accessSchema, edgeConfigProblems, wafSchema } from './edge-config';
import { checkEnvironment, MAX_APPS, NAME_PATTERN, NAME_RULE, PROVIDED_VARIABLES, RESERVED_APP_NAMES, RESERVED_JOB_NAMES, MAX_JOB_RESOURCE_NAME } from './environment-rules';
import { environmentOfDatabase } from './environment-references';
import { appEgressSchema } from './egress-config';
import { checkProductionMonitoring, DEFAULT_MONITORING, monitoringSchema } from './monitoring-config';
import { ORGANISATION } from './organisation';
import { testListenerSchema } from './test-listener-config';
import { usageSchema } from './usage-assumptions';

/** ECS's "tasks per service" quota. */
const MAX_TASKS = 5000;
/** `maxAllocatedStorageGb` is 4x the allocation and gp3 stops at 64 TiB. */
const MAX_STORAGE_GB = 16384;
const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const name = (what: string) => z.string().regex(NAME_PATTERN, `${what} ${NAME_RULE}`);

/** A string, with a hint when YAML read an unquoted number or boolean. */
const text = () =>
  z.string({
    error: (issue) =>
      typeof issue.input === 'number' || typeof issue.input === 'boolean'
        ? `must be a string; quote it (YAML reads ${String(issue.input)} unquoted as a ${typeof issue.input})`
        : undefined,
  });

/** Adds the problem a check function returns (undefined = fine) as an issue on this value. */
const checked = <T extends z.ZodType<string>>(schema: T, problem: (value: string) => string | undefined) =>
  schema.superRefine((value, ctx) => {
    const found = problem(value);
    if (found) ctx.addIssue({ code: 'custom', message: found, input: value });
  });

const dnsName = text().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a lower-case DNS name like app.example.com');
const hhmm = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day from 00:00 to 23:59, quoted, like "07:30"');
const timezone = checked(text(), (zone) => (timeZoneProblem(zone) ? 'must be an IANA time zone name spelled exactly, e.g. Europe/Berlin or UTC' : undefined));

const ipv4Cidr = checked(text(), (cidr) => {
  const problem = vpcCidrProblem(cidr);
  if (problem) return problem.replace(/^cidr /, '');
  return RFC1918.some((range) => cidrContains(range, cidr)) ? undefined : `"${cidr}" is not a private (RFC 1918) range; use one inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`;
});

const appSchema = z
  .object({
    hostname: dnsName.meta({
      description: 'Public hostname: exactly one label below `dnsZone` (Cloudflare\'s universal certificate covers `*.<zone>` only), unique across every environment.',
    }),
    image: checked(text(), imageRepositoryProblem).meta({
      description: 'Container image repository without tag or digest, e.g. `111111111111.dkr.ecr.eu-central-1.amazonaws.com/lq3/web`.',
    }),
    tag: checked(text(), imageTagProblem).meta({
      description:
        'Image version to run, quoted: an immutable version tag (e.g. `"2026.11.3"`, with ECR tag immutability on) or a digest `sha256:<64 hex>`. Mutable tags (`latest`, names without digits, bare majors like `8` or `8.0`) are refused.',
    }),
    port: z.number().int().min(1).max(65535).default(8080).meta({ description: 'Container port the ALB forwards to.' }),
    healthCheckPath: text()
      .regex(/^\/[\x21-\x7e]{0,1023}$/, 'must be a path starting with / (printable characters, no spaces, up to 1024)')
      .default('/health')
      .meta({ description: 'Path the ALB health check requests.' }),
    cpu: z.number().int().default(256).meta({ description: 'Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384.' }),
    memory: z.number().int().default(512).meta({ description: 'Fargate memory (MiB), a size Fargate offers for `cpu` (256: 512, 1024, 2048; 512: 1024-4096; ...).' }),
    desiredCount: z
      .number()
      .int()
      .min(0)
      .max(MAX_TASKS)
      .default(1)
      .meta({ description: 'Tasks while running; auto-scaling keeps at least this many. Production base envs: at least 2. With `officeHours`: at least 1.' }),
    maxCount: z
      .number()
      .int()
      .min(0)
      .max(MAX_TASKS)
      .optional()
      .meta({ description: 'Upper bound for auto-scaling on CPU and requests; at least `desiredCount`. Omitted or equal to `desiredCount`: no scaling.' }),
    origin: z
      .enum(['alb', 'legacy'])
      .default('alb')
      .meta({ description: "Where Cloudflare sends the hostname: the env's ALB or `legacyOrigin` (today's EC2 origin; the cut-over switch)." }),
    dnsRecordId: text()
      .regex(/^[0-9a-f]{32}$/, 'must be a Cloudflare DNS record id (32 lower-case hex characters)')
      .optional()
      .meta({
        description:
          'Id of the Cloudflare record that already serves `hostname` (today\'s EC2 setup): the first apply adopts it with an `import` block instead of failing on a duplicate. Remove it once the record is in state (docs/operations.md, cut-over).',
      }),
    environment: z
      .record(
        text().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'variable name must be letters, digits and underscores, not starting with a digit'),
        text(),
      )
      .default({})
      .meta({
        description: `Extra plain (non-secret) environment variables. Names the layer sets are refused (${PROVIDED_VARIABLES.join(', ')}); APP_ENV (default prod) may be overridden.`,
      }),
    writablePaths: z
      .array(text().regex(/^\/[A-Za-z0-9_./-]*[A-Za-z0-9_-]$/, 'must be an absolute directory path other than /'))
      .max(10)
      .optional()
      .meta({
        description:
          'Writable directories (task-scoped scratch volumes) on the otherwise read-only root filesystem. Default: for an app with `usesDatabase` (Symfony/PHP-FPM) `/tmp` and `/var/www/html/var` (cache, logs, sessions); for the others (nginx front ends) `/tmp`, `/var/cache/nginx` and `/var/run`.',
      }),
    usesDatabase: z
      .boolean()
      .default(false)
      .meta({
        description:
          'Gets the database endpoints, its own MySQL user with IAM authentication (`rds-db:connect` for `databaseUser` on the writer and replicas; never the master user), the TLS settings, and read/write access to the exports bucket.',
      }),
    databaseUser: text()
      .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a MySQL user name: a lower-case letter, then up to 31 letters, digits or underscores')
      .optional()
      .meta({ description: 'MySQL user the app logs in as with IAM authentication (created once, docs/operations.md). Default: `app_<app name>` with hyphens as underscores.' }),
    egress: appEgressSchema,
  })
  .strict();

const ownNetworkSchema = z
  .object({
    cidr: ipv4Cidr.meta({
      description: 'VPC range: a private (RFC 1918) network address from /16 to /24, disjoint from every other VPC of the same account.',
    }),
    azCount: z.number().int().min(2).max(3).default(2).meta({ description: 'Availability zones (2 or 3).' }),
    availabilityZones: z
      .array(text().regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an AZ name like eu-central-1a'))
      .min(2)
      .max(3)
      .optional()
      .meta({ description: "Pinned AZ names, distinct, of the env's `region`, exactly `azCount` of them (recommended in production)." }),
    nat: z
      .enum(['none', 'single', 'perAz'])
      .default('single')
      .meta({ description: 'NAT gateways for the private subnets: none, one shared, or one per AZ (production base envs: perAz).' }),
  })
  .strict();

const reuseNetworkSchema = z
  .object({
    reuse: name('environment name').meta({
      description: "Base environment (not a copy) whose VPC this env uses (looked up by tags, no second NAT gateway); it must have its own VPC and live in the same account and region.",
    }),
  })
  .strict();

const networkSchema = z
  .union([ownNetworkSchema, reuseNetworkSchema], {
    error: 'must be either { cidr, azCount, availabilityZones, nat } for its own VPC or { reuse: <base env> }',
  })
  .meta({ description: "Either the env's own VPC (`cidr`, `azCount`, `availabilityZones`, `nat`) or a base env's VPC to reuse (`reuse` alone)." });

const databaseSchema = z
  .object({
    engineVersion: text()
      .regex(/^8\.(0|4)(\.\d+)?$/, 'must be a MySQL 8.0 or 8.4 version like "8.0" or "8.4", quoted')
      .meta({
        description:
          'MySQL major version, quoted: `"8.0"` or `"8.4"` (RDS picks the newest minor version and upgrades it in the maintenance window); the parameter group family follows it. A full version (`"8.0.40"`) only with `autoMinorVersionUpgrade: false`. A copy needs at least its base\'s major version.',
      }),
    autoMinorVersionUpgrade: z.boolean().default(true).meta({ description: 'Let RDS apply minor upgrades in the maintenance window; false pins a full `engineVersion`.' }),
    extendedSupport: z
      .boolean()
      .optional()
      .meta({
        description:
          'RDS Extended Support (`engine_lifecycle_support`, billed per vCPU-hour past standard support), always written to the plan. Default: true for a major version already past standard support (`"8.0"`, ended 2026-07-31; it cannot run without it), false otherwise (RDS upgrades the major version when standard support ends). `false` on `"8.0"` is refused. Left optional so base env files stay readable by copies pinned to older releases (ADR 0011).',
      }),
    instanceClass: checked(text(), instanceClassProblem).default('db.t4g.micro').meta({ description: 'RDS instance class of the t, m, r, x or z families, e.g. db.t4g.small.' }),
    allocatedStorageGb: z
      .number()
      .int()
      .min(20)
      .max(MAX_STORAGE_GB)
      .default(20)
      .meta({ description: `gp3 storage (GiB); autoscaling may grow it to 4x, so at most ${MAX_STORAGE_GB}. A copy gets at least its snapshot's size (RDS cannot restore into less).` }),
    multiAz: z.boolean().default(false).meta({ description: 'Multi-AZ writer (production base envs: true).' }),
    readReplicas: z.number().int().min(0).max(5).default(0).meta({ description: 'Read replicas (production base envs: at least 1).' }),
    backupRetentionDays: z.number().int().min(1).max(35).default(7).meta({ description: 'Automated backups and point-in-time restore window (production base envs: at least 14).' }),
    deletionProtection: z.boolean().default(false).meta({ description: 'RDS deletion protection (production base envs: true).' }),
    allowMajorVersionUpgrade: z.boolean().default(false).meta({ description: 'Set for the apply that moves engineVersion across majors (8.0 -> 8.4); that apply changes the database at once instead of in its maintenance window. Copies always allow it and always apply at once.' }),
    restoreFromLatestSnapshotOf: checked(text(), (identifier) =>
      environmentOfDatabase(identifier) !== undefined && NAME_PATTERN.test(environmentOfDatabase(identifier)!)
        ? undefined
        : "must be a base environment's database, lq3-<env>-mysql (e.g. lq3-staging01-mysql)",
    )
      .optional()
      .meta({
        description:
          "Makes this env a **copy**: its database is restored from the latest snapshot of this base env's database (`lq3-<env>-mysql`), which must be a base env (not a copy) in the same account and region. Without it the env is a **base** that owns its data.",
      }),
    refreshToken: text()
      .min(1)
      .max(255)
      .optional()
      .meta({ description: 'Copies only: change it (any new string) to replace the copy from the newest snapshot.' }),
  })
  .strict();

const jobSchema = z
  .object({
    schedule: checked(text(), scheduleExpressionProblem).meta({
      description:
        'EventBridge Scheduler expression: `cron(minutes hours day-of-month month day-of-week year)` with `?` in exactly one of day-of-month and day-of-week (e.g. `cron(0 2 * * ? *)`), or `rate(N minutes|hours|days)`. A job of an app with `usesDatabase` may not start inside the database backup window (01:00-02:00 UTC, in winter or summer time of its `timezone`).',
    }),
    timezone: timezone.default('Europe/Berlin').meta({ description: 'IANA time zone the cron expression is read in, spelled exactly (e.g. Europe/Berlin, UTC).' }),
    command: z.array(text().min(1)).min(1).meta({ description: 'Command run in the app\'s container, e.g. [bin/console, app:export].' }),
    app: name('app name').default('api').meta({ description: 'The app (a key of `apps`) whose image and task definition run the job.' }),
    enabled: z.boolean().default(true).meta({ description: 'false keeps the schedule but stops it firing.' }),
  })
  .strict();

const officeHoursSchema = z
  .object({
    timezone: timezone.default('Europe/Berlin').meta({ description: 'IANA time zone of start and end, spelled exactly.' }),
    days: checked(text(), officeDaysProblem).default('MON-FRI').meta({
      description: 'Days the services run: a cron day-of-week of names (SUN-SAT) or numbers (1-7), lists and forward ranges, e.g. MON-FRI or MON,WED,FRI.',
    }),
    start: hhmm.default('07:00').meta({ description: 'Services scale up to desiredCount, quoted "HH:MM".' }),
    end: hhmm.default('20:00').meta({ description: 'Services scale to zero, quoted "HH:MM", later than start on the same day.' }),
  })
  .strict()
  .superRefine((hours, ctx) => {
    // "HH:MM" strings order like the times they name.
    if (hours.end <= hours.start) ctx.addIssue({ code: 'custom', path: ['end'], message: `must be later than start (${hours.start}) on the same day`, input: hours.end });
  });

const environmentSchema = z
  .object({
    account: z.enum(ACCOUNT_NAMES).meta({ description: 'AWS account the env\'s stacks and state live in (live/shared/src/accounts.ts).' }),
    region: checked(text(), (region) => (isAwsRegion(region) ? undefined : 'must be an AWS region of the aws partition like eu-central-1 (list: live/shared/src/aws-regions.ts)'))
      .default(ORGANISATION.defaultRegion)
      .meta({ description: 'AWS region of the env (the aws partition\'s regions, live/shared/src/aws-regions.ts).' }),
    dnsZone: dnsName.meta({ description: 'Cloudflare zone holding every hostname of this env.' }),
    legacyOrigin: dnsName
      .optional()
      .meta({ description: "Today's EC2 origin, for apps with `origin: legacy`; not one of the env's own hostnames." }),
    enabled: z
      .boolean()
      .default(true)
      .meta({ description: 'false removes services, jobs, ALB and DNS records but keeps network and data (docs/environments.md). Production base envs: always true.' }),
    disposable: z
      .object({
        infrastructure: z.boolean().default(false).meta({ description: '`destroy` may remove the env. Copies only.' }),
        data: z.boolean().default(false).meta({ description: 'The database copy may go without a final snapshot or the stateful guard. Copies only.' }),
      })
      .strict()
      .default({ infrastructure: false, data: false })
      .meta({ description: 'What `destroy` may remove. Only copies may be disposable; a base env (it owns its data) never is (ADR 0009).' }),
    network: networkSchema,
    deployment: z
      .object({
        strategy: z.enum(['rolling', 'blueGreen']).default('rolling').meta({ description: 'rolling, or ECS native blue/green (production base envs: blueGreen).' }),
        bakeTimeMinutes: z
          .number()
          .int()
          .min(0)
          .max(1440)
          .default(10)
          .meta({ description: 'Blue/green: minutes both versions stay up after the production shift, while the rollback alarm (target 5xx and connection errors) can still roll back; at least 5 so it can fire.' }),
      })
      .strict()
      .default({ strategy: 'rolling', bakeTimeMinutes: 10 })
      .meta({ description: 'How ECS replaces tasks on a deployment.' }),
    alb: z
      .object({
        deletionProtection: z.boolean().default(false).meta({ description: 'ALB deletion protection (production base envs: true).' }),
        idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60).meta({ description: 'ALB idle timeout.' }),
        testListener: testListenerSchema.optional(),
      })
      .strict()
      .default({ deletionProtection: false, idleTimeoutSeconds: 60 })
      .meta({ description: "The env's internet-facing load balancer (only Cloudflare's ranges reach it)." }),
    apps: z
      .record(name('app name'), appSchema)
      .refine((apps) => Object.keys(apps).length > 0, 'needs at least one app')
      .refine((apps) => Object.keys(apps).length <= MAX_APPS, `has more than ${MAX_APPS} apps; one ACM certificate holds at most ${MAX_APPS} hostnames`)
      .meta({ description: `The env's services by app name (1-${MAX_APPS}); names follow the name rule and must not be ${RESERVED_APP_NAMES.join(', ')} or constructor.` }),
    database: databaseSchema.meta({ description: 'The MySQL writer (and replicas) of the env, or its copy of a base env\'s.' }),
    jobs: z
      .record(name('job name'), jobSchema)
      .default({})
      .meta({
        description: `Scheduled tasks by job name; names follow the name rule, must not be ${RESERVED_JOB_NAMES.join(', ')} or constructor, and \`lq3-<env>-<job>\` (the schedule's name) is at most ${MAX_JOB_RESOURCE_NAME} characters.`,
      }),
    officeHours: officeHoursSchema.optional().meta({
      description:
        "Scale every service to zero outside these hours (copies, to stay cheap when idle). A copy's database is stopped outside them too (started 15 minutes before): its jobs that use the database must run inside them, and it may have no read replicas (ADR 0013). Not for production base envs.",
    }),
    usage: usageSchema
      .optional()
      .meta({ description: 'Usage assumptions of the cost estimate (`nx run <project>:cost`): each field overrides the same field of tools/cost/usage.yaml. Synth ignores them.' }),
    monitoring: monitoringSchema
      .default(DEFAULT_MONITORING)
      .meta({ description: "Where the env's alarms and deployment messages go in Slack, and the alarms' thresholds (docs/operations.md)." }),
    access: accessSchema.optional(),
    waf: wafSchema.optional(),
    backup: backupSchema.optional(),
  })
  .strict()
  .superRefine((env, ctx) => {
    checkEnvironment(env, ctx);
    checkProductionMonitoring(env, ctx);
    for (const [path, message] of [...edgeConfigProblems(env), ...backupConfigProblems(env)]) ctx.addIssue({ code: 'custom', path, message });
  });

export const envFileSchema = z
  .object({
    environments: z
      .record(name('environment name'), environmentSchema)
      .refine((envs) => Object.keys(envs).length > 0, 'needs at least one environment')
      .meta({ description: 'The environments of this live project by name; names are unique across all projects.' }),
  })
  .strict();

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
export type AppConfig = Omit<z.infer<typeof appSchema>, 'environment'> & { readonly environment: ReadonlyMap<string, string> };
export type JobConfig = z.infer<typeof jobSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;

/** One validated environment, ready to compose. User-named keys are Maps, never object properties. */
export interface Environment extends Omit<EnvironmentConfig, 'apps' | 'jobs'> {
  readonly name: string;
  readonly awsAccount: AwsAccount;
  /** The env file it came from, relative to the workspace root (for messages). */
  readonly sourceFile: string;
  readonly apps: ReadonlyMap<string, AppConfig>;
  readonly jobs: ReadonlyMap<string, JobConfig>;
  /** `base` owns its data; a `copy` restores the database of the base env `copyOf` (ADR 0009). */
  readonly role: 'base' | 'copy';
  readonly copyOf?: string;
}

export function toEnvironment(name: string, config: EnvironmentConfig, sourceFile: string): Environment {
  const copyOf = config.database.restoreFromLatestSnapshotOf ? environmentOfDatabase(config.database.restoreFromLatestSnapshotOf) : undefined;
  return {
    ...config,
    name,
    awsAccount: ACCOUNTS[config.account],
    sourceFile,
    apps: new Map(Object.entries(config.apps).map(([app, settings]) => [app, { ...settings, environment: new Map(Object.entries(settings.environment)) }])),
    jobs: new Map(Object.entries(config.jobs)),
    role: copyOf ? 'copy' : 'base',
    ...(copyOf ? { copyOf } : {}),
  };
}

function imageRepositoryProblem(image: string): string | undefined {
  if (image.includes('@')) return 'carries a digest; put the repository in image and the digest in tag';
  if (image.slice(image.lastIndexOf('/') + 1).includes(':')) return 'carries a tag; put the repository in image and the version in tag';
  const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
  const repository = new RegExp(`^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\\d{1,5})?/)?${component}(?:/${component})*$`);
  return image.length <= 255 && repository.test(image)
    ? undefined
    : 'must be an image repository like 111111111111.dkr.ecr.eu-central-1.amazonaws.com/lq3/web (lower case, no tag)';
}

function imageTagProblem(tag: string): string | undefined {
  if (/^sha256:[a-f0-9]{64}$/.test(tag)) return undefined;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) {
    return 'must be an image tag (letters, digits, _ . -, up to 128, not starting with . or -) or a digest sha256:<64 hex digits>';
  }
  const mutable = !/\d/.test(tag) || /(^|[._-])latest($|[._-])/i.test(tag) || /^v?\d{1,3}(\.\d+)?([._-][a-z]+)*$/i.test(tag);
  return mutable
    ? `"${tag}" is a mutable tag: the image behind it can change without a config change; use an immutable version tag (e.g. "2026.11.3", with ECR tag immutability on) or a digest (sha256:...)`
    : undefined;
}

function instanceClassProblem(instanceClass: string): string | undefined {
  if (!isValidInstanceClass(instanceClass)) return 'must be an RDS instance class like db.t4g.small';
  return estimatedMaxConnections(instanceClass) === undefined ? 'must be of the t, m, r, x or z families (the connection alarm is sized from the class)' : undefined;
}

function officeDaysProblem(days: string): string | undefined {
  const problem = /^[A-Za-z0-9,-]+$/.test(days) ? scheduleExpressionProblem(`cron(0 0 ? * ${days} *)`) : 'uses characters other than day names, numbers, , and -';
  return problem ? `must be a cron day-of-week like MON-FRI or MON,WED,FRI: ${problem.replace(/^day-of-week field '[^']*': /, '')}` : undefined;
}
