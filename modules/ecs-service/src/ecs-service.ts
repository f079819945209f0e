import {
  AppautoscalingPolicy,
  type AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
} from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingScheduledAction } from '@cdktf/provider-aws/lib/appautoscaling-scheduled-action';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { EcsService as EcsServiceResource } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LbListenerRule, type LbListenerRuleAction } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, Lazy, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import pkg from '../package.json';
import type { EcsServiceAutoScaling, EcsServiceLoadBalancer, EcsServiceProps } from './ecs-service-props';
import { egressRules } from './egress';
import { policyDocument, serviceTrustPolicy, statementProblem, type PolicyStatement } from './iam';
import { boundedName } from './names';
import { ecrRepositoryArn, parseSecretReference } from './references';
import { validateEcsServiceProps } from './validate';

/** Actions the SSM agent behind ECS Exec needs on the task role. */
const EXECUTE_COMMAND_ACTIONS = [
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

/**
 * A Fargate service: task definition, execution and task roles, log group,
 * security group, optional ALB target group(s) and host-header listener rule,
 * rolling or ECS native blue/green deployments with circuit-breaker rollback,
 * and optional auto-scaling.
 */
export class EcsService extends Construct {
  readonly serviceName: string;
  readonly serviceArn: string;
  readonly taskDefinitionArn: string;
  readonly taskDefinitionFamily: string;
  /** The family's ARN without revision: RunTask with it starts the latest ACTIVE revision (scheduled jobs). */
  readonly taskDefinitionFamilyArn: string;
  /** Role the application code runs as; empty unless granted (see `grantPolicy`). */
  readonly taskRole: IamRole;
  /** Role ECS uses to pull the image, write logs and read the secrets. */
  readonly executionRole: IamRole;
  /** Role ECS uses to shift listener-rule weights during blue/green deployments. */
  readonly infrastructureRole?: IamRole;
  readonly securityGroupId: string;
  readonly logGroupName: string;
  readonly containerName: string;
  /** One target group for rolling, two (production first) for blue/green; empty without a load balancer. */
  readonly targetGroupArns: string[];
  /** CloudWatch `TargetGroup` dimensions of `targetGroupArns`, in the same order. */
  readonly targetGroupArnSuffixes: string[];
  /** The host-header rule on the production listener; undefined without a load balancer. */
  readonly productionListenerRuleArn?: string;
  /** The host-header rule on the blue/green test listener, when one is configured. */
  readonly testListenerRuleArn?: string;
  readonly service: EcsServiceResource;

  private readonly name: string;
  private readonly taskStatements: PolicyStatement[] = [];
  private taskPolicy?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: EcsServiceProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });

    const problems = validateEcsServiceProps(props);
    if (problems.length > 0) {
      throw new Error(`EcsService ${props.name}: invalid props:\n  - ${problems.join('\n  - ')}`);
    }

    const name = props.name;
    this.name = name;
    const blueGreen = props.deployment?.strategy === 'blueGreen';
    const containerName = props.containerName ?? 'app';
    const region = new DataAwsRegion(this, 'region').region;
    const partition = new DataAwsPartition(this, 'partition').partition;
    const accountId = new DataAwsCallerIdentity(this, 'account').accountId;

    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/ecs/${name}`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.logKmsKeyArn,
    });

    this.executionRole = new IamRole(this, 'execution-role', {
      name: `${name}-execution`,
      description: `ECS pulls the image, writes logs and reads the secrets of ${name}`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com'),
    });
    new IamRolePolicy(this, 'execution-policy', {
      name: 'execution',
      role: this.executionRole.id,
      policy: policyDocument(executionStatements(props, logGroup.arn)),
    });

    this.taskRole = new IamRole(this, 'task-role', {
      name: `${name}-task`,
      description: `Application role of ${name}; grants are added explicitly`,
      // Confused-deputy guard: only ECS tasks of this account and region may assume it.
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', {
        ArnLike: { 'aws:SourceArn': `arn:${partition}:ecs:${region}:${accountId}:*` },
        StringEquals: { 'aws:SourceAccount': accountId },
      }),
    });
    if (props.enableExecuteCommand) {
      // ssmmessages channels have no resource type, hence "*".
      this.grantPolicy([{ actions: EXECUTE_COMMAND_ACTIONS, resources: ['*'] }]);
    }

    const securityGroup = new SecurityGroup(this, 'security-group', {
      namePrefix: `${name}-`,
      description: `Tasks of ECS service ${name}`,
      vpcId: props.vpcId,
      // A replacement must exist before the service moves to it; the old one is in use until then.
      lifecycle: { createBeforeDestroy: true },
    });
    this.securityGroupId = securityGroup.id;
    // Only the listed destinations (default: HTTPS anywhere). Fargate pulls the image, reads the
    // secrets and ships logs through this group too. DNS needs no rule: security groups do not
    // filter traffic to the Amazon-provided VPC resolver.
    for (const rule of egressRules(props.egress)) {
      new VpcSecurityGroupEgressRule(this, `egress-${rule.name}`, {
        securityGroupId: securityGroup.id,
        description: rule.description,
        ipProtocol: rule.protocol ?? 'tcp',
        fromPort: rule.port,
        toPort: rule.toPort ?? rule.port,
        cidrIpv4: rule.cidrIpv4,
        referencedSecurityGroupId: rule.securityGroupId,
        prefixListId: rule.prefixListId,
      });
    }

    const volumes = writablePaths(props).map((path) => ({ name: volumeName(path) }));
    const taskDefinition = new EcsTaskDefinition(this, 'task-definition', {
      family: name,
      cpu: String(props.cpu),
      memory: String(props.memory),
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      volume: volumes.length > 0 ? volumes : undefined,
      containerDefinitions: JSON.stringify([containerDefinition(props, containerName, logGroup.name, region)]),
      // Earlier revisions stay registered so a circuit-breaker rollback can start them again.
      skipDestroy: true,
    });

    const routing = props.loadBalancer
      ? this.createRouting(props, props.loadBalancer, securityGroup.id, blueGreen, partition)
      : undefined;
    this.targetGroupArns = routing?.targetGroups.map((tg) => tg.arn) ?? [];
    this.targetGroupArnSuffixes = routing?.targetGroups.map((tg) => tg.arnSuffix) ?? [];
    this.productionListenerRuleArn = routing?.productionRule.arn;
    this.testListenerRuleArn = routing?.testRule?.arn;
    this.infrastructureRole = routing?.infrastructureRole;

    const lb = props.loadBalancer;
    const alarmRollback = blueGreen ? props.deployment?.alarmRollback : undefined;
    const rollbackAlarm = alarmRollback && routing ? this.rollbackAlarm(name, alarmRollback, routing.targetGroups) : undefined;
    this.service = new EcsServiceResource(this, 'service', {
      name,
      cluster: props.clusterArn,
      taskDefinition: taskDefinition.arn,
      desiredCount: props.desiredCount ?? 1,
      launchType: 'FARGATE',
      platformVersion: props.platformVersion ?? 'LATEST',
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      waitForSteadyState: props.waitForSteadyState ?? false,
      networkConfiguration: {
        subnets: [...props.subnetIds],
        securityGroups: [securityGroup.id, ...(props.additionalSecurityGroupIds ?? [])],
        assignPublicIp: false,
      },
      deploymentController: { type: 'ECS' },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentConfiguration: blueGreen
        ? { strategy: 'BLUE_GREEN', bakeTimeInMinutes: String(props.deployment?.bakeTimeMinutes ?? 10) }
        : { strategy: 'ROLLING' },
      // Rolling keeps full capacity while new tasks start; blue/green runs a full second set anyway.
      deploymentMinimumHealthyPercent: blueGreen ? undefined : 100,
      deploymentMaximumPercent: blueGreen ? undefined : 200,
      healthCheckGracePeriodSeconds: lb ? (lb.healthCheckGracePeriodSeconds ?? 60) : undefined,
      loadBalancer:
        routing && props.containerPort !== undefined
          ? [
              {
                targetGroupArn: routing.targetGroups[0].arn,
                containerName,
                containerPort: props.containerPort,
                advancedConfiguration: routing.infrastructureRole
                  ? {
                      alternateTargetGroupArn: routing.targetGroups[1].arn,
                      productionListenerRule: routing.productionRule.arn,
                      testListenerRule: routing.testRule?.arn,
                      roleArn: routing.infrastructureRole.arn,
                    }
                  : undefined,
              },
            ]
          : undefined,
      // ECS rejects target groups that no listener routes to, and needs its role before the first deployment.
      dependsOn: routing?.dependencies,
      alarms: rollbackAlarm ? { alarmNames: [rollbackAlarm.alarmName], enable: true, rollback: true } : undefined,
      // Auto-scaling owns the task count once it is on. Under blue/green, ECS swaps the target
      // groups on every deployment and a release step deploys new revisions (ADR 0012,
      // hashicorp/terraform-provider-aws#45678): Terraform must not swap them back.
      lifecycle:
        props.autoScaling || blueGreen
          ? { ignoreChanges: [...(props.autoScaling ? ['desired_count'] : []), ...(blueGreen ? ['task_definition', 'load_balancer'] : [])] }
          : undefined,
    });

    this.serviceName = this.service.name;
    this.serviceArn = this.service.arn;
    this.taskDefinitionArn = taskDefinition.arn;
    this.taskDefinitionFamilyArn = taskDefinition.arnWithoutRevision;
    this.taskDefinitionFamily = taskDefinition.family;
    this.logGroupName = logGroup.name;
    this.containerName = containerName;

    if (props.autoScaling) {
      this.createAutoScaling(props, props.autoScaling, routing?.targetGroups ?? []);
    }
  }

  /**
   * Grants the application (task role) the given permissions. Repeated calls add to
   * one inline policy, so the task role stays a single readable document.
   */
  grantPolicy(statements: readonly PolicyStatement[]): void {
    for (const statement of statements) {
      const problem = statementProblem(statement);
      if (problem) throw new Error(`EcsService ${this.name}: grantPolicy: ${problem}`);
    }
    this.taskStatements.push(...statements);
    this.taskPolicy ??= new IamRolePolicy(this, 'task-policy', {
      name: 'application',
      role: this.taskRole.id,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.taskStatements) }),
    });
  }

  /**
   * Errors users get from the service's targets, summed over both target groups: the target
   * 5xx and the connections the ALB could not open (it answers those with 502/503). ECS swaps
   * which group is live, so the sum always includes the green one — its test-listener traffic
   * before the production shift, all production traffic during the bake time. The deployment
   * rolls back when it fires.
   */
  private rollbackAlarm(name: string, rollback: { albArnSuffix: string; errorsPerMinute?: number }, targetGroups: LbTargetGroup[]): CloudwatchMetricAlarm {
    const metric = (id: string, metricName: string, tg: LbTargetGroup) => ({
      id,
      returnData: false,
      metric: {
        namespace: 'AWS/ApplicationELB',
        metricName,
        period: 60,
        stat: 'Sum',
        dimensions: { LoadBalancer: rollback.albArnSuffix, TargetGroup: tg.arnSuffix },
      },
    });
    const errors = targetGroups.map((tg, i) => metric(`errors${i + 1}`, 'HTTPCode_Target_5XX_Count', tg));
    const connectionErrors = targetGroups.map((tg, i) => metric(`connectionErrors${i + 1}`, 'TargetConnectionErrorCount', tg));
    return new CloudwatchMetricAlarm(this, 'deployment-5xx', {
      alarmName: `${name}-deployment-5xx`,
      alarmDescription: `Target 5xx and connection errors of ${name} (both target groups) during a blue/green deployment: ECS rolls it back`,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: rollback.errorsPerMinute ?? 10,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      // A group without traffic publishes nothing: no data is no error.
      treatMissingData: 'notBreaching',
      metricQuery: [
        ...errors,
        ...connectionErrors,
        {
          id: 'errors',
          label: 'Target 5xx and connection errors of both target groups',
          expression: [...errors, ...connectionErrors].map((query) => `FILL(${query.id}, 0)`).join(' + '),
          returnData: true,
        },
      ],
    });
  }

  private createRouting(
    props: EcsServiceProps,
    lb: EcsServiceLoadBalancer,
    securityGroupId: string,
    blueGreen: boolean,
    partition: string,
  ): Routing {
    const port = props.containerPort as number;
    new VpcSecurityGroupIngressRule(this, 'ingress-from-alb', {
      securityGroupId,
      description: 'From the load balancer only',
      referencedSecurityGroupId: lb.albSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
    });

    if (lb.allowAlbEgress ?? true) {
      // The ALB's own group may only send where it is told to; this opens exactly this service's port.
      new VpcSecurityGroupEgressRule(this, 'alb-egress-to-tasks', {
        securityGroupId: lb.albSecurityGroupId,
        description: `To the tasks of ECS service ${props.name}`,
        referencedSecurityGroupId: securityGroupId,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
      });
    }

    // The port is part of the name so a port change creates the new group before the old one goes.
    const targetGroups = (blueGreen ? [1, 2] : [1]).map(
      (n) =>
        new LbTargetGroup(this, `target-group-${n}`, {
          name: boundedName(props.name, `-${port}-${n}`, 32),
          vpcId: props.vpcId,
          targetType: 'ip',
          protocol: 'HTTP',
          port,
          deregistrationDelay: String(lb.deregistrationDelaySeconds ?? 30),
          healthCheck: {
            enabled: true,
            path: lb.healthCheckPath,
            matcher: lb.healthCheckMatcher ?? '200',
            protocol: 'HTTP',
            port: 'traffic-port',
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
          lifecycle: { createBeforeDestroy: true },
        }),
    );

    const forward: LbListenerRuleAction = blueGreen
      ? {
          type: 'forward',
          forward: {
            targetGroup: [
              { arn: targetGroups[0].arn, weight: 100 },
              { arn: targetGroups[1].arn, weight: 0 },
            ],
          },
        }
      : { type: 'forward', targetGroupArn: targetGroups[0].arn };
    const rule = (ruleId: string, listenerArn: string): LbListenerRule =>
      new LbListenerRule(this, ruleId, {
        listenerArn,
        priority: lb.priority,
        condition: [{ hostHeader: { values: [...lb.hostHeaders] } }],
        action: [forward],
        // Under blue/green, ECS owns the weights and swaps them on every deployment.
        lifecycle: blueGreen ? { ignoreChanges: ['action'] } : undefined,
      });
    const productionRule = rule('listener-rule', lb.listenerArn);
    const testRule = blueGreen && lb.testListenerArn ? rule('test-listener-rule', lb.testListenerArn) : undefined;

    const dependencies: ITerraformDependable[] = [productionRule, ...(testRule ? [testRule] : [])];
    let infrastructureRole: IamRole | undefined;
    if (blueGreen) {
      infrastructureRole = new IamRole(this, 'infrastructure-role', {
        name: `${props.name}-ecs-infra`,
        description: `ECS shifts listener-rule traffic between the target groups of ${props.name}`,
        assumeRolePolicy: serviceTrustPolicy('ecs.amazonaws.com'),
      });
      dependencies.push(
        new IamRolePolicyAttachment(this, 'infrastructure-role-load-balancers', {
          role: infrastructureRole.name,
          policyArn: `arn:${partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers`,
        }),
      );
    }
    return { targetGroups, productionRule, testRule, infrastructureRole, dependencies };
  }

  private createAutoScaling(props: EcsServiceProps, scaling: EcsServiceAutoScaling, targetGroups: LbTargetGroup[]): void {
    const clusterName = Fn.element(Fn.split('/', props.clusterArn), 1);
    const target = new AppautoscalingTarget(this, 'scaling-target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${clusterName}/${this.service.name}`,
      minCapacity: scaling.minCapacity,
      maxCapacity: scaling.maxCapacity,
      // Scheduled actions move the bounds (e.g. to zero at night); Terraform must not move
      // them back on the next plan. The bounds then reach AWS at the next scheduled action.
      lifecycle: (scaling.scheduledActions ?? []).length > 0 ? { ignoreChanges: ['min_capacity', 'max_capacity'] } : undefined,
    });
    const scalable = {
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
    };
    // Application Auto Scaling rejects concurrent changes to one target (ConcurrentUpdateException),
    // so each policy and scheduled action waits for the one before it.
    let previous: ITerraformDependable | undefined;
    const inSequence = (): { dependsOn?: ITerraformDependable[] } => (previous ? { dependsOn: [previous] } : {});
    const trackingPolicy = (metric: string, targetValue: number, specification: TrackedMetric): void => {
      previous = new AppautoscalingPolicy(this, `scale-on-${metric}`, {
        ...scalable,
        ...inSequence(),
        name: `${props.name}-${metric}`,
        policyType: 'TargetTrackingScaling',
        targetTrackingScalingPolicyConfiguration: {
          // Scale out fast, scale in slowly so short dips do not stop tasks needed again a minute later.
          scaleOutCooldown: 60,
          scaleInCooldown: 300,
          targetValue,
          ...specification,
        },
      });
    };

    trackingPolicy('cpu', scaling.cpuTargetPercent ?? 70, {
      predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
    });
    if (scaling.requestsPerTarget !== undefined && scaling.albArnSuffix !== undefined) {
      const albArnSuffix = scaling.albArnSuffix;
      trackingPolicy(
        'requests',
        scaling.requestsPerTarget,
        targetGroups.length === 1
          ? {
              predefinedMetricSpecification: {
                predefinedMetricType: 'ALBRequestCountPerTarget',
                resourceLabel: `${albArnSuffix}/${targetGroups[0].arnSuffix}`,
              },
            }
          : { customizedMetricSpecification: { metrics: requestsPerTargetAcross(albArnSuffix, targetGroups) } },
      );
    }

    for (const action of scaling.scheduledActions ?? []) {
      previous = new AppautoscalingScheduledAction(this, `scheduled-${action.name}`, {
        ...scalable,
        ...inSequence(),
        name: `${props.name}-${action.name}`,
        schedule: action.schedule,
        timezone: action.timezone ?? 'UTC',
        scalableTargetAction: { minCapacity: String(action.minCapacity), maxCapacity: String(action.maxCapacity) },
      });
    }
  }
}

type TrackedMetric = Pick<
  AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration,
  'predefinedMetricSpecification' | 'customizedMetricSpecification'
>;

interface Routing {
  readonly targetGroups: LbTargetGroup[];
  readonly productionRule: LbListenerRule;
  readonly testRule?: LbListenerRule;
  readonly infrastructureRole?: IamRole;
  readonly dependencies: ITerraformDependable[];
}

/**
 * Requests per healthy target over both blue/green target groups: ECS alternates
 * which group is live, so a metric of one group alone would read zero after every
 * other deployment and scale the service in.
 */
function requestsPerTargetAcross(albArnSuffix: string, targetGroups: LbTargetGroup[]) {
  const metric = (id: string, metricName: string, stat: string, targetGroup: LbTargetGroup) => ({
    id,
    returnData: false,
    metricStat: {
      stat,
      metric: {
        namespace: 'AWS/ApplicationELB',
        metricName,
        dimensions: [
          { name: 'LoadBalancer', value: albArnSuffix },
          { name: 'TargetGroup', value: targetGroup.arnSuffix },
        ],
      },
    },
  });
  return [
    ...targetGroups.map((tg, i) => metric(`requests${i + 1}`, 'RequestCount', 'Sum', tg)),
    ...targetGroups.map((tg, i) => metric(`healthy${i + 1}`, 'HealthyHostCount', 'Average', tg)),
    {
      id: 'requestsPerTarget',
      label: 'ALB requests per healthy target',
      // A group without traffic publishes no RequestCount; FILL keeps the sum defined.
      expression: '(FILL(requests1, 0) + FILL(requests2, 0)) / (healthy1 + healthy2)',
      returnData: true,
    },
  ];
}

function writablePaths(props: EcsServiceProps): readonly string[] {
  const writable = props.writableTmp ?? true;
  if (writable === true) return ['/tmp'];
  if (writable === false) return [];
  return writable;
}

/** `/var/www/var/cache` -> `var-www-var-cache`: a task volume name derived from its mount path. */
function volumeName(path: string): string {
  return path.replace(/^\/+/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
}

function imageReference(image: string, tag: string): string {
  return tag.startsWith('sha256:') ? `${image}@${tag}` : `${image}:${tag}`;
}

/** Code-point order: the same on every machine, unlike locale collation. */
function byKey([a]: [string, string], [b]: [string, string]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function containerDefinition(props: EcsServiceProps, containerName: string, logGroupName: string, region: string) {
  // Sorted, so reordering the props never produces a new task definition revision.
  const environment = Object.entries(props.environment ?? {})
    .sort(byKey)
    .map(([name, value]) => ({ name, value }));
  const secrets = Object.entries(props.secrets ?? {})
    .sort(byKey)
    .map(([name, valueFrom]) => ({ name, valueFrom }));
  const mounts = writablePaths(props).map((path) => ({ sourceVolume: volumeName(path), containerPath: path, readOnly: false }));
  const healthCheck = props.healthCheck;
  // Empty lists are left out: ECS drops them and Terraform would report a diff on every plan.
  return {
    name: containerName,
    image: imageReference(props.image, props.tag),
    essential: true,
    ...(props.command ? { command: [...props.command] } : {}),
    ...(props.containerPort !== undefined
      ? { portMappings: [{ containerPort: props.containerPort, hostPort: props.containerPort, protocol: 'tcp' }] }
      : {}),
    ...(environment.length > 0 ? { environment } : {}),
    ...(secrets.length > 0 ? { secrets } : {}),
    readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
    ...(props.user ? { user: props.user } : {}),
    ...(mounts.length > 0 ? { mountPoints: mounts } : {}),
    ...(healthCheck
      ? {
          healthCheck: {
            command: [...healthCheck.command],
            interval: healthCheck.intervalSeconds ?? 30,
            timeout: healthCheck.timeoutSeconds ?? 5,
            retries: healthCheck.retries ?? 3,
            startPeriod: healthCheck.startPeriodSeconds ?? 0,
          },
        }
      : {}),
    // ECS Exec sessions leave child processes behind unless an init process reaps them.
    ...(props.enableExecuteCommand ? { linuxParameters: { initProcessEnabled: true } } : {}),
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': logGroupName, 'awslogs-region': region, 'awslogs-stream-prefix': containerName },
    },
  };
}

/** Least-privilege execution role: this image's repository, this log group, these secrets. */
function executionStatements(props: EcsServiceProps, logGroupArn: string): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroupArn, `${logGroupArn}:*`] },
  ];
  const repositoryArn = props.ecrRepositoryArn ?? ecrRepositoryArn(props.image);
  if (repositoryArn) {
    // GetAuthorizationToken has no resource type; the pull itself is scoped to the repository.
    statements.push(
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      { actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: [repositoryArn] },
    );
  }
  const references = Object.values(props.secrets ?? {}).flatMap((valueFrom) => parseSecretReference(valueFrom) ?? []);
  const arnsFor = (service: 'secretsmanager' | 'ssm') =>
    [...new Set(references.filter((r) => r.service === service || r.service === 'unknown').map((r) => r.resourceArn))];
  const secretArns = arnsFor('secretsmanager');
  const parameterArns = arnsFor('ssm');
  if (secretArns.length > 0) statements.push({ actions: ['secretsmanager:GetSecretValue'], resources: secretArns });
  if (parameterArns.length > 0) statements.push({ actions: ['ssm:GetParameters'], resources: parameterArns });
  if (references.length > 0 && (props.secretsKmsKeyArns ?? []).length > 0) {
    statements.push({ actions: ['kms:Decrypt'], resources: [...(props.secretsKmsKeyArns ?? [])] });
  }
  return statements;
}
