import { SharedAlb } from '@lq3/alb';
import { DataAwsPrefixList } from '@cdktf/provider-aws/lib/data-aws-prefix-list';
import { EcsCluster, EcsService, type EcsServiceAutoScaling, type EcsServiceProps, type EcsServiceScheduledAction } from '@lq3/ecs-service';
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { EnvironmentMonitoring } from '../constructs/environment-monitoring';
import { firstListenerRulePriority, RULE_PRIORITY_STEP } from '../copy-environments';
import { egressOf, type EgressDestinations } from '../egress-config';
import type { AppConfig, Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import type { DataStack } from './data-stack';
import { LOG_RETENTION_DAYS } from '../organisation';
import type { EdgeStack } from './edge-stack';
import type { NetworkStack } from './network-stack';

/** Writable paths of the two kinds of app here, on a read-only root filesystem. */
const SYMFONY_WRITABLE_PATHS = ['/tmp', '/var/www/html/var'];
const NGINX_WRITABLE_PATHS = ['/tmp', '/var/cache/nginx', '/var/run'];

/** Where the app images carry the RDS global CA bundle (https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem). */
const RDS_CA_BUNDLE_PATH = '/etc/ssl/certs/rds-global-bundle.pem';

/** The MySQL user an app logs in as: `app_<name>` unless env.yaml names one. */
function databaseUser(appName: string, app: AppConfig): string {
  return app.databaseUser ?? `app_${appName.replace(/-/g, '_')}`;
}

/**
 * Services unit: the env's ECS cluster and one Fargate service per app behind the ALB,
 * routed by hostname. Apps with `usesDatabase` get the DB endpoints as environment and
 * its credentials as secrets. Absent while the env is disabled.
 */
export class ServicesStack extends EnvironmentStack {
  readonly cluster?: EcsCluster;
  /** The service of each app, by app name. */
  readonly services: ReadonlyMap<string, EcsService> = new Map();
  /** The env's alarms, deployment messages and dashboard; undefined while the env is disabled. */
  readonly monitoring?: EnvironmentMonitoring;

  constructor(scope: Construct, environment: Environment, network: NetworkStack, data: DataStack, edge: EdgeStack, exportsBucketName: string) {
    super(scope, environment, 'services');
    const alb = edge.alb;
    if (!alb) return;
    const db = data.database;
    // Copies are test envs that idle most of the time: no Container Insights metrics to pay for (ADR 0013).
    const containerInsights = environment.role !== 'copy';
    const cluster = new EcsCluster(this, 'cluster', { name: this.name(), ...(containerInsights ? {} : { containerInsights: 'disabled' as const }) });
    this.cluster = cluster;
    // What apps with `usesDatabase` get: endpoints as plain values, their own MySQL user
    // (IAM database authentication: the task role signs a short-lived token per connection,
    // so no password is injected and nothing rotates under running tasks; never the
    // RDS-managed master secret), verified TLS against the RDS CA bundle the image carries,
    // the DB's client security group, and the exports bucket the jobs unit grants.
    const databaseEnvironment = (user: string) => ({
      DATABASE_HOST: db.writerAddress,
      DATABASE_READ_HOST: db.readerAddress,
      DATABASE_PORT: String(db.port),
      DATABASE_USER: user,
      DATABASE_AUTH: 'iam',
      DATABASE_SSL_MODE: 'VERIFY_IDENTITY',
      DATABASE_SSL_CA: RDS_CA_BUNDLE_PATH,
      EXPORTS_BUCKET: exportsBucketName,
    });
    const databaseAccess: Partial<EcsServiceProps> = { additionalSecurityGroupIds: [db.clientSecurityGroupId] };
    // Where the tasks may connect (apps.<app>.egress): HTTPS, MySQL to the database's own group, the listed extras.
    let s3PrefixList: DataAwsPrefixList | undefined;
    const egressDestinations: EgressDestinations = {
      vpcCidr: network.network.cidrBlock,
      // An underscore no app name has, so the id never collides with an app's.
      s3PrefixListId: () => (s3PrefixList ??= new DataAwsPrefixList(this, 's3_prefix_list', { name: `com.amazonaws.${environment.region}.s3` })).id,
      database: { securityGroupId: db.securityGroupId, port: db.port },
    };

    this.services = new Map(
      [...environment.apps].map(([appName, app], index) => [
        appName,
        this.fromField(`apps.${appName}`, () => new EcsService(this, appName, {
          name: this.name(appName),
          clusterArn: cluster.clusterArn,
          vpcId: network.network.vpcId,
          subnetIds: network.network.privateSubnetIds,
          image: app.image,
          tag: app.tag,
          containerPort: app.port,
          writableTmp: app.writablePaths ?? (app.usesDatabase ? SYMFONY_WRITABLE_PATHS : NGINX_WRITABLE_PATHS),
          cpu: app.cpu,
          memory: app.memory,
          desiredCount: app.desiredCount,
          logKmsKeyArn: network.key.keyArn,
          logRetentionDays: LOG_RETENTION_DAYS,
          environment: {
            APP_ENV: 'prod',
            LQ3_ENVIRONMENT: environment.name,
            ...(app.usesDatabase ? databaseEnvironment(databaseUser(appName, app)) : {}),
            // Own properties (fromEntries defines them), so no name reaches a prototype.
            ...Object.fromEntries(app.environment),
          },
          ...(app.usesDatabase ? databaseAccess : {}),
          egress: egressOf(app, egressDestinations),
          loadBalancer: {
            listenerArn: alb.httpsListenerArn,
            albSecurityGroupId: alb.securityGroupId,
            hostHeaders: [app.hostname],
            // Apps in env.yaml order, 10 apart; a copy on its base's listener in its own block (ADR 0013).
            priority: firstListenerRulePriority(environment) + index * RULE_PRIORITY_STEP,
            healthCheckPath: app.healthCheckPath,
            // Blue/green: ECS exposes the new tasks on the ALB's test listener before the production shift.
            ...(edge.testListenerArn ? { testListenerArn: edge.testListenerArn } : {}),
          },
          deployment: {
            strategy: environment.deployment.strategy,
            bakeTimeMinutes: environment.deployment.bakeTimeMinutes,
            // The bake time watches what users get: target 5xx roll the deployment back.
            ...(environment.deployment.strategy === 'blueGreen' ? { alarmRollback: { albArnSuffix: alb.arnSuffix } } : {}),
          },
          ...autoScaling(environment, app, alb.arnSuffix),
        })),
      ]),
    );
    for (const [appName, service] of this.services) {
      // The revision a blue/green release step deploys (ADR 0012).
      new TerraformOutput(this, `${appName}-task-definition`, { value: service.taskDefinitionArn, description: `Task definition revision of ${appName} to deploy` });
      if (service.testListenerRuleArn) {
        // An existing service ignores its load_balancer block: the release step passes this rule once (docs/operations.md).
        new TerraformOutput(this, `${appName}-test-listener-rule`, { value: service.testListenerRuleArn, description: `Blue/green test listener rule of ${appName}` });
      }
    }
    for (const [appName, app] of environment.apps) {
      if (app.usesDatabase) this.service(appName).grantPolicy([db.connectStatement(databaseUser(appName, app))]);
    }
    // Alarms, deployment messages and the dashboard of the env live with its services (ADR 0014).
    this.monitoring = new EnvironmentMonitoring(this, 'monitoring', {
      environment,
      topicArn: network.alarmTopic.topicArn,
      clusterName: this.name(),
      services: this.services,
      albArnSuffix: alb.arnSuffix,
      ownsLoadBalancer: !(alb instanceof SharedAlb),
      containerInsights,
    });
  }

  /** The service of an app the schema has checked exists. */
  service(appName: string): EcsService {
    const service = this.services.get(appName);
    if (!service) throw new Error(`no service for app ${appName} in ${this.environment.name}`);
    return service;
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
