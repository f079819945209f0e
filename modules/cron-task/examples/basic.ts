/**
 * The nightly export of the Symfony API as a scheduled Fargate task, writing
 * to an exports bucket the API also reads. Type-checked by the module's
 * `typecheck` target.
 */
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { ExportsBucket, ScheduledTask } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'jobs-example');
const account = '111111111111';

// Normally the ecs-service module's task role, from the services stack.
const apiTaskRole = new IamRole(stack, 'api-task-role', {
  name: 'lq3-staging01-api-task',
  assumeRolePolicy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  }),
});

const exportsBucket = new ExportsBucket(stack, 'exports', { name: 'lq3-staging01-exports', expireAfterDays: 180 });
// The API serves exports and the export job (same task role) writes them.
exportsBucket.grantReadWrite(apiTaskRole);

const nightlyExport = new ScheduledTask(stack, 'export', {
  name: 'lq3-staging01-export',
  schedule: 'cron(30 2 * * ? *)',
  timezone: 'Europe/Paris',
  clusterArn: `arn:aws:ecs:eu-west-1:${account}:cluster/lq3-staging01`,
  // Family ARN without revision: the latest ACTIVE revision runs.
  taskDefinitionArn: `arn:aws:ecs:eu-west-1:${account}:task-definition/lq3-staging01-api`,
  containerName: 'api',
  command: ['bin/console', 'app:export', '--no-interaction'],
  subnetIds: ['subnet-0aaa', 'subnet-0bbb'],
  securityGroupIds: ['sg-0api'],
  taskRoleArn: apiTaskRole.arn,
  executionRoleArn: `arn:aws:iam::${account}:role/lq3-staging01-api-execution`,
  retry: { maximumAttempts: 3, maximumEventAgeSeconds: 3600 },
  alarmTopicArn: `arn:aws:sns:eu-west-1:${account}:lq3-staging01-alarms`,
});

new TerraformOutput(stack, 'schedule-arn', { value: nightlyExport.scheduleArn });
new TerraformOutput(stack, 'exports-bucket', { value: exportsBucket.bucketName });

app.synth();
