import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { denyInsecureTransportPolicy } from './policies';
import { minimumIntervalSeconds, scheduleExpressionProblem, timeZoneProblem } from './schedule-expression';

/** EventBridge Scheduler's retry policy for a RunTask call that fails (throttling, no capacity, bad network config). */
export interface ScheduledTaskRetry {
  /** Retries after the first attempt, 0..185. */
  readonly maximumAttempts: number;
  /** Seconds after the scheduled time after which no (re)try is made, 60..86400; must be shorter than the schedule's interval. */
  readonly maximumEventAgeSeconds: number;
}

export interface ScheduledTaskProps {
  /** Job name: schedule, role, queue, rule and alarm names derive from it, and tasks run in ECS group `job:<name>`. Letters, digits, `-`, `_`; at most 48. */
  readonly name: string;
  /** `cron(min hour day-of-month month day-of-week year)` or `rate(N minutes|hours|days)`. */
  readonly schedule: string;
  /**
   * IANA time zone the cron expression is read in (DST-aware).
   * @default 'UTC'
   */
  readonly timezone?: string;
  /**
   * Whether the schedule fires (a disabled schedule keeps its configuration).
   * @default true
   */
  readonly enabled?: boolean;
  /** ECS cluster the task runs in. */
  readonly clusterArn: string;
  /**
   * Task definition to run. The family ARN without revision
   * (`aws_ecs_task_definition.arn_without_revision`) runs the latest ACTIVE
   * revision, so deployments that register revisions need no schedule change;
   * an ARN with `:<revision>` pins it. Either way the scheduler may run every
   * revision of that family and nothing else.
   */
  readonly taskDefinitionArn: string;
  /** Container of the task definition whose command is overridden. */
  readonly containerName: string;
  /** Command for that container, e.g. `['bin/console', 'app:export']`. */
  readonly command: string[];
  /** Private subnets for the task (no public IP is assigned). */
  readonly subnetIds: string[];
  /** Security groups of the task. */
  readonly securityGroupIds: string[];
  /** Task role of the task definition; the scheduler may pass only this and the execution role. */
  readonly taskRoleArn: string;
  /** Execution role of the task definition. */
  readonly executionRoleArn: string;
  /**
   * Retry policy; its window must end before the next run.
   * @default 2 attempts within min(1 hour, half the interval); no retries when the interval is under 2 minutes
   */
  readonly retry?: ScheduledTaskRetry;
  /**
   * SNS topic for failed runs (non-zero exit, failed start) and dead letters.
   * Its access policy must allow `events.amazonaws.com` to `sns:Publish` (and,
   * when the topic is KMS-encrypted, its key must allow EventBridge): a topic
   * policy is owned by the topic's stack, not by each job.
   */
  readonly alarmTopicArn: string;
  /**
   * Customer-managed KMS key for the schedule (its target input) and the dead-letter
   * queue. Its key policy must let EventBridge Scheduler use it; the scheduler role
   * gets kms:GenerateDataKey/Decrypt on it to write dead letters.
   * @default an AWS-owned key for the schedule, SQS-managed encryption for the queue
   */
  readonly kmsKeyArn?: string;
  /**
   * Fargate platform version.
   * @default 'LATEST'
   */
  readonly platformVersion?: string;
  /**
   * Description shown on the schedule.
   * @default `Runs <command> on <schedule>`
   */
  readonly description?: string;
  /**
   * Title of the failure message (Slack through AWS Chatbot), e.g. naming the
   * environment and app; the body always names the task, the image it ran, the
   * stop code and ECS's reason.
   * @default `Scheduled job <name> failed`
   */
  readonly failureTitle?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,47}$/;
const TASK_DEFINITION_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}(:\d+)?$/;
const DEFAULT_ATTEMPTS = 2;
const MAX_DEFAULT_EVENT_AGE = 3600;
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * Runs an ECS Fargate task of an existing task-definition family on an
 * EventBridge Scheduler schedule, with a command override, bounded retries, an
 * encrypted dead-letter queue with an alarm, and an alert when a run exits
 * non-zero or fails to start.
 */
export class ScheduledTask extends Construct {
  readonly scheduleArn: string;
  readonly deadLetterQueueArn: string;
  readonly schedulerRoleArn: string;
  /** EventBridge rule that reports failed runs to the alarm topic. */
  readonly failureRuleArn: string;
  /** ECS task group of the runs (`job:<name>`), for filtering tasks and events. */
  readonly taskGroup: string;

  constructor(scope: Construct, id: string, props: ScheduledTaskProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const { retry, timezone } = validate(props);
    const { name } = props;
    this.taskGroup = `job:${name}`;

    const account = new DataAwsCallerIdentity(this, 'account');
    // Literal ARNs are rewritten here; references from another stack by Terraform.
    const rewrite = (value: string, pattern: RegExp, hclPattern: string, replacement: string) =>
      Token.isUnresolved(value) ? Fn.replace(value, hclPattern, replacement) : value.replace(pattern, replacement);
    const familyArn = rewrite(props.taskDefinitionArn, /:\d+$/, '/:[0-9]+$/', '');
    const clusterTasksArn = `${rewrite(props.clusterArn, /:cluster\//, ':cluster/', ':task/')}/*`;

    const deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: `${name}-scheduler-dlq`,
      ...(props.kmsKeyArn ? { kmsMasterKeyId: props.kmsKeyArn } : { sqsManagedSseEnabled: true }),
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
    });
    new SqsQueuePolicy(this, 'dead-letter-queue-policy', {
      queueUrl: deadLetterQueue.url,
      policy: denyInsecureTransportPolicy('sqs', deadLetterQueue.arn),
    });
    this.deadLetterQueueArn = deadLetterQueue.arn;

    const role = new IamRole(this, 'scheduler-role', {
      name: `${name}-scheduler`,
      description: `EventBridge Scheduler runs job ${name}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Only schedules of this account may use the role (confused deputy).
            Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'scheduler-policy', {
      role: role.name,
      name: 'run-task',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'RunThisFamilyInThisCluster',
            Effect: 'Allow',
            Action: 'ecs:RunTask',
            Resource: [familyArn, `${familyArn}:*`],
            Condition: { ArnEquals: { 'ecs:cluster': props.clusterArn } },
          },
          {
            // RunTask with managed tags tags the new task.
            Sid: 'TagTheTasksItStarts',
            Effect: 'Allow',
            Action: 'ecs:TagResource',
            Resource: clusterTasksArn,
            Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
          },
          {
            Sid: 'PassOnlyTheTaskRoles',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: [props.taskRoleArn, props.executionRoleArn],
            Condition: { StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
          },
          { Sid: 'DeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: deadLetterQueue.arn },
          ...(props.kmsKeyArn
            ? [{ Sid: 'EncryptedDeadLetters', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: props.kmsKeyArn }]
            : []),
        ],
      }),
    });
    this.schedulerRoleArn = role.arn;

    const schedule = new SchedulerSchedule(this, 'schedule', {
      name,
      description: props.description ?? `Runs ${props.command.join(' ')} on ${props.schedule}`,
      scheduleExpression: props.schedule,
      scheduleExpressionTimezone: timezone,
      kmsKeyArn: props.kmsKeyArn,
      state: props.enabled === false ? 'DISABLED' : 'ENABLED',
      // Run at the scheduled minute, not somewhere in a window.
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.clusterArn,
        roleArn: role.arn,
        // For ECS targets the input is RunTask's `overrides`.
        input: JSON.stringify({ containerOverrides: [{ name: props.containerName, command: props.command }] }),
        ecsParameters: {
          taskDefinitionArn: props.taskDefinitionArn,
          launchType: 'FARGATE',
          platformVersion: props.platformVersion ?? 'LATEST',
          taskCount: 1,
          group: this.taskGroup,
          enableEcsManagedTags: true,
          propagateTags: 'TASK_DEFINITION',
          networkConfiguration: { subnets: props.subnetIds, securityGroups: props.securityGroupIds, assignPublicIp: false },
        },
        retryPolicy: { maximumRetryAttempts: retry.maximumAttempts, maximumEventAgeInSeconds: retry.maximumEventAgeSeconds },
        deadLetterConfig: { arn: deadLetterQueue.arn },
      },
    });
    this.scheduleArn = schedule.arn;

    new CloudwatchMetricAlarm(this, 'dead-letter-alarm', {
      alarmName: `${name}-scheduler-dead-letters`,
      alarmDescription: `Job ${name} could not be started by EventBridge Scheduler (see queue ${name}-scheduler-dlq)`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: `${name}-scheduler-dlq` },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: 0,
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });

    const failureRule = new CloudwatchEventRule(this, 'failure-rule', {
      name: `${name}-failed`,
      description: `Runs of job ${name} that exit non-zero or fail to start`,
      eventPattern: JSON.stringify({
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: {
          clusterArn: [props.clusterArn],
          group: [this.taskGroup],
          lastStatus: ['STOPPED'],
          // A started task reports exit codes; one that never started (image
          // pull, secrets, capacity) has none but stopCode TaskFailedToStart.
          $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
        },
      }),
    });
    new CloudwatchEventTarget(this, 'failure-notification', {
      rule: failureRule.name,
      arn: props.alarmTopicArn,
      inputTransformer: {
        // The image of the run: the family's latest revision when it ran, whatever the tag is now.
        inputPaths: { task: '$.detail.taskArn', image: '$.detail.containers[0].image', stopCode: '$.detail.stopCode', reason: '$.detail.stoppedReason' },
        // AWS Chatbot's custom notification format: readable in Slack and in e-mail.
        inputTemplate: JSON.stringify({
          version: '1.0',
          source: 'custom',
          content: {
            title: props.failureTitle ?? `Scheduled job ${name} failed`,
            description: 'Task <task> running <image> stopped (<stopCode>): <reason>',
          },
        }),
      },
    });
    this.failureRuleArn = failureRule.arn;
  }
}

function fail(name: string, message: string): never {
  throw new Error(`ScheduledTask '${name}': ${message}`);
}

function validate(props: ScheduledTaskProps): { retry: ScheduledTaskRetry; timezone: string } {
  const { name } = props;
  if (!NAME.test(name)) fail(name, 'name must be 1-48 letters, digits, hyphens or underscores, starting with a letter or digit.');
  const scheduleProblem = scheduleExpressionProblem(props.schedule);
  if (scheduleProblem) fail(name, `schedule '${props.schedule}' ${scheduleProblem}.`);
  const timezone = props.timezone ?? 'UTC';
  const timezoneProblem = timeZoneProblem(timezone);
  if (timezoneProblem) fail(name, `timezone '${timezone}' ${timezoneProblem}.`);
  if (!Token.isUnresolved(props.taskDefinitionArn) && !TASK_DEFINITION_ARN.test(props.taskDefinitionArn)) {
    fail(name, `taskDefinitionArn '${props.taskDefinitionArn}' must be 'arn:aws:ecs:<region>:<account>:task-definition/<family>' with an optional ':<revision>'.`);
  }
  if (props.command.length === 0) fail(name, 'command must not be empty, e.g. ["bin/console", "app:export"].');
  if (props.subnetIds.length === 0) fail(name, 'subnetIds must list at least one private subnet.');
  if (props.securityGroupIds.length === 0) fail(name, 'securityGroupIds must list at least one security group.');

  // Scheduler fires at local wall-clock times; across a DST change two runs
  // can be an hour closer than the expression suggests.
  const nominal = minimumIntervalSeconds(props.schedule);
  const interval = nominal !== undefined && timezone !== 'UTC' && nominal > 3600 ? nominal - 3600 : nominal;
  const retry = props.retry ?? defaultRetry(interval);
  if (!Number.isInteger(retry.maximumAttempts) || retry.maximumAttempts < 0 || retry.maximumAttempts > 185) {
    fail(name, `retry.maximumAttempts must be an integer from 0 to 185, got ${retry.maximumAttempts}.`);
  }
  if (!Number.isInteger(retry.maximumEventAgeSeconds) || retry.maximumEventAgeSeconds < 60 || retry.maximumEventAgeSeconds > 86400) {
    fail(name, `retry.maximumEventAgeSeconds must be an integer from 60 to 86400, got ${retry.maximumEventAgeSeconds}.`);
  }
  if (interval !== undefined && retry.maximumAttempts > 0 && retry.maximumEventAgeSeconds >= interval) {
    fail(
      name,
      `retry window of ${retry.maximumEventAgeSeconds}s is not shorter than the ${interval}s between runs of '${props.schedule}'` +
        `${interval !== nominal ? ` in ${timezone} (one hour less for DST)` : ''}; a late retry could overlap the next run. ` +
        `Lower retry.maximumEventAgeSeconds below ${interval} or set retry.maximumAttempts to 0.`,
    );
  }
  return { retry, timezone };
}

function defaultRetry(interval: number | undefined): ScheduledTaskRetry {
  if (interval === undefined) return { maximumAttempts: DEFAULT_ATTEMPTS, maximumEventAgeSeconds: MAX_DEFAULT_EVENT_AGE };
  const window = Math.min(MAX_DEFAULT_EVENT_AGE, Math.floor(interval / 2));
  return window >= 60 ? { maximumAttempts: DEFAULT_ATTEMPTS, maximumEventAgeSeconds: window } : { maximumAttempts: 0, maximumEventAgeSeconds: 60 };
}
