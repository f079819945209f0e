/**
 * What on call watches of one environment, built in its services unit (ADR 0014):
 * the ALB's 5xx rate, each app's alarms, its deployment messages for Slack, and
 * the env's dashboard. The database and job alarms come from their own modules
 * (data and jobs units); the dashboard shows them too, by the names those modules
 * give them (environmentAlarmNames; a test holds them to the synthesized stacks).
 */
import type { EcsService } from '@lq3/ecs-service';
import { Dashboard, DeploymentNotifications, LoadBalancerAlarms, ServiceAlarms, type DashboardRow, type GraphWidget, type MetricLine } from '@lq3/monitoring';
import { dependable } from 'cdktf';
import { Construct } from 'constructs';
import { databaseIdentifier } from '../environment-references';
import type { Environment } from '../environment';
import { SERVICE_ALARM_SETTINGS } from '../monitoring-config';
import { resourceName } from '../organisation';

/** Where on call reads what an alarm means and what to check first. */
export const RUNBOOK = 'First check: docs/operations.md, "Alarms and notifications"';

export interface EnvironmentMonitoringProps {
  readonly environment: Environment;
  /** The env's alarm topic (network unit). */
  readonly topicArn: string;
  readonly clusterName: string;
  readonly services: ReadonlyMap<string, EcsService>;
  /** `LoadBalancer` dimension of the ALB the apps are behind. */
  readonly albArnSuffix: string;
  /** False for a copy on its base env's ALB: the base's 5xx alarm covers that ALB. */
  readonly ownsLoadBalancer: boolean;
  /** Container Insights on the cluster (the running-tasks alarm reads its metrics). */
  readonly containerInsights: boolean;
}

export class EnvironmentMonitoring extends Construct {
  /** Names of every alarm of the env, whichever unit creates it, in dashboard order. */
  readonly alarmNames: string[];

  constructor(scope: Construct, id: string, props: EnvironmentMonitoringProps) {
    super(scope, id);
    const { environment, topicArn } = props;
    const alarms = environment.monitoring.alarms;
    const setting = (key: keyof typeof SERVICE_ALARM_SETTINGS) => ({ enabled: alarms[key].enabled, threshold: alarms[key].threshold });

    const loadBalancerAlarms = props.ownsLoadBalancer
      ? new LoadBalancerAlarms(this, 'alb-alarms', {
          name: resourceName(environment.name, 'alb'),
          albArnSuffix: props.albArnSuffix,
          topicArn,
          serverErrorRate: setting('serverErrorRate'),
          runbook: RUNBOOK,
        })
      : undefined;
    const serviceAlarms = [...props.services].map(([appName, service]) => {
      const app = environment.apps.get(appName);
      const deployments = new DeploymentNotifications(this, `${appName}-deployments`, {
        name: resourceName(environment.name, appName),
        // Written out, not read from the service: the service depends on these rules (below).
        serviceArn: `arn:aws:ecs:${environment.region}:${environment.awsAccount.id}:service/${props.clusterName}/${resourceName(environment.name, appName)}`,
        topicArn,
        subject: { environment: environment.name, app: appName, imageTag: app?.tag ?? 'unknown' },
      });
      // The messages name the new tag before the deployment that brings it starts.
      service.service.dependsOn = [...(service.service.dependsOn ?? []), ...deployments.targets.map((target) => dependable(target))];
      return new ServiceAlarms(this, `${appName}-alarms`, {
        name: resourceName(environment.name, appName),
        clusterName: props.clusterName,
        serviceName: resourceName(environment.name, appName),
        topicArn,
        targets: { albArnSuffix: props.albArnSuffix, targetGroupArnSuffixes: service.targetGroupArnSuffixes },
        cpu: setting('serviceCpu'),
        memory: setting('serviceMemory'),
        runningTasks: props.containerInsights ? setting('runningTasks') : { enabled: false },
        latencyP95: setting('latencyP95'),
        unhealthyTargets: setting('unhealthyTargets'),
        runbook: RUNBOOK,
      });
    });

    this.alarmNames = [...(loadBalancerAlarms?.alarmNames ?? []), ...serviceAlarms.flatMap((alarm) => alarm.alarmNames), ...otherUnitsAlarmNames(environment)];
    const arn = (name: string) => `arn:aws:cloudwatch:${environment.region}:${environment.awsAccount.id}:alarm:${name}`;
    new Dashboard(this, 'dashboard', {
      name: resourceName(environment.name),
      region: environment.region,
      rows: dashboardRows(props, this.alarmNames.map(arn)),
    });
  }
}

/** The database instances of an env: the writer, then its replicas. */
export function databaseInstances(environment: Environment): string[] {
  const writer = databaseIdentifier(environment.name);
  return [writer, ...Array.from({ length: environment.database.readReplicas }, (_, index) => `${writer}-replica-${index + 1}`)];
}

/**
 * Alarms the data and jobs units create, by the names their modules give them:
 * `@lq3/rds-replica-pair` (`<instance>-<metric>`), `@lq3/cron-task`
 * (`<job>-scheduler-dead-letters`), and `@lq3/ecs-service`'s blue/green rollback
 * alarm (`<service>-deployment-5xx`, no notification).
 */
export function otherUnitsAlarmNames(environment: Environment): string[] {
  const [writer, ...replicas] = databaseInstances(environment);
  const database = [
    ...[writer, ...replicas].flatMap((instance) => [`${instance}-cpuutilization`, `${instance}-freestoragespace`]),
    `${writer}-databaseconnections`,
    ...replicas.map((replica) => `${replica}-replicalag`),
  ];
  const jobs = environment.enabled ? [...environment.jobs.keys()].map((job) => `${resourceName(environment.name, job)}-scheduler-dead-letters`) : [];
  const rollbacks = environment.deployment.strategy === 'blueGreen' ? [...environment.apps.keys()].map((app) => `${resourceName(environment.name, app)}-deployment-5xx`) : [];
  return [...database, ...jobs, ...rollbacks];
}

function dashboardRows(props: EnvironmentMonitoringProps, alarmArns: string[]): DashboardRow[] {
  const { environment, albArnSuffix } = props;
  const alarms = environment.monitoring.alarms;
  const apps = [...props.services];
  const perTargetGroup = (metricName: string, stat: string) =>
    apps.flatMap(([appName, service]) =>
      service.targetGroupArnSuffixes.map((targetGroup, index) => ({
        namespace: 'AWS/ApplicationELB',
        metricName,
        dimensions: { LoadBalancer: albArnSuffix, TargetGroup: targetGroup },
        stat,
        label: service.targetGroupArnSuffixes.length > 1 ? `${appName} (tg${index + 1})` : appName,
      })),
    );
  const perService = (namespace: string, metricName: string, stat = 'Average'): MetricLine[] =>
    apps.map(([appName]) => ({ namespace, metricName, dimensions: { ClusterName: props.clusterName, ServiceName: resourceName(environment.name, appName) }, stat, label: appName }));
  const threshold = (value: number, enabled = true) => (enabled ? { thresholds: [{ value, label: 'alarm' }] } : {});
  const alb = (metricName: string, id: string): MetricLine => ({ namespace: 'AWS/ApplicationELB', metricName, dimensions: { LoadBalancer: albArnSuffix }, stat: 'Sum', id, visible: false });

  const traffic: GraphWidget[] = [
    { type: 'graph', title: 'Requests per app (per 5 min)', stat: 'Sum', lines: perTargetGroup('RequestCount', 'Sum') },
    props.ownsLoadBalancer
      ? {
          type: 'graph',
          title: 'ALB 5xx (% of requests)',
          lines: [alb('HTTPCode_ELB_5XX_Count', 'elb'), alb('HTTPCode_Target_5XX_Count', 'target'), alb('RequestCount', 'requests'), { id: 'rate', expression: '100 * (FILL(elb, 0) + FILL(target, 0)) / requests', label: '5xx %' }],
          yAxis: { min: 0 },
          ...threshold(alarms.serverErrorRate.threshold, alarms.serverErrorRate.enabled),
        }
      : { type: 'graph', title: 'Target 5xx per app (per 5 min)', stat: 'Sum', lines: perTargetGroup('HTTPCode_Target_5XX_Count', 'Sum') },
    { type: 'graph', title: 'p95 response time (s)', lines: perTargetGroup('TargetResponseTime', 'p95'), yAxis: { min: 0 }, ...threshold(alarms.latencyP95.threshold, alarms.latencyP95.enabled) },
  ];
  const services: GraphWidget[] = [
    { type: 'graph', title: 'CPU (%)', lines: perService('AWS/ECS', 'CPUUtilization'), yAxis: { min: 0, max: 100 }, ...threshold(alarms.serviceCpu.threshold, alarms.serviceCpu.enabled) },
    { type: 'graph', title: 'Memory (%)', lines: perService('AWS/ECS', 'MemoryUtilization'), yAxis: { min: 0, max: 100 }, ...threshold(alarms.serviceMemory.threshold, alarms.serviceMemory.enabled) },
    props.containerInsights
      ? { type: 'graph', title: 'Running tasks', lines: perService('ECS/ContainerInsights', 'RunningTaskCount'), yAxis: { min: 0 } }
      : { type: 'graph', title: 'Healthy targets', stat: 'Minimum', lines: perTargetGroup('HealthyHostCount', 'Minimum'), yAxis: { min: 0 } },
    { type: 'graph', title: 'Unhealthy targets', stat: 'Maximum', lines: perTargetGroup('UnHealthyHostCount', 'Maximum'), yAxis: { min: 0 } },
  ];
  const rds = (metricName: string, stat = 'Average'): MetricLine[] =>
    databaseInstances(environment).map((instance) => ({ namespace: 'AWS/RDS', metricName, dimensions: { DBInstanceIdentifier: instance }, stat, label: instance }));
  const [, ...replicas] = databaseInstances(environment);
  const database: GraphWidget[] = [
    { type: 'graph', title: 'Database CPU (%)', lines: rds('CPUUtilization'), yAxis: { min: 0, max: 100 }, ...threshold(alarms.databaseCpu.threshold) },
    { type: 'graph', title: 'Database connections', lines: rds('DatabaseConnections'), yAxis: { min: 0 } },
    { type: 'graph', title: 'Free storage (bytes)', stat: 'Minimum', lines: rds('FreeStorageSpace', 'Minimum'), yAxis: { min: 0 } },
    ...(replicas.length > 0 ? [{ type: 'graph' as const, title: 'Replica lag (s)', stat: 'Maximum', lines: rds('ReplicaLag', 'Maximum').slice(1), ...threshold(alarms.replicaLag.threshold) }] : []),
  ];
  const jobNames = [...environment.jobs.keys()].map((job) => resourceName(environment.name, job));
  const jobs: GraphWidget[] = [
    {
      type: 'graph',
      title: 'Failed job runs',
      stat: 'Sum',
      lines: jobNames.map((job) => ({ namespace: 'AWS/Events', metricName: 'MatchedEvents', dimensions: { RuleName: `${job}-failed` }, stat: 'Sum', label: job })),
      yAxis: { min: 0 },
    },
    {
      type: 'graph',
      title: 'Jobs Scheduler could not start (dead letters)',
      stat: 'Maximum',
      lines: jobNames.map((job) => ({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: `${job}-scheduler-dlq` }, stat: 'Maximum', label: job })),
      yAxis: { min: 0 },
    },
  ];

  const tags = [...environment.apps].map(([name, app]) => `\`${name}\` ${app.tag}`).join(', ');
  return [
    {
      height: 6,
      widgets: [
        {
          type: 'text',
          width: 8,
          markdown: [
            `# ${environment.name}`,
            `${environment.account} account, ${environment.region}, ${environment.role === 'copy' ? `copy of ${environment.copyOf}` : 'base env'}.`,
            '',
            `Apps: ${tags}.`,
            '',
            'Alarms and deployments go to the Slack channel of the env (`monitoring.slackChannel`). What each alarm means and what to check first: docs/operations.md, "Alarms and notifications".',
          ].join('\n'),
        },
        { type: 'alarms', title: 'Alarms (firing first)', alarmArns },
      ],
    },
    { title: 'Traffic: what users see', widgets: traffic },
    { title: 'Services', widgets: services },
    { title: 'Database', widgets: database },
    ...(jobNames.length > 0 && environment.enabled ? [{ title: 'Scheduled jobs', widgets: jobs }] : []),
  ];
}
