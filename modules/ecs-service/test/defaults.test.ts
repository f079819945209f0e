import { TerraformOutput, TerraformStack } from 'cdktf';
import pkg from '../package.json';
import { synth, WEB, WORKER, type Json } from './helpers';

describe('EcsService defaults (a worker with only the required props)', () => {
  const worker = synth(WORKER);
  const service = worker.only('aws_ecs_service');
  const container = worker.container();

  it('runs on Fargate in the given private subnets without a public IP', () => {
    expect(service.launch_type).toBe('FARGATE');
    expect(service.platform_version).toBe('LATEST');
    expect(service.network_configuration).toEqual({
      assign_public_ip: false,
      subnets: WORKER.subnetIds,
      security_groups: [expect.stringContaining('aws_security_group.')],
    });
    expect(service.desired_count).toBe(1);
  });

  it('rolls deployments with the circuit breaker rolling back a failed one', () => {
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    expect(service.deployment_controller).toEqual({ type: 'ECS' });
    expect(service.deployment_configuration).toEqual({ strategy: 'ROLLING' });
    expect(service.deployment_minimum_healthy_percent).toBe(100);
    expect(service.deployment_maximum_percent).toBe(200);
  });

  it('keeps ECS Exec off and the root filesystem read-only with a writable /tmp', () => {
    expect(service.enable_execute_command).toBe(false);
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints).toEqual([{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }]);
    expect(worker.only('aws_ecs_task_definition').volume).toEqual([{ name: 'tmp' }]);
    expect(container).not.toHaveProperty('linuxParameters');
    expect(container).not.toHaveProperty('user');
  });

  it('registers an awsvpc Fargate task definition with the image tag, both roles and no port', () => {
    const taskDefinition = worker.only('aws_ecs_task_definition');
    expect(taskDefinition).toMatchObject({
      family: 'api-worker',
      cpu: '256',
      memory: '512',
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
      runtime_platform: { operating_system_family: 'LINUX', cpu_architecture: 'X86_64' },
      skip_destroy: true,
    });
    expect(taskDefinition.execution_role_arn).toMatch(/aws_iam_role\.api_execution-role_\w+\.arn/);
    expect(taskDefinition.task_role_arn).toMatch(/aws_iam_role\.api_task-role_\w+\.arn/);
    expect(container).toMatchObject({ name: 'app', image: `${WORKER.image}:1.4.2`, essential: true });
    for (const absent of ['portMappings', 'environment', 'secrets', 'healthCheck', 'command']) {
      expect(container).not.toHaveProperty(absent);
    }
  });

  it('ships logs to /ecs/<name> kept 90 days, without a customer KMS key', () => {
    expect(worker.only('aws_cloudwatch_log_group')).toEqual({ name: '/ecs/api-worker', retention_in_days: 90 });
    expect(container.logConfiguration).toEqual({
      logDriver: 'awslogs',
      options: {
        'awslogs-group': expect.stringMatching(/aws_cloudwatch_log_group\.api_logs_\w+\.name/),
        'awslogs-region': expect.stringMatching(/data\.aws_region\.[\w-]+\.region/),
        'awslogs-stream-prefix': 'app',
      },
    });
  });

  it('gives the execution role only the log group and this ECR repository, and the task role nothing', () => {
    const statements = worker.policy('execution').Statement;
    expect(statements).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [expect.stringMatching(/\.arn}$/), expect.stringMatching(/\.arn}:\*$/)] },
      { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      {
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Resource: ['arn:aws:ecr:eu-central-1:123456789012:repository/lq3/api'],
      },
    ]);
    const policyNames = Object.values(worker.resources('aws_iam_role_policy')).map((p: Json) => p.name);
    expect(policyNames).toEqual(['execution']);
    expect(worker.resources('aws_iam_role_policy_attachment')).toEqual({});
  });

  it('lets only ECS tasks of this account and region assume the task role', () => {
    const roles = Object.values(worker.resources('aws_iam_role')) as Json[];
    const taskRole = roles.find((role) => role.name === 'api-worker-task');
    const trust = JSON.parse(taskRole.assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: 'ecs-tasks.amazonaws.com' });
    expect(trust.Condition.StringEquals['aws:SourceAccount']).toMatch(/data\.aws_caller_identity\.[\w-]+\.account_id/);
    expect(trust.Condition.ArnLike['aws:SourceArn']).toMatch(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition}:ecs:/);
    expect(roles.map((role) => role.name).sort()).toEqual(['api-worker-execution', 'api-worker-task']);
  });

  it('opens HTTPS egress only, with no ingress and no load balancer resources for a worker', () => {
    expect(worker.only('aws_vpc_security_group_egress_rule')).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' });
    expect(worker.only('aws_security_group')).toMatchObject({ name_prefix: 'api-worker-', lifecycle: { create_before_destroy: true } });
    for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_lb_target_group', 'aws_lb_listener_rule', 'aws_appautoscaling_target']) {
      expect(worker.resources(type)).toEqual({});
    }
    expect(service).not.toHaveProperty('load_balancer');
    expect(service).not.toHaveProperty('health_check_grace_period_seconds');
    expect(service).not.toHaveProperty('lifecycle');
    expect(worker.service.targetGroupArns).toEqual([]);
    expect(worker.service.productionListenerRuleArn).toBeUndefined();
    expect(worker.service.infrastructureRole).toBeUndefined();
  });

  it('announces its package and version once', () => {
    const entries = worker.service.node.metadata.filter((m) => m.type === 'lq3:module');
    expect(entries.map((m) => m.data)).toEqual([{ name: '@lq3/ecs-service', version: pkg.version }]);
  });

  it('exposes its outputs as Terraform references', () => {
    const web = synth(WEB, (construct) => {
      const outputs: Record<string, unknown> = {
        serviceName: construct.serviceName,
        serviceArn: construct.serviceArn,
        taskDefinitionArn: construct.taskDefinitionArn,
        taskDefinitionFamily: construct.taskDefinitionFamily,
        taskDefinitionFamilyArn: construct.taskDefinitionFamilyArn,
        securityGroupId: construct.securityGroupId,
        logGroupName: construct.logGroupName,
        targetGroupArns: construct.targetGroupArns,
        targetGroupArnSuffixes: construct.targetGroupArnSuffixes,
        productionListenerRuleArn: construct.productionListenerRuleArn,
        taskRoleName: construct.taskRole.name,
        executionRoleArn: construct.executionRole.arn,
      };
      for (const [name, value] of Object.entries(outputs)) new TerraformOutput(TerraformStack.of(construct), name, { value });
    });
    const output = (name: string): Json => web.json.output[name].value;
    expect(output('serviceName')).toMatch(/^\$\{aws_ecs_service\.api_service_\w+\.name}$/);
    expect(output('serviceArn')).toMatch(/^\$\{aws_ecs_service\.api_service_\w+\.arn}$/);
    expect(output('taskDefinitionArn')).toMatch(/aws_ecs_task_definition\.[\w-]+\.arn/);
    expect(output('taskDefinitionFamily')).toMatch(/aws_ecs_task_definition\.[\w-]+\.family/);
    expect(output('taskDefinitionFamilyArn')).toMatch(/aws_ecs_task_definition\.[\w-]+\.arn_without_revision/);
    expect(output('securityGroupId')).toMatch(/aws_security_group\.[\w-]+\.id/);
    expect(output('logGroupName')).toMatch(/aws_cloudwatch_log_group\.[\w-]+\.name/);
    expect(output('targetGroupArns')).toEqual([expect.stringMatching(/aws_lb_target_group\.api_target-group-1_\w+\.arn/)]);
    expect(output('targetGroupArnSuffixes')).toEqual([expect.stringMatching(/\.arn_suffix}$/)]);
    expect(output('productionListenerRuleArn')).toMatch(/aws_lb_listener_rule\.api_listener-rule_\w+\.arn/);
    expect(output('taskRoleName')).toMatch(/aws_iam_role\.api_task-role_\w+\.name/);
    expect(output('executionRoleArn')).toMatch(/aws_iam_role\.api_execution-role_\w+\.arn/);
    expect(web.service.containerName).toBe('app');
    expect(web.service.testListenerRuleArn).toBeUndefined();
  });
});
