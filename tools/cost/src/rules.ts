/**
 * Price rules: what each resource type costs a month, from its values, the price file and
 * the usage assumptions. Every resource type the stacks use is either priced here or listed
 * in FREE_TYPES with the reason it costs nothing (or too little to matter); a type in
 * neither fails the estimate, so a new resource can never silently cost nothing.
 */
import { add, type Amounts, EstimateContext, RDS_START_TARGET, RDS_STOP_TARGET, same, scale, ZERO } from './context';
import type { PriceKey } from './prices';
import { block, listOf, literalString, numberOf } from './references';
import type { Resource } from './resources';
import { firingsPerWeek, MINUTES_PER_WEEK } from './schedule';

export interface CostLine {
  readonly stack: string;
  readonly address: string;
  /** What is paid for, e.g. `Fargate`, `RDS instance`; lines are grouped by it. */
  readonly driver: string;
  /** The resource in words, e.g. `lq3-staging01-api: 1 × 0.5 vCPU, 1 GB`. */
  readonly item: string;
  /** The quantity and assumption behind the figure. */
  readonly basis: string;
  readonly cost: Amounts;
}

type Rule = (resource: Resource, context: EstimateContext) => CostLine[];

/** Types that cost nothing, or too little to matter, with the reason. */
export const FREE_TYPES: Readonly<Record<string, string>> = {
  aws_acm_certificate: 'public ACM certificates are free',
  aws_budgets_budget: 'the first two budgets of an account are free; each account has one',
  aws_ce_anomaly_monitor: 'Cost Anomaly Detection is free',
  aws_ce_anomaly_subscription: 'Cost Anomaly Detection is free',
  aws_chatbot_slack_channel_configuration: 'AWS Chatbot is free; the SNS topics it reads are priced on their own',
  aws_ebs_encryption_by_default: 'an account setting, free',
  aws_iam_account_password_policy: 'IAM is free',
  aws_s3_account_public_access_block: 'an account setting, free',
  aws_acm_certificate_validation: 'a Terraform wait, not an AWS resource',
  aws_backup_plan: 'free; what its rules store is priced with the selection (aws_backup_selection)',
  aws_backup_vault: 'free; the recovery points in it are priced with the selection (aws_backup_selection), its key with aws_kms_key',
  aws_backup_vault_lock_configuration: 'free',
  aws_backup_vault_notifications: 'free; the topic is priced on its own',
  aws_appautoscaling_policy: 'scaling policies are free; the tasks they add are counted with the service (at desiredCount)',
  aws_appautoscaling_scheduled_action: 'free; it sets how many tasks run, which the service line counts',
  aws_appautoscaling_target: 'free; its bounds are read by the service line',
  aws_cloudwatch_event_rule: 'EventBridge rules on AWS service events are free',
  aws_cloudwatch_event_target: 'free (targets of free rules)',
  aws_db_parameter_group: 'free',
  aws_db_subnet_group: 'free',
  aws_default_security_group: 'free',
  aws_ecs_task_definition: 'free; its CPU and memory are priced by the service or job that runs it',
  aws_flow_log: 'free; its log group carries the ingestion cost',
  aws_iam_policy: 'IAM is free',
  aws_iam_role: 'IAM is free',
  aws_iam_role_policy: 'IAM is free',
  aws_iam_role_policy_attachment: 'IAM is free',
  aws_internet_gateway: 'free; data out is priced with the ALB',
  aws_kms_alias: 'free',
  aws_lb_listener: 'free; the load balancer and LCUs are priced with aws_lb',
  aws_lb_listener_rule: 'free; rule evaluations are part of the LCU assumption',
  aws_lb_target_group: 'free',
  aws_route: 'free',
  aws_route_table: 'free',
  aws_route_table_association: 'free',
  aws_s3_bucket_lifecycle_configuration: 'free; it shortens what the bucket stores',
  aws_s3_bucket_ownership_controls: 'free',
  aws_s3_bucket_policy: 'free',
  aws_s3_bucket_public_access_block: 'free',
  aws_s3_bucket_server_side_encryption_configuration: 'free (S3 bucket keys keep KMS requests low)',
  aws_s3_bucket_versioning: 'free; noncurrent versions expire by lifecycle',
  aws_secretsmanager_secret_version: 'free; the secret that holds it is priced',
  aws_security_group: 'free',
  aws_security_group_rule: 'free',
  aws_sns_topic: 'negligible: alarm notifications stay within the free 1,000 e-mails and 100,000 HTTP deliveries a month',
  aws_sns_topic_policy: 'free',
  aws_sqs_queue: 'negligible: dead-letter queues hold a few messages; the first million requests a month are free',
  aws_sqs_queue_policy: 'free',
  aws_subnet: 'free',
  aws_vpc: 'free',
  aws_vpc_security_group_egress_rule: 'free',
  aws_vpc_security_group_ingress_rule: 'free',
  aws_lb_trust_store: 'ALB mutual TLS trust stores are free; verified handshakes count in the LCU assumption',
  aws_s3_object: 'negligible: a few small files (a CA bundle); storage of data is priced with its bucket',
  aws_wafv2_web_acl_association: 'free; the web ACL is priced',
  aws_wafv2_web_acl_logging_configuration: 'free; its log group is priced',
  cloudflare_authenticated_origin_pulls_settings: 'a Cloudflare zone setting, not an AWS cost',
  cloudflare_dns_record: 'Cloudflare DNS records are part of the zone plan, not an AWS cost',
  cloudflare_zero_trust_access_application: 'Cloudflare Zero Trust, not an AWS cost (free up to 50 users)',
  cloudflare_zero_trust_access_policy: 'Cloudflare Zero Trust, not an AWS cost',
  cloudflare_zero_trust_access_service_token: 'Cloudflare Zero Trust, not an AWS cost',
  cloudflare_zone_setting: 'a Cloudflare zone setting, not an AWS cost',
  terraform_data: 'a Terraform value holder, not a cloud resource',
};

export const RULES: Readonly<Record<string, Rule>> = {
  aws_ecs_service: ecsService,
  aws_ecs_cluster: ecsCluster,
  aws_db_instance: dbInstance,
  aws_lb: loadBalancer,
  aws_lb_listener_certificate: sharedLoadBalancer,
  aws_nat_gateway: natGateway,
  aws_eip: elasticIp,
  aws_vpc_endpoint: vpcEndpoint,
  aws_kms_key: kmsKey,
  aws_secretsmanager_secret: secret,
  aws_cloudwatch_log_group: logGroup,
  aws_cloudwatch_metric_alarm: alarm,
  aws_cloudwatch_dashboard: dashboard,
  aws_s3_bucket: bucket,
  aws_scheduler_schedule: schedule,
  aws_wafv2_web_acl: webAcl,
  aws_db_snapshot_copy: snapshotCopy,
  aws_cloudwatch_log_metric_filter: metricFilter,
  aws_cloudtrail: trail,
  aws_guardduty_detector: guardDuty,
  aws_accessanalyzer_analyzer: accessAnalyzer,
  aws_ssm_parameter: ssmParameter,
  aws_backup_selection: backupSelection,
};

const usd = (context: EstimateContext, key: PriceKey) => context.prices.usd(key);
const line = (resource: Resource, driver: string, item: string, basis: string, cost: Amounts): CostLine => ({
  stack: resource.stack,
  address: resource.address,
  driver,
  item,
  basis,
  cost: scale(cost, resource.count),
});
const nameOf = (resource: Resource, context: EstimateContext, attribute = 'name') => literalString(context.index.resolve(resource.values[attribute])) ?? resource.name;
const money = (value: number) => `$${value.toFixed(value < 1 ? 4 : 2)}`;

/** Per task-hour price of a task definition's CPU and memory. */
function taskRate(context: EstimateContext, taskDefinition: Resource | undefined, owner: Resource): { rate: number; size: string } {
  if (!taskDefinition) throw new Error(`${owner.stack}: ${owner.address}: its task definition is not in the env's stacks; the estimate cannot size its tasks`);
  const cpu = numberOf(taskDefinition.values['cpu']);
  const memory = numberOf(taskDefinition.values['memory']);
  if (cpu === undefined || memory === undefined) throw new Error(`${taskDefinition.address}: cpu and memory must be literals to price a Fargate task`);
  const arm = literalString(block(taskDefinition.values['runtime_platform'])?.['cpu_architecture']) === 'ARM64';
  const vcpu = cpu / 1024;
  const gb = memory / 1024;
  const rate = vcpu * usd(context, arm ? 'fargateVcpuHourArm' : 'fargateVcpuHourX86') + gb * usd(context, arm ? 'fargateGbHourArm' : 'fargateGbHourX86');
  return { rate, size: `${vcpu} vCPU, ${gb} GB${arm ? ' ARM' : ''}` };
}

function ecsService(resource: Resource, context: EstimateContext): CostLine[] {
  if (literalString(resource.values['launch_type']) !== undefined && resource.values['launch_type'] !== 'FARGATE') {
    throw new Error(`${resource.address}: launch type ${String(resource.values['launch_type'])} has no price rule (Fargate only)`);
  }
  const { rate, size } = taskRate(context, context.taskDefinition(resource.values['task_definition']), resource);
  const hours = context.serviceHours.get(resource)!;
  return [line(resource, 'Fargate tasks', `${nameOf(resource, context)} (${size})`, `${hours.basis}; ${money(rate)} per task-hour`, scale(hours.taskHours, rate))];
}

function ecsCluster(resource: Resource, context: EstimateContext): CostLine[] {
  const setting = listOf(resource.values['setting']).map((item) => block(item)).find((item) => item?.['name'] === 'containerInsights');
  const level = literalString(setting?.['value']) ?? 'disabled';
  if (level === 'disabled') return [];
  if (level !== 'enabled') throw new Error(`${resource.address}: Container Insights "${level}" has no price rule (observation-based pricing); add one to tools/cost/src/rules.ts`);
  const all = [...context.serviceHours.entries()];
  const linked = all.filter(([service]) => context.linked(service.values['cluster'], 'aws_ecs_cluster', 'arn') === resource);
  // Plan values name the cluster by ARN; one cluster per env, so an unlinked service is this one's.
  const services = linked.length > 0 ? linked : all;
  const insights = context.usage.containerInsights;
  const metrics = insights.metricsPerCluster + insights.metricsPerService * services.length;
  const taskMonths = add(...services.map(([, hours]) => hours.taskHours), ZERO);
  const logs = scale(taskMonths, (insights.logGbPerTaskMonth * usd(context, 'logsIngestionGb')) / context.hoursPerMonth);
  return [
    line(
      resource,
      'Container Insights',
      `${nameOf(resource, context)}: ${metrics} metrics`,
      `${insights.metricsPerCluster} per cluster + ${insights.metricsPerService} per service (${services.length}) at ${money(usd(context, 'customMetricMonth'))}, plus ${insights.logGbPerTaskMonth} GB of performance events per task-month`,
      add(same(metrics * usd(context, 'customMetricMonth')), logs),
    ),
  ];
}

function dbInstance(resource: Resource, context: EstimateContext): CostLine[] {
  const values = resource.values;
  const identifier = literalString(values['identifier']) ?? resource.name;
  const source = context.linked(values['replicate_source_db'], 'aws_db_instance', 'arn', (literal, candidate) => literal === literalString(candidate.values['identifier']) || literal.endsWith(`:db:${literalString(candidate.values['identifier'])}`));
  const engine = literalString(values['engine'] ?? source?.values['engine']) ?? 'mysql';
  if (engine !== 'mysql') throw new Error(`${resource.address}: engine ${engine} has no price rule (RDS for MySQL only)`);
  const instanceClass = literalString(values['instance_class']);
  if (!instanceClass) throw new Error(`${resource.address}: instance_class is not a literal; the estimate cannot price it`);
  const { usd: hourly, vcpus } = context.prices.rdsMySql(instanceClass);
  const multiAz = values['multi_az'] === true;
  const copies = multiAz ? 2 : 1;
  const deployment = multiAz ? 'Multi-AZ (primary + standby, billed twice)' : source ? 'read replica, Single-AZ' : 'Single-AZ';
  const hours = context.databaseHours.get(identifier) ?? { hours: same(context.hoursPerMonth), basis: 'around the clock' };
  const lines = [line(resource, 'RDS instance', `${identifier} (${instanceClass}, ${deployment})`, `${hours.basis}; ${money(hourly * copies)} per hour`, scale(hours.hours, hourly * copies))];

  const storageGb = numberOf(context.index.resolve(values['allocated_storage'])) ?? numberOf(context.index.resolve(source?.values['allocated_storage'])) ?? restoredStorage(resource, context);
  lines.push(
    line(
      resource,
      'RDS storage',
      `${identifier}: ${storageGb} GB gp3${multiAz ? ' × 2 (Multi-AZ)' : ''}`,
      `allocated storage, billed while stopped too; autoscaling growth not counted`,
      same(storageGb * copies * usd(context, 'rdsGp3StorageGbMonth')),
    ),
  );
  const retention = numberOf(values['backup_retention_period']) ?? 0;
  const change = context.usage.database.backupChangePerDayPercent / 100;
  const backupGb = storageGb * change * retention;
  if (backupGb > 0) {
    lines.push(
      line(resource, 'RDS backups', `${identifier}: ${retention} days retained`, `${backupGb.toFixed(1)} GB beyond the free amount (${storageGb} GB × ${change * 100} % a day × ${retention} days)`, same(backupGb * usd(context, 'rdsBackupGbMonth'))),
    );
  }
  const version = literalString(values['engine_version'] ?? source?.values['engine_version']) ?? '';
  const major = /^(\d+\.\d+)/.exec(version)?.[1];
  const lifecycle = literalString(values['engine_lifecycle_support'] ?? source?.values['engine_lifecycle_support']);
  if (major && context.prices.pastStandardSupport(major) && lifecycle !== 'open-source-rds-extended-support-disabled') {
    const rate = vcpus * copies * usd(context, 'rdsExtendedSupportVcpuHour');
    lines.push(line(resource, 'RDS extended support', `${identifier}: MySQL ${major} past standard support`, `${vcpus * copies} vCPU × ${money(usd(context, 'rdsExtendedSupportVcpuHour'))} per running hour`, scale(hours.hours, rate)));
  }
  if (values['manage_master_user_password'] === true) {
    lines.push(line(resource, 'Secrets Manager', `${identifier}: RDS-managed master user secret`, '1 secret', same(usd(context, 'secretMonth'))));
  }
  const interval = numberOf(values['monitoring_interval']) ?? 0;
  if (interval > 0) {
    const gb = context.usage.logs.enhancedMonitoringGbPerInstanceMonth * (60 / interval) * copies;
    lines.push(
      line(resource, 'CloudWatch Logs', `${identifier}: Enhanced Monitoring every ${interval} s`, `${gb.toFixed(2)} GB a month of running`, scale(hours.hours, (gb * usd(context, 'logsIngestionGb')) / context.hoursPerMonth)),
    );
  }
  const insightsRetention = numberOf(values['performance_insights_retention_period']) ?? 7;
  if (values['performance_insights_enabled'] === true && insightsRetention > 7) {
    throw new Error(`${resource.address}: Performance Insights retention ${insightsRetention} days has no price rule (7 days are free)`);
  }
  return lines;
}

function restoredStorage(resource: Resource, context: EstimateContext): number {
  const assumed = context.usage.database.restoredStorageGb || context.facts.restoredStorageGb;
  if (!assumed) throw new Error(`${resource.address}: allocated_storage is not known before apply and no base env size is known; set usage.database.restoredStorageGb`);
  return assumed;
}

function loadBalancer(resource: Resource, context: EstimateContext): CostLine[] {
  const type = literalString(resource.values['load_balancer_type']) ?? 'application';
  if (type !== 'application') throw new Error(`${resource.address}: a ${type} load balancer has no price rule (application only)`);
  const name = nameOf(resource, context);
  const lines = [line(resource, 'Load balancer', `${name} (ALB)`, `730 h at ${money(usd(context, 'albHour'))}`, same(context.hoursPerMonth * usd(context, 'albHour')))];
  lines.push(...albTraffic(resource, context, name));
  if (resource.values['internal'] !== true) {
    const subnets = listOf(resource.values['subnets']).length || listOf(resource.values['subnet_mapping']).length;
    if (subnets === 0) throw new Error(`${resource.address}: its subnets are not a list the estimate can count (one public IPv4 per AZ)`);
    lines.push(
      line(resource, 'Public IPv4', `${name}: ${subnets} addresses (one per AZ)`, `730 h × ${money(usd(context, 'publicIpv4Hour'))}`, same(subnets * context.hoursPerMonth * usd(context, 'publicIpv4Hour'))),
    );
  }
  return lines;
}

/** LCUs and internet egress of the env's traffic, on its own or a shared ALB. */
function albTraffic(resource: Resource, context: EstimateContext, name: string): CostLine[] {
  const { lcuPerHour } = context.usage.alb;
  const lcu = scale(context.activity, lcuPerHour * context.hoursPerMonth * usd(context, 'albLcuHour'));
  const egressGb = context.usage.internetEgressGbPerMonth;
  const egress = scale(context.activity, egressGb * usd(context, 'internetEgressGb'));
  return [
    line(resource, 'Load balancer', `${name}: LCUs`, `${lcuPerHour} LCU per hour of use at ${money(usd(context, 'albLcuHour'))}`, lcu),
    line(resource, 'Data transfer out', `${name}: to the internet`, `${egressGb} GB per month of use at ${money(usd(context, 'internetEgressGb'))}`, egress),
  ];
}

/** A copy's certificate on its base env's ALB: the copy adds traffic, not a load balancer. */
function sharedLoadBalancer(resource: Resource, context: EstimateContext): CostLine[] {
  return albTraffic(resource, context, 'shared ALB');
}

function natGateway(resource: Resource, context: EstimateContext): CostLine[] {
  const gateways = context.index.ofType('aws_nat_gateway').reduce((sum, gateway) => sum + gateway.count, 0);
  const gb = context.usage.natGatewayGbPerMonth / gateways;
  const name = literalString(block(resource.values['tags'])?.['Name']) ?? resource.name;
  return [
    line(resource, 'NAT gateway', name, `730 h at ${money(usd(context, 'natGatewayHour'))}`, same(context.hoursPerMonth * usd(context, 'natGatewayHour'))),
    line(resource, 'NAT gateway', `${name}: data processed`, `${gb.toFixed(1)} GB per month of use (${context.usage.natGatewayGbPerMonth} GB over ${gateways})`, scale(context.activity, gb * usd(context, 'natGatewayGb'))),
  ];
}

function elasticIp(resource: Resource, context: EstimateContext): CostLine[] {
  return [line(resource, 'Public IPv4', `${resource.name} (Elastic IP)`, `730 h × ${money(usd(context, 'publicIpv4Hour'))}`, same(context.hoursPerMonth * usd(context, 'publicIpv4Hour')))];
}

function vpcEndpoint(resource: Resource, context: EstimateContext): CostLine[] {
  const type = literalString(resource.values['vpc_endpoint_type']) ?? 'Gateway';
  if (type === 'Gateway') return [];
  if (type !== 'Interface') throw new Error(`${resource.address}: ${type} endpoints have no price rule`);
  const service = String(resource.values['service_name'] ?? resource.name).replace(/^com\.amazonaws\.(\$\{[^}]+\}|[a-z0-9-]+)\./, '');
  const azs = listOf(resource.values['subnet_ids']).length;
  if (azs === 0) throw new Error(`${resource.address}: subnet_ids is not a list the estimate can count (one ENI per AZ)`);
  const endpoints = context.index.ofType('aws_vpc_endpoint').filter((endpoint) => literalString(endpoint.values['vpc_endpoint_type']) === 'Interface').length;
  const gb = context.usage.interfaceEndpointGbPerMonth / endpoints;
  return [
    line(resource, 'VPC interface endpoints', `${service} in ${azs} AZs`, `${azs} × 730 h at ${money(usd(context, 'interfaceEndpointAzHour'))}`, same(azs * context.hoursPerMonth * usd(context, 'interfaceEndpointAzHour'))),
    line(resource, 'VPC interface endpoints', `${service}: data processed`, `${gb.toFixed(1)} GB per month of use`, scale(context.activity, gb * usd(context, 'interfaceEndpointGb'))),
  ];
}

function kmsKey(resource: Resource, context: EstimateContext): CostLine[] {
  const requests = context.usage.kmsRequestsPerKeyMonth;
  const requestCost = (requests / 10_000) * usd(context, 'kmsRequests10k');
  return [
    line(
      resource,
      'KMS keys',
      literalString(resource.values['description']) ?? resource.name,
      `1 key + ${requests.toLocaleString('en-US')} requests a month of use`,
      add(same(usd(context, 'kmsKeyMonth')), scale(context.activity, requestCost)),
    ),
  ];
}

function secret(resource: Resource, context: EstimateContext): CostLine[] {
  return [line(resource, 'Secrets Manager', nameOf(resource, context), '1 secret', same(usd(context, 'secretMonth')))];
}

function logGroup(resource: Resource, context: EstimateContext): CostLine[] {
  const name = nameOf(resource, context);
  const logs = context.usage.logs;
  let ingestion: Amounts;
  let basis: string;
  const services = [...context.serviceHours.entries()].filter(([service]) => {
    const task = context.taskDefinition(service.values['task_definition']);
    const definitions = task?.values['container_definitions'];
    return task !== undefined && (context.index.referencedResources(definitions).includes(resource) || String(definitions ?? '').includes(`"awslogs-group":"${name}"`));
  });
  const rds = /^\/aws\/rds\/instance\/([^/]+)\//.exec(name);
  const flow = context.index.ofType('aws_flow_log').some((flowLog) => context.linked(flowLog.values['log_destination'], 'aws_cloudwatch_log_group', 'arn') === resource);
  const trailLogs = context.index.ofType('aws_cloudtrail').some((trail) => context.index.referencedResources(trail.values['cloud_watch_logs_group_arn']).includes(resource));
  if (services.length > 0) {
    const taskHours = add(...services.map(([, hours]) => hours.taskHours), ZERO);
    ingestion = scale(taskHours, logs.appGbPerTaskMonth / context.hoursPerMonth);
    basis = `${logs.appGbPerTaskMonth} GB per task-month of running`;
  } else if (rds) {
    const instanceGroups = context.index.ofType('aws_cloudwatch_log_group').filter((group) => nameOf(group, context).startsWith(`/aws/rds/instance/${rds[1]}/`)).length;
    const hours = context.databaseHours.get(rds[1])?.hours ?? same(context.hoursPerMonth);
    ingestion = scale(hours, logs.databaseGbPerInstanceMonth / instanceGroups / context.hoursPerMonth);
    basis = `${logs.databaseGbPerInstanceMonth} GB per running instance-month over its ${instanceGroups} log exports`;
  } else if (trailLogs) {
    ingestion = same(logs.cloudTrailGbPerMonth);
    basis = `${logs.cloudTrailGbPerMonth} GB of CloudTrail events a month`;
  } else if (flow) {
    ingestion = scale(context.activity.running > 0 ? context.activity : same(1), logs.flowLogGbPerMonth);
    basis = `${logs.flowLogGbPerMonth} GB of flow logs a month (vended logs)`;
  } else {
    ingestion = scale(context.activity.running > 0 ? context.activity : same(1), logs.otherGbPerGroupMonth);
    basis = `${logs.otherGbPerGroupMonth} GB a month`;
  }
  const retentionDays = numberOf(resource.values['retention_in_days']) ?? 0;
  const months = Math.min(retentionDays > 0 ? retentionDays / 30 : Infinity, logs.storedMonthsCap);
  const storedGb = ingestion.monthly * logs.storedCompressionRatio * months;
  return [
    line(
      resource,
      'CloudWatch Logs',
      name,
      `${basis}, ${money(usd(context, 'logsIngestionGb'))}/GB; ${storedGb.toFixed(2)} GB stored (${logs.storedCompressionRatio} compressed, ${months.toFixed(1)} months)`,
      add(scale(ingestion, usd(context, 'logsIngestionGb')), same(storedGb * usd(context, 'logsStorageGbMonth'))),
    ),
  ];
}

function alarm(resource: Resource, context: EstimateContext): CostLine[] {
  const queries = listOf(resource.values['metric_query']).filter((query) => block(query)?.['metric'] !== undefined).length;
  const metrics = Math.max(queries, 1);
  return [line(resource, 'CloudWatch alarms', nameOf(resource, context, 'alarm_name'), `${metrics} standard-resolution metric${metrics === 1 ? '' : 's'}`, same(metrics * usd(context, 'alarmMonth')))];
}

function dashboard(resource: Resource, context: EstimateContext): CostLine[] {
  return [line(resource, 'CloudWatch dashboards', nameOf(resource, context, 'dashboard_name'), '1 dashboard (the first three of an account are free; not counted)', same(usd(context, 'dashboardMonth')))];
}

function bucket(resource: Resource, context: EstimateContext): CostLine[] {
  const name = String(context.index.resolve(resource.values['bucket']) ?? resource.name);
  const s3 = context.usage.s3;
  let gb: number;
  let basis: string;
  if (name.includes('-alb-logs-')) {
    const days = expiryDays(resource, context) ?? 90;
    gb = s3.accessLogGbPerMonth * (days / 30);
    basis = `${s3.accessLogGbPerMonth} GB of access logs a month, kept ${days} days`;
  } else if (/-exports(-|$)/.test(name)) {
    gb = s3.exportsGb;
    basis = `${s3.exportsGb} GB of exports stored`;
  } else {
    gb = s3.otherGb;
    basis = `${s3.otherGb} GB stored`;
  }
  return [line(resource, 'S3', name.replace(/\$\{[^}]+\}/g, '<account>'), `${basis} at ${money(usd(context, 's3StandardGbMonth'))}/GB-month; requests not counted`, same(gb * usd(context, 's3StandardGbMonth')))];
}

function expiryDays(resource: Resource, context: EstimateContext): number | undefined {
  const lifecycle = context.index.ofType('aws_s3_bucket_lifecycle_configuration').find((candidate) => context.linked(candidate.values['bucket'], 'aws_s3_bucket', 'id') === resource);
  const rules = listOf(lifecycle?.values['rule']).map((rule) => block(rule));
  const days = rules.map((rule) => numberOf(block(rule?.['expiration'])?.['days'])).filter((value): value is number => value !== undefined);
  return days.length > 0 ? Math.min(...days) : undefined;
}

function schedule(resource: Resource, context: EstimateContext): CostLine[] {
  const target = block(resource.values['target']) ?? {};
  const arn = literalString(target['arn']);
  // Scheduler invocations: 14 million a month are free; a few thousand here.
  if (arn === RDS_STOP_TARGET || arn === RDS_START_TARGET) return [];
  const ecs = block(target['ecs_parameters']);
  if (!ecs) throw new Error(`${resource.address}: a schedule whose target is not an ECS task or an RDS stop/start call has no price rule`);
  if (literalString(resource.values['state']) === 'DISABLED') return [];
  const expression = literalString(resource.values['schedule_expression']);
  if (!expression) throw new Error(`${resource.address}: schedule_expression is not a literal; the estimate cannot count its runs`);
  const runs = (firingsPerWeek(expression).length * context.hoursPerMonth) / (MINUTES_PER_WEEK / 60);
  const { rate, size } = taskRate(context, context.taskDefinition(ecs['task_definition_arn']), resource);
  const minutes = context.usage.jobs.runMinutes;
  return [
    line(resource, 'Fargate jobs', `${nameOf(resource, context)} (${size})`, `${runs.toFixed(0)} runs a month (${expression}) × ${minutes} min`, same((runs * minutes * rate) / 60)),
  ];
}

function webAcl(resource: Resource, context: EstimateContext): CostLine[] {
  const rules = listOf(resource.values['rule']).length;
  return [
    line(
      resource,
      'WAF',
      nameOf(resource, context),
      `1 web ACL + ${rules} rules; requests not counted`,
      same(usd(context, 'wafWebAclMonth') + rules * usd(context, 'wafRuleMonth')),
    ),
  ];
}

/** A manual snapshot (a copy's re-encrypted restore source): backup storage for as long as it is kept. */
function snapshotCopy(resource: Resource, context: EstimateContext): CostLine[] {
  const gb = context.facts.restoredStorageGb ?? context.usage.database.restoredStorageGb;
  if (!gb) throw new Error(`${resource.address}: the size of the snapshot is not known before apply and no base env size is known; set usage.database.restoredStorageGb`);
  const name = literalString(resource.values['target_db_snapshot_identifier']) ?? resource.name;
  return [
    line(resource, 'RDS backups', `${name}: snapshot copy`, `${gb} GB kept as a manual snapshot, counted in full (the region's free backup storage may cover part of it)`, same(gb * usd(context, 'rdsBackupGbMonth'))),
  ];
}

/**
 * AWS Backup's daily snapshots of the selected databases (incremental, like the automated
 * backups: the daily change for as many days as they are kept) and of the exports bucket
 * (one full copy), twice with a copy to a second region. The continuous rule keeps the
 * database's automated backups, which aws_db_instance prices from backup_retention_period.
 */
function backupSelection(resource: Resource, context: EstimateContext): CostLine[] {
  const plan = context.linked(resource.values['plan_id'], 'aws_backup_plan', 'id');
  if (!plan) throw new Error(`${resource.stack}: ${resource.address}: its backup plan is not in the env's stacks`);
  const daily = listOf(plan.values['rule']).map((rule) => block(rule)).find((rule) => rule?.['enable_continuous_backup'] !== true);
  const retention = numberOf(block(daily?.['lifecycle'])?.['delete_after']) ?? 0;
  const regions = 1 + listOf(daily?.['copy_action']).length;
  const where = regions > 1 ? ` × ${regions} regions` : '';
  const lines: CostLine[] = [];
  for (const target of listOf(context.index.resolve(resource.values['resources']))) {
    const database = context.linked(target, 'aws_db_instance', 'arn');
    if (database) {
      const storageGb = numberOf(context.index.resolve(database.values['allocated_storage'])) ?? 0;
      const change = context.usage.database.backupChangePerDayPercent / 100;
      const gb = storageGb * change * retention * regions;
      const identifier = literalString(database.values['identifier']) ?? database.name;
      lines.push(line(resource, 'AWS Backup', `${identifier}: daily snapshots, ${retention} days`, `${gb.toFixed(1)} GB (${storageGb} GB × ${change * 100} % a day × ${retention} days${where})`, same(gb * usd(context, 'rdsBackupGbMonth'))));
      continue;
    }
    const bucket = literalString(target)?.replace(/^arn:aws:s3:::/, '');
    if (bucket === undefined) throw new Error(`${resource.stack}: ${resource.address}: cannot tell what ${JSON.stringify(target)} is to price its backups`);
    const gb = context.usage.s3.exportsGb * regions;
    lines.push(line(resource, 'AWS Backup', `${bucket.replace(/\d{12}$/, '<account>')}: daily backups, ${retention} days`, `${gb} GB (one full copy of ${context.usage.s3.exportsGb} GB of exports${where}) at S3 Standard's ${money(usd(context, 's3StandardGbMonth'))}/GB-month`, same(gb * usd(context, 's3StandardGbMonth'))));
  }
  return lines;
}

/** A log metric filter publishes a custom metric per transformation. */
function metricFilter(resource: Resource, context: EstimateContext): CostLine[] {
  const metrics = Math.max(listOf(resource.values['metric_transformation']).length, 1);
  return [line(resource, 'CloudWatch metrics', nameOf(resource, context), `${metrics} custom metric${metrics === 1 ? '' : 's'} from a log metric filter`, same(metrics * usd(context, 'customMetricMonth')))];
}

/** The account's first trail delivers management events free; data events are billed per event. */
function trail(resource: Resource, context: EstimateContext): CostLine[] {
  const selectors = [...listOf(resource.values['event_selector']), ...listOf(resource.values['advanced_event_selector'])];
  const dataEvents = selectors.some((selector) => JSON.stringify(selector).match(/data_resource|AWS::S3::Object|AWS::Lambda::Function|"Data"/) !== null);
  if (!dataEvents) return [];
  const millions = context.usage.cloudTrailDataEventsMillionPerMonth;
  return [
    line(resource, 'CloudTrail', `${nameOf(resource, context)}: data events`, `${millions} million data events a month (management events of the first trail are free)`, same(millions * 10 * usd(context, 'cloudtrailDataEvents100k'))),
  ];
}

/** GuardDuty bills by the events and logs it analyzes (usage assumptions, per account). */
function guardDuty(resource: Resource, context: EstimateContext): CostLine[] {
  if (resource.values['enable'] === false) return [];
  const { cloudTrailEventsMillionPerMonth: events, logsGbPerMonth: logs } = context.usage.guardDuty;
  return [
    line(
      resource,
      'GuardDuty',
      'threat detection',
      `${events} million CloudTrail events and ${logs} GB of flow and DNS logs analyzed a month`,
      same(events * usd(context, 'guardDutyCloudTrailEventsMillion') + logs * usd(context, 'guardDutyLogsGb')),
    ),
  ];
}

/** External access analyzers are free; unused-access analyzers bill per role and user. */
function accessAnalyzer(resource: Resource): CostLine[] {
  const type = literalString(resource.values['type']) ?? 'ACCOUNT';
  if (/UNUSED/.test(type)) throw new Error(`${resource.address}: an ${type} analyzer bills per IAM role and user monitored; add a price rule to tools/cost/src/rules.ts`);
  return [];
}

/** Standard SSM parameters are free; advanced ones bill per parameter-month (no price in the file yet). */
function ssmParameter(resource: Resource): CostLine[] {
  if (literalString(resource.values['tier']) === 'Advanced') throw new Error(`${resource.address}: an Advanced SSM parameter bills per month; add its price to prices/ and a rule to tools/cost/src/rules.ts`);
  return [];
}

/** Price rule for a type, or the reason it is free; throws for a type in neither list. */
export function ruleFor(type: string): Rule | undefined {
  if (RULES[type]) return RULES[type];
  if (Object.hasOwn(FREE_TYPES, type)) return undefined;
  throw new UnpricedTypeError(type);
}

export class UnpricedTypeError extends Error {
  constructor(readonly type: string) {
    super(`resource type ${type} has no price rule and is not listed as free: add a rule to RULES or a reason to FREE_TYPES in tools/cost/src/rules.ts`);
  }
}
