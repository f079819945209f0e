import { TerraformVariable } from 'cdktf';
import { KMS_KEY_ARN, PARAMETER_ARN, SECRET_ARN, synth, WEB, WORKER, type Json } from './helpers';

describe('EcsService container features', () => {
  it('passes environment variables and secrets sorted by name, secrets only as ARNs', () => {
    const container = synth({
      ...WORKER,
      environment: { SYMFONY_ENV: 'prod', APP_DEBUG: '0' },
      secrets: { DATABASE_PASSWORD: `${SECRET_ARN}:password::`, APP_SECRET: PARAMETER_ARN },
    }).container();
    expect(container.environment).toEqual([
      { name: 'APP_DEBUG', value: '0' },
      { name: 'SYMFONY_ENV', value: 'prod' },
    ]);
    expect(container.secrets).toEqual([
      { name: 'APP_SECRET', valueFrom: PARAMETER_ARN },
      { name: 'DATABASE_PASSWORD', valueFrom: `${SECRET_ARN}:password::` },
    ]);
  });

  it('lets the execution role read exactly the referenced secrets and parameters', () => {
    const statements = synth({
      ...WORKER,
      secrets: { DATABASE_PASSWORD: `${SECRET_ARN}:password::`, DATABASE_USER: `${SECRET_ARN}:username::`, APP_SECRET: PARAMETER_ARN },
    }).policy('execution').Statement;
    // The JSON-key selector is not part of the IAM resource; two keys of one secret grant it once.
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [SECRET_ARN] });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: [PARAMETER_ARN] });
    expect(statements.flatMap((s: Json) => s.Action)).not.toContain('kms:Decrypt');
  });

  it('accepts the names RDS gives the master password secrets it manages (rds!db-...)', () => {
    const rdsSecret = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!db-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-AbCdEf';
    const statements = synth({ ...WORKER, secrets: { DATABASE_PASSWORD: `${rdsSecret}:password::` } }).policy('execution').Statement;
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [rdsSecret] });
  });

  it('adds kms:Decrypt on the secrets keys only when keys are given', () => {
    const statements = synth({ ...WORKER, secrets: { APP_SECRET: PARAMETER_ARN }, secretsKmsKeyArns: [KMS_KEY_ARN] }).policy('execution').Statement;
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KMS_KEY_ARN] });
  });

  it('accepts secrets that are Terraform references (e.g. an RDS-managed secret) and scopes IAM to them', () => {
    const synthesized = synth((stack) => {
      const secretArn = new TerraformVariable(stack, 'db_secret_arn', { type: 'string' }).stringValue;
      return { ...WORKER, secrets: { DATABASE_PASSWORD: `${secretArn}:password::`, DATABASE_URL_SECRET: secretArn } };
    });
    expect(synthesized.container().secrets).toEqual([
      { name: 'DATABASE_PASSWORD', valueFrom: '${var.db_secret_arn}:password::' },
      { name: 'DATABASE_URL_SECRET', valueFrom: '${var.db_secret_arn}' },
    ]);
    const statements = synthesized.policy('execution').Statement;
    // Which service the reference belongs to is only known at apply time; the resource stays the one ARN.
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: ['${var.db_secret_arn}'] });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: ['${var.db_secret_arn}'] });
  });

  it('adds a container health check with ECS defaults for unset timings', () => {
    const command = ['CMD-SHELL', 'curl -fs http://localhost:8080/health || exit 1'];
    expect(synth({ ...WORKER, healthCheck: { command, startPeriodSeconds: 30 } }).container().healthCheck).toEqual({
      command,
      interval: 30,
      timeout: 5,
      retries: 3,
      startPeriod: 30,
    });
  });

  it('runs as the given non-root user with the given command', () => {
    const container = synth({ ...WORKER, user: '1000:1000', command: ['php-fpm', '-F'] }).container();
    expect(container.user).toBe('1000:1000');
    expect(container.command).toEqual(['php-fpm', '-F']);
  });

  it('mounts one ephemeral volume per writable path', () => {
    const synthesized = synth({ ...WORKER, writableTmp: ['/tmp', '/var/www/var/cache'] });
    expect(synthesized.only('aws_ecs_task_definition').volume).toEqual([{ name: 'tmp' }, { name: 'var-www-var-cache' }]);
    expect(synthesized.container().mountPoints).toEqual([
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
      { sourceVolume: 'var-www-var-cache', containerPath: '/var/www/var/cache', readOnly: false },
    ]);
  });

  it('mounts no volume with writableTmp false', () => {
    const synthesized = synth({ ...WORKER, writableTmp: false });
    expect(synthesized.only('aws_ecs_task_definition')).not.toHaveProperty('volume');
    expect(synthesized.container()).not.toHaveProperty('mountPoints');
    expect(synthesized.container().readonlyRootFilesystem).toBe(true);
  });

  it('pins an image by digest with @', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(synth({ ...WORKER, tag: digest }).container().image).toBe(`${WORKER.image}@${digest}`);
  });

  it('grants no ECR permissions for images from other registries', () => {
    const statements = synth({ ...WORKER, image: 'public.ecr.aws/nginx/nginx' }).policy('execution').Statement;
    expect(statements.flatMap((s: Json) => s.Action).filter((a: string) => a.startsWith('ecr:'))).toEqual([]);
  });

  it('scopes ECR pulls to ecrRepositoryArn when the image is a Terraform reference', () => {
    const repositoryArn = 'arn:aws:ecr:eu-central-1:123456789012:repository/lq3/api';
    const statements = synth((stack) => ({
      ...WORKER,
      image: new TerraformVariable(stack, 'repository_url', { type: 'string' }).stringValue,
      ecrRepositoryArn: repositoryArn,
    })).policy('execution').Statement;
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: [repositoryArn],
    });
  });

  it('encrypts the log group with the given key and keeps logs as long as asked', () => {
    expect(synth({ ...WORKER, logKmsKeyArn: KMS_KEY_ARN, logRetentionDays: 365 }).only('aws_cloudwatch_log_group')).toEqual({
      name: '/ecs/api-worker',
      retention_in_days: 365,
      kms_key_id: KMS_KEY_ARN,
    });
  });

  it('runs on ARM64 and a pinned platform version when asked', () => {
    const synthesized = synth({ ...WORKER, cpuArchitecture: 'ARM64', platformVersion: '1.4.0' });
    expect(synthesized.only('aws_ecs_task_definition').runtime_platform.cpu_architecture).toBe('ARM64');
    expect(synthesized.only('aws_ecs_service').platform_version).toBe('1.4.0');
  });

  it('adds extra security groups after its own and can wait for a steady deployment', () => {
    const service = synth({ ...WORKER, additionalSecurityGroupIds: ['sg-0database0000000000'], waitForSteadyState: true }).only('aws_ecs_service');
    expect(service.network_configuration.security_groups).toEqual([expect.stringContaining('aws_security_group.'), 'sg-0database0000000000']);
    expect(service.wait_for_steady_state).toBe(true);
  });
});

describe('EcsService ECS Exec', () => {
  const synthesized = synth({ ...WORKER, enableExecuteCommand: true, readonlyRootFilesystem: false });

  it('turns it on for the service with an init process reaping session children', () => {
    expect(synthesized.only('aws_ecs_service').enable_execute_command).toBe(true);
    expect(synthesized.container().linuxParameters).toEqual({ initProcessEnabled: true });
    expect(synthesized.container().readonlyRootFilesystem).toBe(false);
  });

  it('gives the task role the SSM message channels and nothing else', () => {
    expect(synthesized.policy('application').Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
        Resource: ['*'],
      },
    ]);
  });
});

describe('EcsService.grantPolicy', () => {
  it('collects every grant into one task-role policy', () => {
    const synthesized = synth(WORKER, (service) => {
      service.grantPolicy([{ actions: ['s3:PutObject'], resources: ['arn:aws:s3:::lq3-exports/*'] }]);
      service.grantPolicy([
        {
          actions: ['sqs:SendMessage'],
          resources: ['arn:aws:sqs:eu-central-1:123456789012:jobs'],
          conditions: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ]);
    });
    const taskPolicies = Object.values(synthesized.resources('aws_iam_role_policy')).filter((p: Json) => p.name === 'application');
    expect(taskPolicies).toHaveLength(1);
    expect(taskPolicies[0].role).toMatch(/aws_iam_role\.api_task-role_\w+\.id/);
    expect(synthesized.policy('application').Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::lq3-exports/*'] },
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: ['arn:aws:sqs:eu-central-1:123456789012:jobs'],
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ]);
  });

  it('rejects statements without actions or resources, or with malformed actions', () => {
    const attempt = (statement: Json) => () => synth(WORKER, (service) => service.grantPolicy([statement]));
    expect(attempt({ actions: [], resources: ['*'] })).toThrow(/^EcsService api-worker: grantPolicy: a policy statement needs at least one action/);
    expect(attempt({ actions: ['s3:GetObject'], resources: [] })).toThrow(/at least one resource/);
    expect(attempt({ actions: ['GetObject'], resources: ['*'] })).toThrow(/action "GetObject" must look like service:Action/);
  });
});

describe('EcsService behind the ALB with rolling deployments', () => {
  const synthesized = synth(WEB);

  it('creates one ip target group on the container port with the health check', () => {
    expect(synthesized.only('aws_lb_target_group')).toEqual({
      name: 'api-8080-1',
      vpc_id: WEB.vpcId,
      target_type: 'ip',
      protocol: 'HTTP',
      port: 8080,
      deregistration_delay: '30',
      health_check: {
        enabled: true,
        path: '/health',
        matcher: '200',
        protocol: 'HTTP',
        port: 'traffic-port',
        interval: 15,
        timeout: 5,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
      },
      lifecycle: { create_before_destroy: true },
    });
  });

  it('forwards the host headers to it with a plain rule whose action Terraform keeps managing', () => {
    const rule = synthesized.only('aws_lb_listener_rule');
    expect(rule).toEqual({
      listener_arn: WEB.loadBalancer?.listenerArn,
      priority: 100,
      condition: [{ host_header: { values: ['api.example.com'] } }],
      action: [{ type: 'forward', target_group_arn: expect.stringMatching(/aws_lb_target_group\.api_target-group-1_\w+\.arn/) }],
    });
  });

  it('admits only the ALB security group on the container port', () => {
    expect(synthesized.only('aws_vpc_security_group_ingress_rule')).toMatchObject({
      referenced_security_group_id: 'sg-0alb00000000000000',
      ip_protocol: 'tcp',
      from_port: 8080,
      to_port: 8080,
    });
    expect(synthesized.only('aws_vpc_security_group_ingress_rule')).not.toHaveProperty('cidr_ipv4');
  });

  it("opens the ALB security group's egress to exactly these tasks on the container port", () => {
    const egress = Object.values(synthesized.resources('aws_vpc_security_group_egress_rule')) as Json[];
    const albEgress = egress.filter((rule) => rule.security_group_id === 'sg-0alb00000000000000');
    expect(albEgress).toEqual([
      {
        security_group_id: 'sg-0alb00000000000000',
        description: 'To the tasks of ECS service api',
        referenced_security_group_id: expect.stringMatching(/aws_security_group\.api_security-group_\w+\.id/),
        ip_protocol: 'tcp',
        from_port: 8080,
        to_port: 8080,
      },
    ]);
  });

  it('leaves the ALB security group alone with allowAlbEgress false', () => {
    const untouched = synth({ ...WEB, loadBalancer: { ...WEB.loadBalancer!, allowAlbEgress: false } });
    const egress = Object.values(untouched.resources('aws_vpc_security_group_egress_rule')) as Json[];
    expect(egress.map((rule) => rule.security_group_id)).toEqual([expect.stringContaining('aws_security_group.')]);
  });

  it('registers the container in the target group after the rule exists, with a grace period', () => {
    const service = synthesized.only('aws_ecs_service');
    expect(service.load_balancer).toEqual([
      { target_group_arn: expect.stringMatching(/target-group-1/), container_name: 'app', container_port: 8080 },
    ]);
    expect(service.health_check_grace_period_seconds).toBe(60);
    expect(service.depends_on).toEqual([expect.stringMatching(/^aws_lb_listener_rule\.api_listener-rule_/)]);
    expect(synthesized.container().portMappings).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]);
  });

  it('has no blue/green parts', () => {
    expect(synthesized.resources('aws_iam_role_policy_attachment')).toEqual({});
    expect(Object.values(synthesized.resources('aws_iam_role')).map((r: Json) => r.name)).not.toContain('api-ecs-infra');
  });

  it('honours custom matcher, deregistration delay and grace period', () => {
    const custom = synth({
      ...WEB,
      loadBalancer: { ...WEB.loadBalancer!, healthCheckMatcher: '200-299', deregistrationDelaySeconds: 5, healthCheckGracePeriodSeconds: 120 },
    });
    expect(custom.only('aws_lb_target_group').health_check.matcher).toBe('200-299');
    expect(custom.only('aws_lb_target_group').deregistration_delay).toBe('5');
    expect(custom.only('aws_ecs_service').health_check_grace_period_seconds).toBe(120);
  });

  it('keeps long target group names within 32 characters, stable and distinct', () => {
    const name = 'lq3-parallel-front-staging-front-web';
    const names = (n: string) =>
      Object.values(synth({ ...WEB, name: n, deployment: { strategy: 'blueGreen' } }).resources('aws_lb_target_group')).map((tg: Json) => tg.name);
    const first = names(name);
    expect(first).toHaveLength(2);
    for (const tgName of first) expect(tgName.length).toBeLessThanOrEqual(32);
    expect(first[0]).toMatch(/^lq3-parallel-front-[0-9a-f]{6}-8080-1$/);
    expect(new Set(first).size).toBe(2);
    expect(names(name)).toEqual(first);
    expect(names(`${name}2`)[0]).not.toBe(first[0]);
  });
});
