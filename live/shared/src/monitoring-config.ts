/**
 * `monitoring:` of an environment in env.yaml: where its alarms and deployment
 * messages go in Slack, and each alarm's threshold. Defaults and bounds come from
 * the modules that create the alarms (`@lq3/monitoring`'s ALARM_DEFINITIONS) or
 * restate the module's own (`@lq3/rds-replica-pair`); a test holds the catalogue
 * (alarm-catalogue.ts) and the synthesized alarms to them.
 *
 * Production base envs cannot switch an alarm off (ADR 0009's rule: what protects
 * production is refused at synth, not left to review).
 */
import { ALARM_DEFINITIONS, type AlarmName } from '@lq3/monitoring';
import { z } from 'zod';
import { NAME_PATTERN, NAME_RULE } from './environment-rules';

/** env.yaml key of each `@lq3/monitoring` alarm and the module setting it feeds. */
export const SERVICE_ALARM_SETTINGS = {
  serverErrorRate: 'serverErrorRate',
  latencyP95: 'latencyP95',
  unhealthyTargets: 'unhealthyTargets',
  serviceCpu: 'cpu',
  serviceMemory: 'memory',
  runningTasks: 'runningTasks',
} as const satisfies Record<string, AlarmName>;
export type ServiceAlarmKey = keyof typeof SERVICE_ALARM_SETTINGS;

/** Defaults of `@lq3/rds-replica-pair`'s alarms, which the data unit passes on. */
export const DATABASE_ALARM_DEFAULTS = {
  databaseCpu: { unit: '%', defaultThreshold: 80, min: 10, max: 95 },
  replicaLag: { unit: 's', defaultThreshold: 60, min: 5, max: 3600 },
} as const;

const switchableAlarm = (key: ServiceAlarmKey) => {
  const definition = ALARM_DEFINITIONS[SERVICE_ALARM_SETTINGS[key]];
  const condition = definition.condition.replace('{threshold}', 'the threshold');
  return z
    .object({
      enabled: z.boolean().default(true).meta({ description: 'false removes the alarm. Production base envs: always true.' }),
      threshold: z
        .number()
        .min(definition.min)
        .max(definition.max)
        .default(definition.defaultThreshold)
        .meta({ description: `In ${definition.unit}: fires on ${condition}.` }),
    })
    .strict()
    .default({ enabled: true, threshold: definition.defaultThreshold });
};

/** An alarm of another module: its threshold only, with a fixed default... */
const thresholdWithDefault = (description: string, bounds: { min: number; max: number; defaultThreshold: number }) =>
  z
    .object({ threshold: z.number().min(bounds.min).max(bounds.max).default(bounds.defaultThreshold).meta({ description }) })
    .strict()
    .default({ threshold: bounds.defaultThreshold });

/** ...or one the module derives from other settings when none is given. */
const thresholdDerived = (description: string, bounds: { min: number; max: number }) =>
  z
    .object({ threshold: z.number().min(bounds.min).max(bounds.max).optional().meta({ description }) })
    .strict()
    .default({});

const alarmsSchema = z
  .object({
    serverErrorRate: switchableAlarm('serverErrorRate').meta({ description: "5xx rate of the env's own ALB (a copy on its base's ALB is covered by the base's alarm)." }),
    latencyP95: switchableAlarm('latencyP95').meta({ description: 'p95 response time of each app, per target group.' }),
    unhealthyTargets: switchableAlarm('unhealthyTargets').meta({ description: 'Unhealthy targets of each app, per target group.' }),
    serviceCpu: switchableAlarm('serviceCpu').meta({ description: 'CPU of each app (ECS service).' }),
    serviceMemory: switchableAlarm('serviceMemory').meta({ description: 'Memory of each app (ECS service).' }),
    runningTasks: switchableAlarm('runningTasks').meta({ description: 'Tasks running below desired, per app (needs Container Insights; not on copies, which run without).' }),
    databaseCpu: thresholdWithDefault(`In %: average CPU of the writer or a replica above it for 15 minutes.`, DATABASE_ALARM_DEFAULTS.databaseCpu).meta({ description: 'Database CPU (writer and replicas).' }),
    databaseFreeStorage: thresholdDerived('In GiB: free storage of the writer or a replica below it. Default: 10% of `database.allocatedStorageGb`, at least 2.', { min: 1, max: 16384 }).meta({
      description: 'Database free storage.',
    }),
    databaseConnections: thresholdDerived("Connections to the writer above it for 15 minutes. Default: 80% of the instance class's default max_connections.", { min: 1, max: 100000 }).meta({
      description: 'Database connections (writer).',
    }),
    replicaLag: thresholdWithDefault('In seconds: replica lag above it for 5 minutes.', DATABASE_ALARM_DEFAULTS.replicaLag).meta({ description: 'Replica lag (each replica).' }),
  })
  .strict();

export const monitoringSchema = z
  .object({
    slackChannel: z
      .string()
      .regex(NAME_PATTERN, `channel name ${NAME_RULE}`)
      .optional()
      .meta({
        description:
          "Slack channel (a key of `slack.channels` of the env's account in live/accounts/accounts.yaml) that gets the env's alarms, job failures and deployment messages. Default: that account's `slack.defaultChannel`.",
      }),
    alarms: alarmsSchema.default(alarmsSchema.parse({})).meta({ description: 'Thresholds of the CloudWatch alarms (docs/operations.md, "Alarms and notifications"). Job failures and dead letters always alert.' }),
  })
  .strict();

export type MonitoringConfig = z.infer<typeof monitoringSchema>;

/** `monitoring` when env.yaml has none. */
export const DEFAULT_MONITORING: MonitoringConfig = monitoringSchema.parse({});

/** Paths of the alarms a production base env tries to switch off (each is refused). */
export function switchedOffAlarms(monitoring: MonitoringConfig): string[] {
  return (Object.keys(SERVICE_ALARM_SETTINGS) as ServiceAlarmKey[]).filter((key) => !monitoring.alarms[key].enabled);
}

interface MonitoredEnvironment {
  readonly account: string;
  readonly database: { readonly restoreFromLatestSnapshotOf?: string };
  readonly monitoring: MonitoringConfig;
}

/** A production base env keeps every alarm (ADR 0009): switching one off is refused at synth. */
export function checkProductionMonitoring<T extends MonitoredEnvironment>(env: T, ctx: z.core.$RefinementCtx<T>): void {
  if (env.account !== 'production' || env.database.restoreFromLatestSnapshotOf !== undefined) return;
  for (const key of switchedOffAlarms(env.monitoring)) {
    ctx.addIssue({
      code: 'custom',
      path: ['monitoring', 'alarms', key, 'enabled'],
      message: 'production base env: its alarms cannot be switched off; raise the threshold instead (within its bounds)',
    });
  }
}
