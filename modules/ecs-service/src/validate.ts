import { Token } from 'cdktf';
import type { EcsServiceAutoScaling, EcsServiceHealthCheck, EcsServiceLoadBalancer, EcsServiceProps } from './ecs-service-props';
import { egressProblems } from './egress';
import { fargateSizeProblem } from './fargate';
import { imageHasTagOrDigest, isArnOf, parseSecretReference } from './references';

/** Retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ROOT_USERS = new Set(['root', '0', 'root:root', '0:0']);
/** Shortest bake time in which the rollback alarm (2 of 3 one-minute periods, ALB metrics about a minute late) can fire. */
export const MIN_BAKE_WITH_ALARM_MINUTES = 5;

/** Literal values are checked; Terraform references are taken as they come. */
const literal = (value: string): boolean => !Token.isUnresolved(value);

function intIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Every problem with the props, as sentences saying what is wrong and what is expected. */
export function validateEcsServiceProps(props: EcsServiceProps): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };

  check(/^[A-Za-z0-9][A-Za-z0-9-]{0,51}$/.test(props.name), `name "${props.name}" must be 1-52 letters, digits or hyphens (it also names roles and target groups)`);
  check(props.subnetIds.length > 0, 'subnetIds must list at least one private subnet');
  checkImage(props, check);
  if (props.containerPort !== undefined) {
    check(intIn(props.containerPort, 1, 65535), `containerPort ${props.containerPort} must be an integer 1-65535`);
  }
  const sizeProblem = fargateSizeProblem(props.cpu, props.memory);
  if (sizeProblem) problems.push(sizeProblem);
  checkEnvironment(props, check);
  checkContainer(props, check);
  checkLogs(props, check);
  check(props.platformVersion === undefined || /^(LATEST|\d+\.\d+\.\d+)$/.test(props.platformVersion), `platformVersion "${props.platformVersion}" must be LATEST or a version like 1.4.0`);

  const desiredCount = props.desiredCount ?? 1;
  check(intIn(desiredCount, 0, 10000), `desiredCount ${desiredCount} must be a whole number of tasks (0 or more)`);
  if (props.loadBalancer) checkLoadBalancer(props.loadBalancer, props, check);

  const strategy = props.deployment?.strategy ?? 'rolling';
  check(strategy === 'rolling' || strategy === 'blueGreen', `deployment.strategy "${strategy}" must be rolling or blueGreen`);
  if (strategy === 'blueGreen') {
    check(props.loadBalancer !== undefined, 'deployment.strategy blueGreen needs a loadBalancer: ECS shifts traffic between two target groups behind a listener rule');
    const bake = props.deployment?.bakeTimeMinutes ?? 10;
    check(intIn(bake, 0, 1440), `deployment.bakeTimeMinutes ${bake} must be an integer 0-1440`);
    const alarmRollback = props.deployment?.alarmRollback;
    if (alarmRollback) {
      // The alarm needs its evaluation window plus ALB metric delivery to fire; a shorter bake
      // time would end (and remove the previous version) before it could roll anything back.
      check(bake >= MIN_BAKE_WITH_ALARM_MINUTES, `deployment.bakeTimeMinutes ${bake} is shorter than the ${MIN_BAKE_WITH_ALARM_MINUTES} minutes the rollback alarm needs to fire (3-minute evaluation plus metric delivery); raise it or drop alarmRollback`);
      const errors = alarmRollback.errorsPerMinute ?? 10;
      check(Number.isInteger(errors) && errors >= 1, `deployment.alarmRollback.errorsPerMinute ${errors} must be a whole number of errors, at least 1`);
      if (literal(alarmRollback.albArnSuffix)) {
        check(/^app\/[A-Za-z0-9-]+\/[a-f0-9]+$/.test(alarmRollback.albArnSuffix), `deployment.alarmRollback.albArnSuffix "${alarmRollback.albArnSuffix}" must look like app/<alb-name>/<id>`);
      }
    }
  } else {
    if (props.loadBalancer?.testListenerArn !== undefined) {
      problems.push('loadBalancer.testListenerArn only applies to deployment.strategy blueGreen; remove it or switch strategy');
    }
    if (props.deployment?.alarmRollback !== undefined) {
      problems.push('deployment.alarmRollback only applies to deployment.strategy blueGreen (it watches both target groups during the bake time); remove it or switch strategy');
    }
  }
  problems.push(...egressProblems(props.egress));

  if (props.autoScaling) checkAutoScaling(props.autoScaling, props, desiredCount, check);
  return problems;
}

type Check = (ok: boolean, problem: string) => void;

function checkImage(props: EcsServiceProps, check: Check): void {
  check(props.image.length > 0, 'image must name a repository, e.g. 123456789012.dkr.ecr.eu-central-1.amazonaws.com/api');
  if (literal(props.image)) {
    check(!imageHasTagOrDigest(props.image), `image "${props.image}" must be the repository only; put the version in tag`);
  } else {
    check(props.ecrRepositoryArn !== undefined, 'image is a Terraform reference, so pass ecrRepositoryArn to scope the execution role to that repository');
  }
  if (literal(props.tag)) {
    check(/^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/.test(props.tag), `tag "${props.tag}" must be an image tag (letters, digits, _ . -; up to 128) or a sha256: digest`);
  }
  if (props.ecrRepositoryArn !== undefined && literal(props.ecrRepositoryArn)) {
    check(isArnOf(props.ecrRepositoryArn, 'ecr'), `ecrRepositoryArn "${props.ecrRepositoryArn}" must be an ECR repository ARN`);
  }
}

function checkEnvironment(props: EcsServiceProps, check: Check): void {
  const environment = props.environment ?? {};
  const secrets = props.secrets ?? {};
  for (const name of [...Object.keys(environment), ...Object.keys(secrets)]) {
    check(ENV_NAME.test(name), `environment variable name "${name}" must be letters, digits and underscores, not starting with a digit`);
  }
  for (const name of Object.keys(secrets)) {
    check(!(name in environment), `${name} is in both environment and secrets; keep it in secrets only`);
    // The value is never echoed: a misplaced plaintext secret must not end up in CI logs.
    check(parseSecretReference(secrets[name]) !== undefined, `secrets.${name} must be a Secrets Manager secret ARN (optionally with :json-key::) or an SSM parameter ARN, never a plaintext value (value not shown)`);
  }
  for (const keyArn of props.secretsKmsKeyArns ?? []) {
    check(!literal(keyArn) || isArnOf(keyArn, 'kms'), `secretsKmsKeyArns entry "${keyArn}" must be a KMS key ARN`);
  }
}

function checkContainer(props: EcsServiceProps, check: Check): void {
  const readonlyRoot = props.readonlyRootFilesystem ?? true;
  if (props.enableExecuteCommand && readonlyRoot) {
    check(false, 'enableExecuteCommand needs readonlyRootFilesystem: false, because the SSM agent behind ECS Exec writes into the container filesystem');
  }
  if (props.user !== undefined) {
    check(/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(props.user), `user "${props.user}" must be name, uid or uid:gid`);
    check(!ROOT_USERS.has(props.user), `user "${props.user}" is root; run as a non-root user or omit user to keep the image's USER`);
  }
  const paths = Array.isArray(props.writableTmp) ? props.writableTmp : [];
  for (const path of paths) {
    check(/^\/[A-Za-z0-9_./-]*[A-Za-z0-9_-]$/.test(path), `writableTmp path "${path}" must be an absolute directory path other than /`);
  }
  check(new Set(paths).size === paths.length, 'writableTmp lists a path twice');
  if (props.containerName !== undefined) {
    check(/^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/.test(props.containerName), `containerName "${props.containerName}" must be letters, digits, hyphens or underscores`);
  }
  if (props.command !== undefined) check(props.command.length > 0, 'command must not be empty; omit it to use the image CMD');
  if (props.healthCheck) checkHealthCheck(props.healthCheck, check);
}

function checkHealthCheck(healthCheck: EcsServiceHealthCheck, check: Check): void {
  const [kind, ...rest] = healthCheck.command;
  check((kind === 'CMD' || kind === 'CMD-SHELL') && rest.length > 0, 'healthCheck.command must start with CMD or CMD-SHELL followed by the command, e.g. ["CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"]');
  const { intervalSeconds = 30, timeoutSeconds = 5, retries = 3, startPeriodSeconds = 0 } = healthCheck;
  check(intIn(intervalSeconds, 5, 300), `healthCheck.intervalSeconds ${intervalSeconds} must be 5-300`);
  check(intIn(timeoutSeconds, 2, 120), `healthCheck.timeoutSeconds ${timeoutSeconds} must be 2-120`);
  check(timeoutSeconds < intervalSeconds, 'healthCheck.timeoutSeconds must be shorter than intervalSeconds');
  check(intIn(retries, 1, 10), `healthCheck.retries ${retries} must be 1-10`);
  check(intIn(startPeriodSeconds, 0, 300), `healthCheck.startPeriodSeconds ${startPeriodSeconds} must be 0-300`);
}

function checkLogs(props: EcsServiceProps, check: Check): void {
  const retention = props.logRetentionDays ?? 90;
  check(LOG_RETENTION_DAYS.includes(retention), `logRetentionDays ${retention} is not a CloudWatch retention; use one of ${LOG_RETENTION_DAYS.join(', ')}`);
  if (props.logKmsKeyArn !== undefined && literal(props.logKmsKeyArn)) {
    check(isArnOf(props.logKmsKeyArn, 'kms'), `logKmsKeyArn "${props.logKmsKeyArn}" must be a KMS key ARN`);
  }
}

function checkLoadBalancer(lb: EcsServiceLoadBalancer, props: EcsServiceProps, check: Check): void {
  check(props.containerPort !== undefined, 'loadBalancer needs containerPort: the target groups forward to it');
  check(intIn(lb.priority, 1, 50000), `loadBalancer.priority ${lb.priority} must be an integer 1-50000`);
  check(lb.hostHeaders.length >= 1 && lb.hostHeaders.length <= 5, `loadBalancer.hostHeaders must list 1-5 host names (got ${lb.hostHeaders.length})`);
  for (const host of lb.hostHeaders.filter(literal)) {
    check(/^[A-Za-z0-9*?.-]{1,128}$/.test(host), `loadBalancer.hostHeaders entry "${host}" must be a host name (wildcards * and ? allowed)`);
  }
  check(lb.healthCheckPath.startsWith('/'), `loadBalancer.healthCheckPath "${lb.healthCheckPath}" must start with /`);
  const matcher = lb.healthCheckMatcher ?? '200';
  check(/^[1-5]\d\d(-[1-5]\d\d)?(,[1-5]\d\d(-[1-5]\d\d)?)*$/.test(matcher), `loadBalancer.healthCheckMatcher "${matcher}" must be HTTP codes like 200, 200-299 or 200,204`);
  const delay = lb.deregistrationDelaySeconds ?? 30;
  check(intIn(delay, 0, 3600), `loadBalancer.deregistrationDelaySeconds ${delay} must be 0-3600`);
  const grace = lb.healthCheckGracePeriodSeconds ?? 60;
  check(intIn(grace, 0, 3600), `loadBalancer.healthCheckGracePeriodSeconds ${grace} must be 0-3600`);
  for (const [field, arn] of [['listenerArn', lb.listenerArn], ['testListenerArn', lb.testListenerArn]] as const) {
    if (arn !== undefined && literal(arn)) {
      check(isArnOf(arn, 'elasticloadbalancing') && arn.includes(':listener/'), `loadBalancer.${field} "${arn}" must be an ALB listener ARN`);
    }
  }
}

function checkAutoScaling(scaling: EcsServiceAutoScaling, props: EcsServiceProps, desiredCount: number, check: Check): void {
  const { minCapacity, maxCapacity } = scaling;
  check(intIn(minCapacity, 0, 10000) && intIn(maxCapacity, 1, 10000), `autoScaling capacities must be whole numbers with maxCapacity at least 1 (got min ${minCapacity}, max ${maxCapacity})`);
  check(minCapacity <= maxCapacity, `autoScaling.minCapacity ${minCapacity} is greater than maxCapacity ${maxCapacity}`);
  check(desiredCount >= minCapacity && desiredCount <= maxCapacity, `desiredCount ${desiredCount} must lie within autoScaling [${minCapacity}, ${maxCapacity}]`);
  const cpuTarget = scaling.cpuTargetPercent ?? 70;
  check(cpuTarget > 0 && cpuTarget <= 100, `autoScaling.cpuTargetPercent ${cpuTarget} must be a percentage above 0 and at most 100`);
  if (scaling.requestsPerTarget !== undefined) {
    check(scaling.requestsPerTarget > 0, `autoScaling.requestsPerTarget ${scaling.requestsPerTarget} must be above 0`);
    check(scaling.albArnSuffix !== undefined, 'autoScaling.requestsPerTarget needs albArnSuffix (app/<alb-name>/<id>), the dimension of the ALB request metrics');
    check(props.loadBalancer !== undefined, 'autoScaling.requestsPerTarget needs a loadBalancer: requests are counted per target group');
  }
  if (scaling.albArnSuffix !== undefined && literal(scaling.albArnSuffix)) {
    check(/^app\/[A-Za-z0-9-]+\/[a-f0-9]+$/.test(scaling.albArnSuffix), `autoScaling.albArnSuffix "${scaling.albArnSuffix}" must look like app/<alb-name>/<id>`);
  }
  const names = new Set<string>();
  for (const action of scaling.scheduledActions ?? []) {
    const label = `autoScaling.scheduledActions "${action.name}"`;
    check(/^[A-Za-z0-9_-]{1,64}$/.test(action.name), `${label}: name must be 1-64 letters, digits, hyphens or underscores`);
    check(!names.has(action.name), `${label}: name is used twice`);
    names.add(action.name);
    check(/^(cron|rate|at)\(.+\)$/.test(action.schedule), `${label}: schedule "${action.schedule}" must be cron(...), rate(...) or at(...)`);
    check(intIn(action.minCapacity, 0, 10000) && intIn(action.maxCapacity, 0, 10000), `${label}: capacities must be whole numbers (0 or more)`);
    check(action.minCapacity <= action.maxCapacity, `${label}: minCapacity ${action.minCapacity} is greater than maxCapacity ${action.maxCapacity}`);
  }
}
