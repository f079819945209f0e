/**
 * Every alarm and notification LQ3 sets up, with what it means and the first
 * thing to check: the source of the "Alarms and notifications" table in
 * docs/operations.md (`npm run docs:operations`). Conditions and defaults are
 * read from the modules that create the alarms where they export them, and a
 * test matches every alarm and rule in the synthesized stacks to exactly one
 * entry here, so neither can drift from the other.
 */
import { SECURITY_ALARMS, type SecurityAlarmDefinition } from '@lq3/cloudtrail';
import { ALARM_DEFINITIONS, MINIMUM_REQUESTS } from '@lq3/monitoring';
import { accountSchema } from './account-layer/account-config';
import { DATABASE_ALARM_DEFAULTS } from './monitoring-config';

/** Where a notification goes: the env's topic, one of the account layer's, or nowhere (ECS reads the alarm). */
export type Destination = 'environment' | 'security' | 'cost' | 'ecs';

export interface CatalogueEntry {
  /** Short name, as on call says it. */
  readonly title: string;
  /** Resource name(s), with `<env>`, `<app>`, `<job>`, `<account>` placeholders. */
  readonly names: string;
  /** Matches the names of the alarms or EventBridge rules of this entry in synthesized stacks. */
  readonly pattern: RegExp;
  readonly kind: 'alarm' | 'event';
  /** When it fires, with the default threshold. */
  readonly firesWhen: string;
  /** Where its threshold or switch is set, if anywhere. */
  readonly setIn: string;
  readonly destination: Destination;
  readonly meaning: string;
  readonly firstCheck: string;
}

const condition = (name: keyof typeof ALARM_DEFINITIONS) => ALARM_DEFINITIONS[name].condition.replace('{threshold}', String(ALARM_DEFINITIONS[name].defaultThreshold));
const envField = (key: string) => `env.yaml \`monitoring.alarms.${key}\``;
const DASHBOARD = 'the `lq3-<env>` dashboard';

/** An env's alarms and messages: they go to its alarm topic `lq3-<env>-alarms`. */
export const ENVIRONMENT_CATALOGUE: readonly CatalogueEntry[] = [
  {
    title: 'ALB 5xx rate',
    names: 'lq3-<env>-alb-5xx-rate',
    pattern: /^lq3-[a-z0-9-]+-alb-5xx-rate$/,
    kind: 'alarm',
    firesWhen: condition('serverErrorRate'),
    setIn: envField('serverErrorRate'),
    destination: 'environment',
    meaning: `Users get errors: the ALB found no healthy task or timed out (502/503/504), or an app answered 5xx. Below ${MINIMUM_REQUESTS} requests per 5 minutes it stays quiet.`,
    firstCheck: `${DASHBOARD}, Traffic row: which app's 5xx; then that app's log group \`/ecs/lq3-<env>-<app>\`. 502/503 together with unhealthy targets: see that alarm. Did a deployment just start (Slack)?`,
  },
  {
    title: 'p95 latency',
    names: 'lq3-<env>-<app>-p95-latency (-tg1/-tg2 with blue/green)',
    pattern: /^lq3-[a-z0-9-]+-p95-latency(-tg[12])?$/,
    kind: 'alarm',
    firesWhen: condition('latencyP95'),
    setIn: envField('latencyP95'),
    destination: 'environment',
    meaning: 'One in twenty requests to the app takes longer than the threshold.',
    firstCheck: `${DASHBOARD}, Database row (CPU, connections): slow queries show there first, then the RDS slow query log \`/aws/rds/instance/lq3-<env>-mysql/slowquery\`; else the app's CPU.`,
  },
  {
    title: 'Unhealthy targets',
    names: 'lq3-<env>-<app>-unhealthy-targets (-tg1/-tg2 with blue/green)',
    pattern: /^lq3-[a-z0-9-]+-unhealthy-targets(-tg[12])?$/,
    kind: 'alarm',
    firesWhen: condition('unhealthyTargets'),
    setIn: envField('unhealthyTargets'),
    destination: 'environment',
    meaning: "The ALB's health check fails on a task: it gets no traffic, and ECS replaces it.",
    firstCheck: "ECS console → cluster `lq3-<env>` → service → Events and stopped tasks' reasons; does the app's `healthCheckPath` answer 200 from inside the task (ECS Exec)?",
  },
  {
    title: 'Service CPU',
    names: 'lq3-<env>-<app>-cpu',
    pattern: /^lq3-[a-z0-9-]+-cpu$/,
    kind: 'alarm',
    firesWhen: condition('cpu'),
    setIn: envField('serviceCpu'),
    destination: 'environment',
    meaning: 'Tasks run near their CPU limit: responses slow down. With auto-scaling the service grows up to `maxCount` first.',
    firstCheck: `${DASHBOARD}, Services row: is the app at \`maxCount\` (running = desired = max)? Requests up (Traffic row), or CPU up since the last deployment?`,
  },
  {
    title: 'Service memory',
    names: 'lq3-<env>-<app>-memory',
    pattern: /^lq3-[a-z0-9-]+-memory$/,
    kind: 'alarm',
    firesWhen: condition('memory'),
    setIn: envField('serviceMemory'),
    destination: 'environment',
    meaning: 'Tasks near their memory limit are killed (exit code 137) when they pass it.',
    firstCheck: "Stopped tasks with `OutOfMemoryError`; memory growing since the last deployment: roll back the tag, or raise `apps.<app>.memory` with `cpu`.",
  },
  {
    title: 'Running below desired',
    names: 'lq3-<env>-<app>-running-tasks',
    pattern: /^lq3-[a-z0-9-]+-running-tasks$/,
    kind: 'alarm',
    firesWhen: condition('runningTasks'),
    setIn: envField('runningTasks'),
    destination: 'environment',
    meaning: "ECS cannot keep the app at strength: tasks crash, fail health checks, or cannot start (image, secrets, capacity). Base envs only (copies run without Container Insights).",
    firstCheck: "ECS console → service → Events and stopped tasks' `stoppedReason`; does the image tag exist in ECR?",
  },
  {
    title: 'Database CPU',
    names: 'lq3-<env>-mysql[-replica-N]-cpuutilization',
    pattern: /^lq3-[a-z0-9-]+-mysql(-replica-\d+)?-cpuutilization$/,
    kind: 'alarm',
    firesWhen: `average CPU of the writer or a replica above ${DATABASE_ALARM_DEFAULTS.databaseCpu.defaultThreshold} % for 15 minutes`,
    setIn: envField('databaseCpu'),
    destination: 'environment',
    meaning: 'The database is the bottleneck: every app using it slows down.',
    firstCheck: 'Performance Insights (production classes) → top SQL; the slow query log; is a job running (the nightly export at 04:00)?',
  },
  {
    title: 'Database free storage',
    names: 'lq3-<env>-mysql[-replica-N]-freestoragespace',
    pattern: /^lq3-[a-z0-9-]+-mysql(-replica-\d+)?-freestoragespace$/,
    kind: 'alarm',
    firesWhen: 'free storage below 10 % of `database.allocatedStorageGb` (at least 2 GiB)',
    setIn: envField('databaseFreeStorage'),
    destination: 'environment',
    meaning: 'Storage autoscaling (up to 4× the allocation) has reached its ceiling or cannot keep up: at zero the database stops accepting writes.',
    firstCheck: 'RDS console → the instance → allocated vs maximum storage; which tables or binary logs grew; raise `database.allocatedStorageGb`.',
  },
  {
    title: 'Database connections',
    names: 'lq3-<env>-mysql-databaseconnections',
    pattern: /^lq3-[a-z0-9-]+-mysql-databaseconnections$/,
    kind: 'alarm',
    firesWhen: "connections to the writer above 80 % of the class's default `max_connections` for 15 minutes",
    setIn: envField('databaseConnections'),
    destination: 'environment',
    meaning: 'New connections will soon be refused.',
    firstCheck: "The API's running tasks (each holds a pool) and long-running queries (`SHOW PROCESSLIST`).",
  },
  {
    title: 'Replica lag',
    names: 'lq3-<env>-mysql-replica-N-replicalag',
    pattern: /^lq3-[a-z0-9-]+-mysql-replica-\d+-replicalag$/,
    kind: 'alarm',
    firesWhen: `a replica more than ${DATABASE_ALARM_DEFAULTS.replicaLag.defaultThreshold} s behind the writer for 5 minutes`,
    setIn: envField('replicaLag'),
    destination: 'environment',
    meaning: "Reads from `DATABASE_READ_HOST` are stale.",
    firstCheck: "The writer's write load (a migration, a bulk import) and the replica's CPU and IOPS on the dashboard.",
  },
  {
    title: 'Job could not start',
    names: 'lq3-<env>-<job>-scheduler-dead-letters',
    pattern: /^lq3-[a-z0-9-]+-scheduler-dead-letters$/,
    kind: 'alarm',
    firesWhen: 'a message in the job\'s dead-letter queue (5 minutes)',
    setIn: 'always on',
    destination: 'environment',
    meaning: 'EventBridge Scheduler could not start the job after its retries (RunTask refused: permissions, capacity, network).',
    firstCheck: "The message in SQS queue `lq3-<env>-<job>-scheduler-dlq`: its error attributes say why RunTask failed.",
  },
  {
    title: 'Job failed',
    names: 'rule lq3-<env>-<job>-failed',
    pattern: /^lq3-(?![a-z0-9-]*-deploy-failed$)[a-z0-9-]+-failed$/,
    kind: 'event',
    firesWhen: 'a run exits non-zero or fails to start (image pull, secrets)',
    setIn: 'always on',
    destination: 'environment',
    meaning: "The job's work (an export, a clean-up) did not happen; it is not retried by itself.",
    firstCheck: "The task's log stream in `/ecs/lq3-<env>-<app>` (the message names the task, image and stop code); rerun it by hand once fixed (`aws ecs run-task` with the schedule's command).",
  },
  {
    title: 'Blue/green deployment 5xx',
    names: 'lq3-<env>-<app>-deployment-5xx',
    pattern: /^lq3-[a-z0-9-]+-deployment-5xx$/,
    kind: 'alarm',
    firesWhen: 'more than 10 target 5xx a minute in 2 of 3 minutes, over both target groups (blue/green envs)',
    setIn: 'always on',
    destination: 'ecs',
    meaning: "Not a notification: ECS watches it while a blue/green deployment bakes and rolls the deployment back (ADR 0012); the rollback message reaches Slack.",
    firstCheck: 'As for a failed deployment: the new tag\'s logs and 5xx on the dashboard.',
  },
  {
    title: 'Deployment started / rolling back / failed / completed',
    names: 'rules lq3-<env>-<app>-deploy-started, -rollback, -failed, -completed',
    pattern: /-deploy-(started|rollback|failed|completed)$/,
    kind: 'event',
    firesWhen: "ECS reports the service's deployment state",
    setIn: 'always on',
    destination: 'environment',
    meaning: 'What is being deployed where. *Rolling back* and *failed*: the circuit breaker (or the blue/green 5xx alarm) stopped the new tag; the previous one keeps serving.',
    firstCheck: "For a failure: the service's Events and the new tasks' stopped reasons; fix the image and change `apps.<app>.tag` again.",
  },
];

const securityAlarm = (title: string, definition: SecurityAlarmDefinition, meaning: string, firstCheck: string): CatalogueEntry => ({
  title,
  names: `lq3-<account>-cloudtrail-${definition.metricName}`,
  pattern: new RegExp(`^lq3-[a-z]+-cloudtrail-${definition.metricName}$`),
  kind: 'alarm',
  firesWhen: `${definition.description[0].toLowerCase()}${definition.description.slice(1)}: ${definition.defaultThreshold === 1 ? 'any event' : `${definition.defaultThreshold} or more events`} in 5 minutes (CIS ${definition.cisControl})`,
  setIn: 'always on',
  destination: 'security',
  meaning,
  firstCheck,
});

/** An account's settings when accounts.yaml gives only its budget: the defaults the account entries state. */
const ACCOUNT_DEFAULTS = accountSchema.parse({ budget: { monthlyUsd: 1 } });
const percents = (values: readonly number[]) => values.map((value) => `${value} %`).join(', ').replace(/, ([^,]*)$/, ' and $1');
const severity = (value: number) => `${value} (${value >= 7 ? 'high' : value >= 4 ? 'medium' : 'low'})`;
const { alertAtPercent, forecastAlertAtPercent, anomalyAlertAboveUsd } = ACCOUNT_DEFAULTS.budget;

const TRAIL_LOOKUP = 'CloudTrail → Event history (or Logs Insights on `/aws/cloudtrail/lq3-<account>`)';

/** The account layer's alarms and messages (live/accounts): security and cost topics. */
export const ACCOUNT_CATALOGUE: readonly CatalogueEntry[] = [
  securityAlarm('Root user used', SECURITY_ALARMS.rootAccountUsage, 'Nobody should use the root user; every use is an incident until explained.', `${TRAIL_LOOKUP}, user name root: what, from which IP; if nobody expected it, secure the root user (password, MFA) now.`),
  securityAlarm('IAM policy changed', SECURITY_ALARMS.iamPolicyChanges, 'Permissions changed. Expected during a Terraform apply by the `lq3-terraform` role; anything else is not.', `${TRAIL_LOOKUP}: \`userIdentity.arn\` — the pipeline's apply of the last minutes, or someone else?`),
  securityAlarm('Console sign-in failures', SECURITY_ALARMS.consoleSignInFailures, 'Someone is guessing a password, or a person is locked out.', `${TRAIL_LOOKUP}, event ConsoleLogin: user name and source IP; many from one IP: deactivate that user's password.`),
  securityAlarm('Console sign-in without MFA', SECURITY_ALARMS.consoleSignInWithoutMfa, 'A person signed in with a password alone.', `${TRAIL_LOOKUP}: who; give them an MFA device (docs/operations.md, IAM user clean-up, covers idle users).`),
  securityAlarm('CloudTrail changed', SECURITY_ALARMS.trailChanges, 'The audit trail itself was changed; StopLogging or DeleteTrail outside an apply is an incident.', `${TRAIL_LOOKUP}: who; \`nx run accounts:plan\` shows whether the trail still matches the code.`),
  {
    title: 'GuardDuty finding',
    names: 'rule lq3-<account>-guardduty-findings',
    pattern: /^lq3-[a-z]+-guardduty-findings$/,
    kind: 'event',
    firesWhen: `a finding of severity ${severity(ACCOUNT_DEFAULTS.baseline.minimumGuardDutySeverity)} or higher`,
    setIn: 'accounts.yaml `baseline.minimumGuardDutySeverity`',
    destination: 'security',
    meaning: 'GuardDuty saw activity that looks malicious (credentials used from odd places, crypto mining, scanning).',
    firstCheck: 'GuardDuty console → the finding (id in the message): the resource and the recommended remediation.',
  },
  {
    title: 'Access Analyzer finding',
    names: 'rule lq3-<account>-access-analyzer-findings',
    pattern: /^lq3-[a-z]+-access-analyzer-findings$/,
    kind: 'event',
    firesWhen: 'a resource becomes reachable from outside the account',
    setIn: 'accounts.yaml `baseline.accessAnalyzer`',
    destination: 'security',
    meaning: 'A bucket, role, key or queue policy now admits another account or the public.',
    firstCheck: 'IAM → Access Analyzer → the finding: intended (archive it with a reason) or not (fix the policy in code).',
  },
  {
    title: 'Budget',
    names: 'budget lq3-<account>-monthly',
    pattern: /^lq3-[a-z]+-monthly$/,
    kind: 'event',
    firesWhen: `the month's cost passes ${percents(alertAtPercent)} of the budget${forecastAlertAtPercent === false ? '' : `, or its forecast ${forecastAlertAtPercent} %`}`,
    setIn: 'accounts.yaml `budget`',
    destination: 'cost',
    meaning: 'The account spends more than planned this month.',
    firstCheck: 'Cost Explorer, this month by service and by the `Environment` tag; a parallel env left running (`enabled`, office hours)? `nx run <project>:cost` for the expected figures.',
  },
  {
    title: 'Cost anomaly',
    names: 'anomaly subscription lq3-<account>-anomalies',
    pattern: /^lq3-[a-z]+-anomalies$/,
    kind: 'event',
    firesWhen: `an anomaly with a total impact of ${anomalyAlertAboveUsd} USD or more`,
    setIn: 'accounts.yaml `budget.anomalyAlertAboveUsd`',
    destination: 'cost',
    meaning: 'A service costs clearly more than its usual pattern.',
    firstCheck: 'Cost Anomaly Detection → the anomaly: root cause (service, usage type, region).',
  },
];

export const ALARM_CATALOGUE: readonly CatalogueEntry[] = [...ENVIRONMENT_CATALOGUE, ...ACCOUNT_CATALOGUE];

/** The one entry whose pattern matches `name` (an alarm, rule, budget or subscription name), or undefined. */
export function catalogueEntryOf(name: string, kind: CatalogueEntry['kind']): CatalogueEntry | undefined {
  const matches = ALARM_CATALOGUE.filter((entry) => entry.kind === kind && entry.pattern.test(name));
  return matches.length === 1 ? matches[0] : undefined;
}
