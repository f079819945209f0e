import { ExportsBucket, ScheduledTask } from '@lq3/cron-task';
import type { Construct } from 'constructs';
import type { Environment } from '../environment';
import { EnvironmentStack } from '../environment-stack';
import type { DataStack } from './data-stack';
import type { NetworkStack } from './network-stack';
import type { ServicesStack } from './services-stack';

/**
 * Jobs unit: the client's cron jobs as scheduled Fargate tasks of an app's task
 * definition (today's crontab on one EC2 box), and the exports bucket they write to.
 * The bucket lives here because its grants target the services' task roles; it is
 * kept while the env is disabled, the schedules are not.
 */
export class JobsStack extends EnvironmentStack {
  readonly exportsBucket: ExportsBucket;

  constructor(scope: Construct, environment: Environment, network: NetworkStack, data: DataStack, services: ServicesStack, exportsBucketName: string) {
    super(scope, environment, 'jobs');
    this.exportsBucket = new ExportsBucket(this, 'exports', {
      name: exportsBucketName,
      kmsKeyArn: network.key.keyArn,
      // A copy's exports go with it; anything else stops a destroy until emptied by hand.
      forceDestroy: environment.disposable.data,
    });
    const cluster = services.cluster;
    if (!cluster) return;

    for (const [appName, app] of environment.apps) {
      if (app.usesDatabase) this.exportsBucket.grantReadWrite(services.service(appName).taskRole);
    }
    for (const [jobName, job] of environment.jobs) {
      const service = services.service(job.app);
      this.fromField(`jobs.${jobName}`, () => new ScheduledTask(this, jobName, {
        name: this.name(jobName),
        schedule: job.schedule,
        timezone: job.timezone,
        enabled: job.enabled,
        clusterArn: cluster.clusterArn,
        // Without a revision: the job runs whatever revision the service last deployed.
        taskDefinitionArn: service.taskDefinitionFamilyArn,
        containerName: service.containerName,
        command: job.command,
        subnetIds: network.network.privateSubnetIds,
        securityGroupIds: [service.securityGroupId, ...(environment.apps.get(job.app)?.usesDatabase ? [data.database.clientSecurityGroupId] : [])],
        taskRoleArn: service.taskRole.arn,
        executionRoleArn: service.executionRole.arn,
        alarmTopicArn: network.alarmTopic.topicArn,
        // Slack names where and what failed; the body adds the image the run used.
        failureTitle: `:x: ${environment.name} · job ${jobName} (${job.app}) failed`,
        kmsKeyArn: network.key.keyArn,
      }));
    }
  }
}
