import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { ScheduledTask } from '../src';
import { ACCOUNT, CLUSTER, FAMILY, JOB, TOPIC, jobOutputs, only, statements, synthJob } from './helpers';

type Schedule = {
  name: string;
  schedule_expression: string;
  schedule_expression_timezone: string;
  state: string;
  flexible_time_window: { mode: string };
  target: {
    arn: string;
    role_arn: string;
    input: string;
    ecs_parameters: Record<string, unknown> & { network_configuration: Record<string, unknown> };
    retry_policy: { maximum_retry_attempts: number; maximum_event_age_in_seconds: number };
    dead_letter_config: { arn: string };
  };
};

const schedule = (overrides = {}) => only(synthJob(overrides).resource, 'aws_scheduler_schedule') as unknown as Schedule;

describe('ScheduledTask schedule', () => {
  const s = schedule();

  test('cron in UTC, enabled, no flexible window', () => {
    expect(s).toMatchObject({
      name: 'lq3-staging01-export',
      schedule_expression: 'cron(0 3 * * ? *)',
      schedule_expression_timezone: 'UTC',
      state: 'ENABLED',
      flexible_time_window: { mode: 'OFF' },
    });
  });

  test('RunTask on Fargate of the family in the cluster, private subnets, no public IP, job group', () => {
    expect(s.target.arn).toBe(CLUSTER);
    expect(s.target.ecs_parameters).toMatchObject({
      task_definition_arn: FAMILY,
      launch_type: 'FARGATE',
      platform_version: 'LATEST',
      task_count: 1,
      group: 'job:lq3-staging01-export',
      enable_ecs_managed_tags: true,
      propagate_tags: 'TASK_DEFINITION',
      network_configuration: { subnets: ['subnet-a', 'subnet-b'], security_groups: ['sg-api'], assign_public_ip: false },
    });
  });

  test('command override of the named container', () => {
    expect(JSON.parse(s.target.input)).toEqual({ containerOverrides: [{ name: 'api', command: ['bin/console', 'app:export'] }] });
  });

  test('default retry: 2 attempts within one hour for a daily job; dead letters to the queue', () => {
    expect(s.target.retry_policy).toEqual({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 });
    expect(s.target.dead_letter_config.arn).toMatch(/^\$\{aws_sqs_queue\.job_dead-letter-queue_[0-9A-F]+\.arn\}$/);
  });

  test('default retry window is half the interval for frequent jobs, and retries are off under 2 minutes', () => {
    expect(schedule({ schedule: 'rate(5 minutes)' }).target.retry_policy).toEqual({ maximum_retry_attempts: 2, maximum_event_age_in_seconds: 150 });
    expect(schedule({ schedule: 'rate(1 minute)' }).target.retry_policy).toEqual({ maximum_retry_attempts: 0, maximum_event_age_in_seconds: 60 });
  });

  test('explicit retry, time zone, disabled state, platform version, pinned revision', () => {
    const custom = schedule({
      retry: { maximumAttempts: 5, maximumEventAgeSeconds: 1800 },
      timezone: 'Europe/Paris',
      enabled: false,
      platformVersion: '1.4.0',
      taskDefinitionArn: `${FAMILY}:42`,
    });
    expect(custom).toMatchObject({ schedule_expression_timezone: 'Europe/Paris', state: 'DISABLED' });
    expect(custom.target.retry_policy).toEqual({ maximum_retry_attempts: 5, maximum_event_age_in_seconds: 1800 });
    expect(custom.target.ecs_parameters).toMatchObject({ platform_version: '1.4.0', task_definition_arn: `${FAMILY}:42` });
  });

  test('a retry window is not checked for cron expressions the module cannot read', () => {
    expect(schedule({ schedule: 'cron(0 3 L * ? *)', retry: { maximumAttempts: 3, maximumEventAgeSeconds: 86400 } }).target.retry_policy.maximum_event_age_in_seconds).toBe(86400);
  });
});

describe('ScheduledTask scheduler role', () => {
  const { resource } = synthJob({ taskDefinitionArn: `${FAMILY}:7` });
  const role = only(resource, 'aws_iam_role');
  const policy = statements(only(resource, 'aws_iam_role_policy').policy);
  const bySid = (sid: string) => policy.find((s) => s.Sid === sid)!;

  test('assumed by EventBridge Scheduler of this account only', () => {
    const [trust] = statements(role.assume_role_policy);
    expect(trust.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(trust.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': expect.stringMatching(/^\$\{data\.aws_caller_identity\./) } });
  });

  test('ecs:RunTask on every revision of this family only, in this cluster only', () => {
    expect(bySid('RunThisFamilyInThisCluster')).toEqual({
      Sid: 'RunThisFamilyInThisCluster',
      Effect: 'Allow',
      Action: 'ecs:RunTask',
      Resource: [FAMILY, `${FAMILY}:*`],
      Condition: { ArnEquals: { 'ecs:cluster': CLUSTER } },
    });
  });

  test('iam:PassRole on the task and execution roles only, to ECS tasks', () => {
    expect(bySid('PassOnlyTheTaskRoles')).toMatchObject({
      Action: 'iam:PassRole',
      Resource: [JOB.taskRoleArn, JOB.executionRoleArn],
      Condition: { StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    });
  });

  test('tags only the tasks it starts in this cluster, and sends only to its dead-letter queue', () => {
    expect(bySid('TagTheTasksItStarts')).toMatchObject({
      Action: 'ecs:TagResource',
      Resource: `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/lq3-staging01/*`,
      Condition: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    });
    expect(bySid('DeadLetters')).toMatchObject({ Action: 'sqs:SendMessage', Resource: expect.stringMatching(/aws_sqs_queue\..*\.arn/) });
    expect(policy).toHaveLength(4);
  });

  test('references from other stacks are reduced to the family by Terraform', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const taskDefinitionArn = new TerraformVariable(stack, 'task_definition', { type: 'string' }).stringValue;
    const clusterArn = new TerraformVariable(stack, 'cluster', { type: 'string' }).stringValue;
    new ScheduledTask(stack, 'job', { ...JOB, taskDefinitionArn, clusterArn });
    // Terraform evaluates the interpolations inside the policy string, so the
    // raw text holds HCL expressions rather than parseable JSON.
    const policy = only(JSON.parse(Testing.synth(stack)).resource, 'aws_iam_role_policy').policy as string;
    const family = '${replace(var.task_definition, "/:[0-9]+$/", "")}';
    expect(policy).toContain(`"Action":"ecs:RunTask","Resource":["${family}","${family}:*"]`);
    expect(policy).toContain('"Resource":"${replace(var.cluster, ":cluster/", ":task/")}/*"');
  });
});

describe('ScheduledTask failure handling', () => {
  const { resource } = synthJob();

  test('dead-letter queue encrypted (SSE-SQS), kept 14 days, TLS only', () => {
    const queue = only(resource, 'aws_sqs_queue');
    expect(queue).toEqual({ name: 'lq3-staging01-export-scheduler-dlq', sqs_managed_sse_enabled: true, message_retention_seconds: 1209600 });
    const [deny] = statements(only(resource, 'aws_sqs_queue_policy').policy);
    expect(deny).toMatchObject({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    expect(only(resource, 'aws_scheduler_schedule')).not.toHaveProperty('kms_key_arn');
  });

  test('a customer-managed key encrypts the schedule and the dead-letter queue, and the scheduler may use it', () => {
    const key = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const encrypted = synthJob({ kmsKeyArn: key }).resource;
    expect(only(encrypted, 'aws_scheduler_schedule')).toMatchObject({ kms_key_arn: key });
    expect(only(encrypted, 'aws_sqs_queue')).toMatchObject({ kms_master_key_id: key });
    expect(only(encrypted, 'aws_sqs_queue')).not.toHaveProperty('sqs_managed_sse_enabled');
    const policies = Object.values(encrypted['aws_iam_role_policy']).flatMap((policy) => statements(policy.policy));
    expect(policies).toContainEqual(expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: key }));
  });

  test('alarm as soon as a message is in the dead-letter queue', () => {
    expect(only(resource, 'aws_cloudwatch_metric_alarm')).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'lq3-staging01-export-scheduler-dlq' },
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
    });
  });

  test('a rule catches stopped tasks of this job that exited non-zero or never started', () => {
    const pattern = JSON.parse(only(resource, 'aws_cloudwatch_event_rule').event_pattern as string);
    expect(pattern).toEqual({
      source: ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      detail: {
        clusterArn: [CLUSTER],
        group: ['job:lq3-staging01-export'],
        lastStatus: ['STOPPED'],
        $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
      },
    });
  });

  test('and notifies the topic with a readable message', () => {
    const target = only(resource, 'aws_cloudwatch_event_target') as { arn: string; input_transformer: { input_paths: object; input_template: string } };
    expect(target.arn).toBe(TOPIC);
    expect(target.input_transformer.input_paths).toEqual({ task: '$.detail.taskArn', image: '$.detail.containers[0].image', stopCode: '$.detail.stopCode', reason: '$.detail.stoppedReason' });
    const { content } = JSON.parse(target.input_transformer.input_template);
    expect(content.title).toBe('Scheduled job lq3-staging01-export failed');
    expect(content.description).toBe('Task <task> running <image> stopped (<stopCode>): <reason>');
  });

  test('a failure title can name where and what the job runs', () => {
    const target = only(synthJob({ failureTitle: ':x: staging01 · job export (api) failed' }).resource, 'aws_cloudwatch_event_target') as { input_transformer: { input_template: string } };
    expect(JSON.parse(target.input_transformer.input_template).content.title).toBe(':x: staging01 · job export (api) failed');
  });
});

describe('ScheduledTask outputs', () => {
  test('schedule, queue, role and rule ARNs, and the task group', () => {
    expect(jobOutputs((job) => ({ schedule: job.scheduleArn, queue: job.deadLetterQueueArn, role: job.schedulerRoleArn, rule: job.failureRuleArn, group: job.taskGroup }))).toEqual({
      schedule: expect.stringMatching(/^\$\{aws_scheduler_schedule\..*\.arn\}$/),
      queue: expect.stringMatching(/^\$\{aws_sqs_queue\..*\.arn\}$/),
      role: expect.stringMatching(/^\$\{aws_iam_role\..*\.arn\}$/),
      rule: expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\..*\.arn\}$/),
      group: 'job:lq3-staging01-export',
    });
  });

  test('announces its module once', () => {
    const { job } = synthJob();
    expect(job.node.metadata.filter((m) => m.type === 'lq3:module').map((m) => m.data)).toEqual([{ name: '@lq3/cron-task', version: expect.any(String) }]);
  });
});

describe('ScheduledTask validation', () => {
  const build = (overrides: object) => () => new ScheduledTask(new TerraformStack(Testing.app(), 'test'), 'job', { ...JOB, ...overrides });

  test('retry window longer than a rate() interval', () => {
    expect(build({ schedule: 'rate(10 minutes)', retry: { maximumAttempts: 2, maximumEventAgeSeconds: 900 } })).toThrow(
      /retry window of 900s is not shorter than the 600s between runs of 'rate\(10 minutes\)'.*Lower retry.maximumEventAgeSeconds below 600/,
    );
  });
  test('retry window as long as an hourly cron interval', () => {
    expect(build({ schedule: 'cron(5 * * * ? *)', retry: { maximumAttempts: 1, maximumEventAgeSeconds: 3600 } })).toThrow(/3600s is not shorter than the 3600s/);
  });
  test('retry window crossing the next run of a daily job when DST shortens the day', () => {
    const retry = { maximumAttempts: 1, maximumEventAgeSeconds: 84000 };
    expect(build({ timezone: 'Europe/Paris', retry })).toThrow(/than the 82800s between runs .* in Europe\/Paris \(one hour less for DST\)/);
    expect(build({ timezone: 'UTC', retry })).not.toThrow();
  });
  test('a long window is fine without retries', () => {
    expect(build({ schedule: 'rate(10 minutes)', retry: { maximumAttempts: 0, maximumEventAgeSeconds: 3600 } })).not.toThrow();
  });
  test('retry attempts out of range', () => {
    expect(build({ retry: { maximumAttempts: 200, maximumEventAgeSeconds: 600 } })).toThrow(/retry.maximumAttempts must be an integer from 0 to 185, got 200/);
  });
  test('retry event age out of range', () => {
    expect(build({ retry: { maximumAttempts: 1, maximumEventAgeSeconds: 30 } })).toThrow(/retry.maximumEventAgeSeconds must be an integer from 60 to 86400, got 30/);
  });
  test('malformed schedule expression', () => {
    expect(build({ schedule: '0 3 * * *' })).toThrow(/schedule '0 3 \* \* \*' must be 'cron\(minutes hours day-of-month month day-of-week year\)' or 'rate\(N minutes\|hours\|days\)'/);
  });
  test('cron fields AWS refuses', () => {
    expect(build({ schedule: 'cron(0 3 * * * *)' })).toThrow(/schedule 'cron\(0 3 \* \* \* \*\)' cannot set both day-of-month and day-of-week/);
    expect(build({ schedule: 'cron(0 25 * * ? *)' })).toThrow(/hours field '25': 25 is not a valid value \(0-23\)/);
  });
  test('unknown time zone', () => {
    expect(build({ timezone: 'Europe/Atlantis' })).toThrow(/timezone 'Europe\/Atlantis' is not an IANA time zone/);
    expect(build({ timezone: 'europe/paris' })).toThrow(/timezone 'europe\/paris' is not an IANA time zone/);
  });
  test('task definition that is not an ECS task definition ARN', () => {
    expect(build({ taskDefinitionArn: 'lq3-staging01-api' })).toThrow(/taskDefinitionArn 'lq3-staging01-api' must be 'arn:aws:ecs:<region>:<account>:task-definition\/<family>'/);
  });
  test('invalid name', () => {
    expect(build({ name: 'export job' })).toThrow(/name must be 1-48 letters, digits, hyphens or underscores/);
  });
  test('empty command, subnets or security groups', () => {
    expect(build({ command: [] })).toThrow(/command must not be empty/);
    expect(build({ subnetIds: [] })).toThrow(/subnetIds must list at least one private subnet/);
    expect(build({ securityGroupIds: [] })).toThrow(/securityGroupIds must list at least one security group/);
  });
});
