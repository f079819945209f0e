import { RDS_START_TARGET, RDS_STOP_TARGET } from '@lq3/live-shared';
import { FREE_TYPES, RULES, UnpricedTypeError } from '../src/rules';
import { driver, estimate, fargateService, PRICES, resource, STAGING_USAGE } from './helpers';

const hourly = (key: Parameters<typeof PRICES.usd>[0]) => PRICES.usd(key);

function mysql(name: string, values: Record<string, unknown> = {}) {
  return resource('aws_db_instance', name, {
    identifier: `lq3-env-${name}`,
    engine: 'mysql',
    engine_version: '8.4',
    instance_class: 'db.t4g.small',
    allocated_storage: 20,
    backup_retention_period: 0,
    multi_az: false,
    ...values,
  });
}

describe('price rules', () => {
  it('prices a Fargate service around the clock at its desired count, vCPU and memory', () => {
    const result = estimate(fargateService('api', { cpu: 512, memory: 1024, desired: 2 }));
    const perHour = 0.5 * hourly('fargateVcpuHourX86') + 1 * hourly('fargateGbHourX86');
    expect(result.total.monthly).toBeCloseTo(2 * 730 * perHour, 6);
    expect(result.lines[0].basis).toMatch(/^2 tasks around the clock/);
  });

  it('turns office-hours scheduled actions into 65 h a week running, zero when idle', () => {
    const result = estimate(fargateService('web', { cpu: 256, memory: 512, officeHours: true }));
    const perHour = 0.25 * hourly('fargateVcpuHourX86') + 0.5 * hourly('fargateGbHourX86');
    expect(result.total.monthly).toBeCloseTo(((65 * 730) / 168) * perHour, 6);
    expect(result.total.running).toBeCloseTo(730 * perHour, 6);
    expect(result.total.idle).toBe(0);
    expect(result.lines[0].basis).toMatch(/^1 task 65 h a week, 0 otherwise \(scheduled actions\)/);
  });

  it('doubles a Multi-AZ instance and its storage, and counts each replica as an instance of its own', () => {
    const writer = mysql('writer', { instance_class: 'db.r6g.large', multi_az: true, allocated_storage: 100 });
    const replica = resource('aws_db_instance', 'replica', {
      identifier: 'lq3-env-writer-replica-1',
      instance_class: 'db.r6g.large',
      multi_az: false,
      replicate_source_db: '${aws_db_instance.writer.arn}',
    });
    const result = estimate([writer, replica]);
    const rate = PRICES.rdsMySql('db.r6g.large').usd;
    expect(driver(result, 'RDS instance')).toBeCloseTo(730 * rate * 2 + 730 * rate, 6);
    // The replica has the source's engine and storage.
    expect(driver(result, 'RDS storage')).toBeCloseTo((100 * 2 + 100) * hourly('rdsGp3StorageGbMonth'), 6);
  });

  it('bills extended support per vCPU-hour for a major version past standard support, unless disabled', () => {
    const enrolled = estimate([mysql('a', { engine_version: '8.0' })]);
    expect(driver(enrolled, 'RDS extended support')).toBeCloseTo(2 * 730 * hourly('rdsExtendedSupportVcpuHour'), 6);
    expect(driver(estimate([mysql('b', { engine_version: '8.0', engine_lifecycle_support: 'open-source-rds-extended-support-disabled' })]), 'RDS extended support')).toBe(0);
    expect(driver(estimate([mysql('c', { engine_version: '8.4.4' })]), 'RDS extended support')).toBe(0);
  });

  it('counts the hours a Scheduler stop/start pair leaves the database running, and RDS\'s 7-day restart when only stops remain', () => {
    const call = (name: string, arn: string, expression: string) =>
      resource('aws_scheduler_schedule', name, { schedule_expression: expression, target: { arn, input: JSON.stringify({ DbInstanceIdentifier: 'lq3-env-db' }) } });
    const scheduled = estimate([mysql('db'), call('stop', RDS_STOP_TARGET, 'cron(0 20 ? * * *)'), call('start', RDS_START_TARGET, 'cron(45 6 ? * MON-FRI *)')]);
    const hours = (5 * 13.25 * 730) / 168;
    expect(driver(scheduled, 'RDS instance')).toBeCloseTo(hours * PRICES.rdsMySql('db.t4g.small').usd, 6);
    expect(scheduled.lines.find((line) => line.driver === 'RDS instance')!.cost.idle).toBe(0);
    // Storage is billed while stopped.
    expect(scheduled.byDriver.find((subtotal) => subtotal.key === 'RDS storage')!.cost.idle).toBeCloseTo(20 * hourly('rdsGp3StorageGbMonth'), 6);
    const parked = estimate([mysql('db'), call('stop', RDS_STOP_TARGET, 'rate(1 hour)')]);
    expect(driver(parked, 'RDS instance')).toBeCloseTo((60 / (7 * 1440 + 60)) * 730 * PRICES.rdsMySql('db.t4g.small').usd, 6);
    const daily = estimate([mysql('db'), call('stop', RDS_STOP_TARGET, 'cron(0 20 ? * * *)')]);
    expect(driver(daily, 'RDS instance')).toBeCloseTo((1440 / (7 * 1440 + 1440)) * 730 * PRICES.rdsMySql('db.t4g.small').usd, 6);
  });

  it('prices an internet-facing ALB with one public IPv4 address per subnet, and its traffic only while the env is in use', () => {
    const alb = resource('aws_lb', 'alb', { name: 'lq3-env', load_balancer_type: 'application', internal: false, subnets: ['${aws_subnet.a.id}', '${aws_subnet.b.id}'] });
    const result = estimate([alb, ...fargateService('web', { officeHours: true })]);
    expect(driver(result, 'Public IPv4')).toBeCloseTo(2 * 730 * hourly('publicIpv4Hour'), 6);
    const balancer = result.byDriver.find((subtotal) => subtotal.key === 'Load balancer')!.cost;
    expect(balancer.idle).toBeCloseTo(730 * hourly('albHour'), 6);
    expect(balancer.running).toBeGreaterThan(balancer.idle);
  });

  it('prices NAT gateways, their Elastic IPs and interface endpoints per AZ; gateway endpoints are free', () => {
    const result = estimate([
      resource('aws_nat_gateway', 'nat', { allocation_id: '${aws_eip.ip.allocation_id}' }),
      resource('aws_eip', 'ip', { domain: 'vpc' }),
      resource('aws_vpc_endpoint', 'logs', { vpc_endpoint_type: 'Interface', service_name: 'com.amazonaws.eu-central-1.logs', subnet_ids: ['a', 'b', 'c'] }),
      resource('aws_vpc_endpoint', 's3', { vpc_endpoint_type: 'Gateway', service_name: 'com.amazonaws.eu-central-1.s3' }),
    ]);
    expect(driver(result, 'Public IPv4')).toBeCloseTo(730 * hourly('publicIpv4Hour'), 6);
    expect(result.lines.filter((line) => line.driver === 'VPC interface endpoints' && line.item === 'logs in 3 AZs')[0].cost.monthly).toBeCloseTo(3 * 730 * hourly('interfaceEndpointAzHour'), 6);
    expect(result.lines.some((line) => line.address === 'aws_vpc_endpoint.s3')).toBe(false);
  });

  it('prices application log ingestion by the task-hours of the services that write to the group', () => {
    const [task, service] = fargateService('api');
    const withLogs = { ...task, values: { ...task.values, container_definitions: '[{"logConfiguration":{"options":{"awslogs-group":"${aws_cloudwatch_log_group.logs.name}"}}}]' } };
    const result = estimate([withLogs, service, resource('aws_cloudwatch_log_group', 'logs', { name: '/ecs/lq3-env-api', retention_in_days: 30 })]);
    const [line] = result.lines.filter((candidate) => candidate.driver === 'CloudWatch Logs');
    const gb = 0.5; // one task all month
    expect(line.cost.monthly).toBeCloseTo(gb * hourly('logsIngestionGb') + gb * 0.15 * 1 * hourly('logsStorageGbMonth'), 6);
  });

  it('prices KMS keys, secrets, S3 by what a bucket holds, a WAF web ACL per rule, alarms and dashboards by the month', () => {
    const result = estimate([
      resource('aws_kms_key', 'key', { description: 'env key' }),
      resource('aws_secretsmanager_secret', 'secret', { name: 'lq3-env-db' }),
      resource('aws_s3_bucket', 'exports', { bucket: 'lq3-env-exports-111111111111' }),
      resource('aws_s3_bucket', 'other', { bucket: 'lq3-env-other' }),
      resource('aws_wafv2_web_acl', 'acl', { name: 'lq3-env', rule: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }),
      resource('aws_cloudwatch_metric_alarm', 'alarm', { alarm_name: 'lq3-env-cpu' }),
      resource('aws_cloudwatch_dashboard', 'dashboard', { dashboard_name: 'lq3-env' }),
    ]);
    // No service runs: a key costs its month, its requests come with use.
    expect(driver(result, 'KMS keys')).toBeCloseTo(hourly('kmsKeyMonth'), 6);
    expect(driver(result, 'Secrets Manager')).toBeCloseTo(hourly('secretMonth'), 6);
    expect(driver(result, 'S3')).toBeCloseTo((2 + 1) * hourly('s3StandardGbMonth'), 6);
    expect(driver(result, 'WAF')).toBeCloseTo(hourly('wafWebAclMonth') + 3 * hourly('wafRuleMonth'), 6);
    expect(driver(result, 'CloudWatch alarms')).toBeCloseTo(hourly('alarmMonth'), 6);
    expect(driver(result, 'CloudWatch dashboards')).toBeCloseTo(hourly('dashboardMonth'), 6);
    expect(result.total.idle).toBeCloseTo(result.total.running, 6);
  });

  it('prices a scheduled job by its runs a month on Fargate; a disabled one and the RDS stop/start calls cost nothing', () => {
    const task = resource('aws_ecs_task_definition', 'job_task', { family: 'lq3-env-nightly', cpu: '1024', memory: '2048', container_definitions: '[]' });
    const job = (state: string) =>
      resource('aws_scheduler_schedule', 'nightly', { name: 'lq3-env-nightly', state, schedule_expression: 'cron(0 4 * * ? *)', target: { arn: 'arn:aws:ecs:eu-central-1:111111111111:cluster/lq3-env', ecs_parameters: { task_definition_arn: '${aws_ecs_task_definition.job_task.arn}' } } });
    const runs = (7 * 730) / 168;
    expect(driver(estimate([task, job('ENABLED')]), 'Fargate jobs')).toBeCloseTo(((runs * 10) / 60) * (hourly('fargateVcpuHourX86') + 2 * hourly('fargateGbHourX86')), 6);
    expect(estimate([task, job('DISABLED')]).total.monthly).toBe(0);
    const stop = resource('aws_scheduler_schedule', 'stop', { schedule_expression: 'cron(0 20 * * ? *)', target: { arn: RDS_STOP_TARGET, input: JSON.stringify({ DbInstanceIdentifier: 'lq3-env-db' }) } });
    expect(estimate([stop]).total.monthly).toBe(0);
  });

  it('account layer: a trail bills its data events only, GuardDuty the events and logs it analyzes, an account Access Analyzer nothing', () => {
    const management = { name: 'Management events', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] };
    const data = { name: 'S3 object events', field_selector: [{ field: 'eventCategory', equals: ['Data'] }] };
    expect(estimate([resource('aws_cloudtrail', 'trail', { name: 'lq3-staging', advanced_event_selector: [management] })]).total.monthly).toBe(0);
    expect(driver(estimate([resource('aws_cloudtrail', 'trail', { name: 'lq3-staging', advanced_event_selector: [management, data] })]), 'CloudTrail')).toBeCloseTo(
      STAGING_USAGE.cloudTrailDataEventsMillionPerMonth * 10 * hourly('cloudtrailDataEvents100k'),
      6,
    );
    const { cloudTrailEventsMillionPerMonth: events, logsGbPerMonth: logs } = STAGING_USAGE.guardDuty;
    expect(driver(estimate([resource('aws_guardduty_detector', 'detector', { enable: true })]), 'GuardDuty')).toBeCloseTo(
      events * hourly('guardDutyCloudTrailEventsMillion') + logs * hourly('guardDutyLogsGb'),
      6,
    );
    expect(estimate([resource('aws_guardduty_detector', 'detector', { enable: false })]).total.monthly).toBe(0);
    expect(estimate([resource('aws_accessanalyzer_analyzer', 'analyzer', { analyzer_name: 'lq3-staging', type: 'ACCOUNT' })]).total.monthly).toBe(0);
    expect(() => estimate([resource('aws_accessanalyzer_analyzer', 'analyzer', { analyzer_name: 'lq3-staging', type: 'ACCOUNT_UNUSED_ACCESS' })])).toThrow(/bills per IAM role and user/);
  });

  it('fails on a resource type that is neither priced nor listed as free, naming it', () => {
    expect(() => estimate([resource('aws_elasticache_cluster', 'cache', {})])).toThrow(UnpricedTypeError);
    expect(() => estimate([resource('aws_elasticache_cluster', 'cache', {})])).toThrow(/aws_elasticache_cluster has no price rule and is not listed as free/);
  });

  it('fails on a database class the price file lacks rather than pricing it at zero', () => {
    expect(() => estimate([mysql('db', { instance_class: 'db.x2g.large' })])).toThrow(/no price for RDS MySQL class db\.x2g\.large/);
  });

  it('lists every free type with a reason, and no type as both priced and free', () => {
    for (const [type, reason] of Object.entries(FREE_TYPES)) {
      expect(reason.length).toBeGreaterThan(3);
      expect(Object.hasOwn(RULES, type)).toBe(false);
    }
  });
});
