/** How the service is reached through an existing ALB listener. */
export interface EcsServiceLoadBalancer {
  /** ARN of the HTTPS listener the service's host-header rule is added to. */
  readonly listenerArn: string;
  /** The ALB's security group: the only source admitted to the container port. */
  readonly albSecurityGroupId: string;
  /** Host names routed to this service (1-5, ALB's per-rule limit). */
  readonly hostHeaders: readonly string[];
  /** Listener rule priority, unique on the listener (1-50000). */
  readonly priority: number;
  /** Path the ALB health-checks on each task, e.g. `/health`. */
  readonly healthCheckPath: string;
  /**
   * HTTP codes counted as healthy (`200`, `200-299`, `200,204`).
   * @default '200'
   */
  readonly healthCheckMatcher?: string;
  /**
   * Seconds the ALB lets in-flight requests finish before removing a task.
   * @default 30 (the ALB default of 300 only slows deployments down)
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Seconds ECS ignores failing ALB health checks after a task starts.
   * @default 60
   */
  readonly healthCheckGracePeriodSeconds?: number;
  /**
   * Add an egress rule to the ALB's security group towards this service's tasks on the
   * container port. Turn off when the ALB's group already allows that egress (or manages
   * its rules inline, which separate rule resources would fight with).
   * @default true
   */
  readonly allowAlbEgress?: boolean;
  /**
   * Blue/green only: a second listener (e.g. a restricted test port) on which the
   * new tasks are reachable before production traffic shifts to them.
   * @default no test listener rule
   */
  readonly testListenerArn?: string;
}

/**
 * One destination the tasks may open connections to: a separate
 * `aws_vpc_security_group_egress_rule` on the tasks' security group.
 */
export interface EcsServiceEgressRule {
  /** Unique per service (letters, digits, hyphens): names the rule resource, so editing other rules never replaces this one. */
  readonly name: string;
  /** What the tasks reach there; the rule's description. */
  readonly description: string;
  /**
   * `tcp` or `udp`; "all protocols" is not offered.
   * @default 'tcp'
   */
  readonly protocol?: 'tcp' | 'udp';
  /** First (or only) port, 0-65535. */
  readonly port: number;
  /**
   * Last port of a range.
   * @default port
   */
  readonly toPort?: number;
  /** An IPv4 CIDR destination; exactly one of `cidrIpv4`, `securityGroupId` and `prefixListId`. */
  readonly cidrIpv4?: string;
  /** A security group destination (e.g. the database's), in the same VPC. */
  readonly securityGroupId?: string;
  /** A managed prefix list destination (e.g. the S3 gateway endpoint's `com.amazonaws.<region>.s3`). */
  readonly prefixListId?: string;
}

export type DeploymentStrategy = 'rolling' | 'blueGreen';

export interface EcsServiceDeployment {
  /** `rolling` replaces tasks in place; `blueGreen` uses ECS native blue/green with two target groups. */
  readonly strategy: DeploymentStrategy;
  /**
   * Blue/green only: minutes both versions stay up after traffic shifted, so a rollback is instant.
   * Ignored by `rolling`.
   * @default 10
   */
  readonly bakeTimeMinutes?: number;
  /**
   * Blue/green only: roll a deployment back when the target 5xx count of the service
   * (summed over both target groups) stays above `errorsPerMinute` for 2 of 3 minutes,
   * through an alarm in the service's deployment `alarms`.
   * @default no alarm-based rollback (the circuit breaker still rolls back failing tasks)
   */
  readonly alarmRollback?: { readonly albArnSuffix: string; readonly errorsPerMinute?: number };
}

/** A time-based change of the scaling bounds, e.g. scale to zero outside office hours. */
export interface EcsServiceScheduledAction {
  /** Unique per service: letters, digits, hyphens, underscores. */
  readonly name: string;
  /** `cron(0 7 ? * MON-FRI *)`, `rate(1 day)` or `at(2026-12-24T18:00:00)`. */
  readonly schedule: string;
  /**
   * IANA time zone the schedule is read in.
   * @default 'UTC'
   */
  readonly timezone?: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

export interface EcsServiceAutoScaling {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /**
   * Average CPU utilisation (%) the service is scaled to hold.
   * @default 70
   */
  readonly cpuTargetPercent?: number;
  /**
   * ALB requests per task per minute the service is scaled to hold; needs
   * `albArnSuffix` and a `loadBalancer`.
   * @default no request-count scaling
   */
  readonly requestsPerTarget?: number;
  /**
   * The ALB's ARN suffix (`app/<name>/<id>`), the CloudWatch dimension of its metrics.
   * @default none (required with `requestsPerTarget`)
   */
  readonly albArnSuffix?: string;
  /**
   * Time-based bound changes.
   * @default none
   */
  readonly scheduledActions?: readonly EcsServiceScheduledAction[];
}

/** The container's own health check, run by ECS inside the task. */
export interface EcsServiceHealthCheck {
  /** Docker-style command: `['CMD-SHELL', 'curl -fs http://localhost:8080/health || exit 1']` or `['CMD', ...]`. */
  readonly command: readonly string[];
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 3 */
  readonly retries?: number;
  /**
   * Grace period for slow starts; failures inside it do not count.
   * @default 0
   */
  readonly startPeriodSeconds?: number;
}

export interface EcsServiceProps {
  /** Service name; also the task family, log group, role and target group base name (letters, digits, hyphens; up to 52). */
  readonly name: string;
  /** ARN of the ECS cluster to run in. */
  readonly clusterArn: string;
  /** VPC of the subnets and target groups. */
  readonly vpcId: string;
  /** Private subnets the tasks run in; tasks never get a public IP. */
  readonly subnetIds: readonly string[];
  /** Image repository without tag, e.g. `123456789012.dkr.ecr.eu-central-1.amazonaws.com/api`. */
  readonly image: string;
  /** Image tag to run (or a `sha256:` digest): changing it deploys. */
  readonly tag: string;
  /**
   * Port the container listens on.
   * @default none (a worker without a port; required with `loadBalancer`)
   */
  readonly containerPort?: number;
  /** Fargate task CPU units (256, 512, 1024, ...). */
  readonly cpu: number;
  /** Fargate task memory in MiB, valid for `cpu`. */
  readonly memory: number;
  /**
   * Plain (non-secret) environment variables.
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Secret environment variables: name -> Secrets Manager secret ARN (optionally with a
   * `:json-key:version-stage:version-id` selector, e.g. `...:password::`) or SSM parameter ARN.
   * Never plaintext: anything that is not such an ARN is rejected.
   * @default none
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /**
   * Customer-managed KMS keys the secrets are encrypted with (execution role gets kms:Decrypt on them).
   * @default none (secrets use AWS-managed keys)
   */
  readonly secretsKmsKeyArns?: readonly string[];
  /**
   * Container health check.
   * @default none
   */
  readonly healthCheck?: EcsServiceHealthCheck;
  /**
   * Mount the container's root filesystem read-only.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Writable scratch directories (task-scoped ephemeral storage): `true` for `/tmp`,
   * or a list of absolute paths such as `['/tmp', '/var/www/var/cache']`.
   * @default true
   */
  readonly writableTmp?: boolean | readonly string[];
  /**
   * User (`name`, `uid` or `uid:gid`) the container runs as; root is rejected.
   * @default the image's USER
   */
  readonly user?: string;
  /**
   * Command overriding the image's CMD.
   * @default the image's CMD
   */
  readonly command?: readonly string[];
  /**
   * Container name inside the task definition.
   * @default 'app'
   */
  readonly containerName?: string;
  /**
   * CPU architecture the image is built for (ARM64 Fargate is ~20% cheaper).
   * @default 'X86_64'
   */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /**
   * Days CloudWatch keeps the container logs (a CloudWatch retention value).
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * KMS key encrypting the log group; its key policy must allow `logs.<region>.amazonaws.com`.
   * @default CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /**
   * Number of tasks; with `autoScaling` the starting value, then auto-scaling owns it.
   * @default 1
   */
  readonly desiredCount?: number;
  /**
   * Extra security groups for the tasks (e.g. one the database admits).
   * @default none
   */
  readonly additionalSecurityGroupIds?: readonly string[];
  /**
   * Where the tasks may connect to. The list replaces the default; DNS needs no rule
   * (security groups do not filter traffic to the Amazon-provided VPC resolver).
   * @default [{ name: 'https', port: 443, cidrIpv4: '0.0.0.0/0' }] (HTTPS anywhere: AWS APIs, ECR and
   *   CloudWatch Logs through NAT or VPC endpoints, S3, external HTTPS APIs; nothing else)
   */
  readonly egress?: readonly EcsServiceEgressRule[];
  /**
   * ALB routing. Omit for a worker that serves no HTTP traffic.
   * @default no load balancer
   */
  readonly loadBalancer?: EcsServiceLoadBalancer;
  /**
   * Deployment strategy; the circuit breaker with rollback is always on.
   * @default { strategy: 'rolling' }
   */
  readonly deployment?: EcsServiceDeployment;
  /**
   * Application Auto Scaling of the task count.
   * @default no auto-scaling (desiredCount is fixed)
   */
  readonly autoScaling?: EcsServiceAutoScaling;
  /**
   * Allow `aws ecs execute-command` shells into tasks. Needs `readonlyRootFilesystem: false`
   * (the SSM agent writes to the container's filesystem).
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Fargate platform version.
   * @default 'LATEST' (newest runtime and security fixes for new tasks, as Security Hub ECS.10 expects; pin e.g. '1.4.0' only to hold a known version)
   */
  readonly platformVersion?: string;
  /**
   * Make `terraform apply` wait until the deployment is steady (and fail if it rolls back).
   * @default false
   */
  readonly waitForSteadyState?: boolean;
  /**
   * ECR repository the execution role may pull from. Needed only when `image` is a
   * Terraform reference; literal ECR images derive it.
   * @default derived from `image`; none for non-ECR registries
   */
  readonly ecrRepositoryArn?: string;
}
