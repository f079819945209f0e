import { EcsCluster, EcsService, type EcsServiceAutoScaling, type EcsServiceProps, type EcsServiceScheduledAction } from '@lq3/ecs-service';
import type { Construct } from 'constructs';
import type { AppConfig, Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import type { DataStack } from './data-stack';
import type { EdgeStack } from './edge-stack';
import { LOG_RETENTION_DAYS } from '../organisation';
import type { NetworkStack } from './network-stack';

/** Listener rule priorities: apps in env.yaml order, 10 apart (blue/green uses two per app). */
const FIRST_PRIORITY = 100;
const PRIORITY_STEP = 10;

/**
 * Services unit: the env's ECS cluster and one Fargate service per app behind the ALB,
 * routed by hostname. Apps with `usesDatabase` get the DB endpoints as environment and
 * its credentials as secrets. Absent while the env is disabled.
 */
export class ServicesStack extends EnvironmentStack {
  readonly cluster?: EcsCluster;
  readonly services: Readonly<Record<string, EcsService>> = {};

  constructor(scope: Construct, environment: Environment, network: NetworkStack, data: DataStack, edge: EdgeStack, exportsBucketName: string) {
    super(scope, environment, 'services');
    const alb = edge.alb;
    if (!alb) return;
    const db = data.database;
    this.cluster = new EcsCluster(this, 'cluster', { name: this.name() });
    const services: Record<string, EcsService> = {};

    Object.entries(environment.apps).forEach(([appName, app], index) => {
      const databaseSettings: { environment: Record<string, string> } & Partial<EcsServiceProps> = app.usesDatabase
        ? {
            environment: {
              DATABASE_HOST: db.writerAddress,
              DATABASE_READ_HOST: db.readerAddress,
              DATABASE_PORT: String(db.port),
              EXPORTS_BUCKET: exportsBucketName,
            },
            // The RDS-managed secret: JSON keys picked by ECS, never in env values.
            secrets: { DATABASE_USER: `${db.secretArn}:username::`, DATABASE_PASSWORD: `${db.secretArn}:password::` },
            secretsKmsKeyArns: [db.kmsKeyArn],
            additionalSecurityGroupIds: [db.clientSecurityGroupId],
          }
        : { environment: {} };
      services[appName] = new EcsService(this, appName, {
        name: this.name(appName),
        clusterArn: this.cluster!.clusterArn,
        vpcId: network.network.vpcId,
        subnetIds: network.network.privateSubnetIds,
        image: app.image,
        tag: app.tag,
        containerPort: app.port,
        cpu: app.cpu,
        memory: app.memory,
        desiredCount: app.desiredCount,
        logKmsKeyArn: network.key.keyArn,
        logRetentionDays: LOG_RETENTION_DAYS,
        ...databaseSettings,
        environment: { APP_ENV: 'prod', LQ3_ENVIRONMENT: environment.name, ...databaseSettings.environment, ...app.environment },
        loadBalancer: {
          listenerArn: alb.httpsListenerArn,
          albSecurityGroupId: alb.securityGroupId,
          hostHeaders: [app.hostname],
          priority: FIRST_PRIORITY + index * PRIORITY_STEP,
          healthCheckPath: app.healthCheckPath,
        },
        deployment: { strategy: environment.deployment.strategy, bakeTimeMinutes: environment.deployment.bakeTimeMinutes },
        ...autoScaling(environment, app, alb.arnSuffix),
      });
    });
    this.services = services;
  }
}

/**
 * Target tracking when the app may grow past desiredCount, and scale-to-zero outside
 * office hours when the env has them (parallel envs).
 */
function autoScaling(environment: Environment, app: AppConfig, albArnSuffix: string): { autoScaling?: EcsServiceAutoScaling } {
  const maxCapacity = Math.max(app.maxCount ?? app.desiredCount, app.desiredCount);
  const scales = maxCapacity > app.desiredCount;
  const hours = environment.officeHours;
  if (!scales && !hours) return {};
  const scheduledActions: EcsServiceScheduledAction[] = hours
    ? [
        { name: 'office-hours-start', schedule: weekdayCron(hours.start, hours.days), timezone: hours.timezone, minCapacity: app.desiredCount, maxCapacity },
        { name: 'office-hours-end', schedule: weekdayCron(hours.end, hours.days), timezone: hours.timezone, minCapacity: 0, maxCapacity: 0 },
      ]
    : [];
  return {
    autoScaling: {
      minCapacity: app.desiredCount,
      maxCapacity,
      ...(scales ? { cpuTargetPercent: 60, requestsPerTarget: 500, albArnSuffix } : {}),
      scheduledActions,
    },
  };
}

/** `07:30` on `MON-FRI` → `cron(30 7 ? * MON-FRI *)` (Application Auto Scaling syntax). */
function weekdayCron(time: string, days: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `cron(${minute} ${hour} ? * ${days} *)`;
}
