import { join } from 'node:path';
import { resourcesOf, synthesizeProject } from '@lq3/live-shared/src/testing';

const { stacks } = synthesizeProject(join(__dirname, '..'));
const stack = (unit: string) => stacks[`production01-${unit}`];

describe('production01', () => {
  it('lives in the production account with its own state per unit', () => {
    expect(Object.keys(stacks)).toHaveLength(6);
    for (const json of Object.values(stacks)) {
      expect(json.terraform.backend.s3).toMatchObject({ bucket: 'lq3-terraform-state-222222222222', encrypt: true, use_lockfile: true });
      expect(json.provider['aws'][0]).toMatchObject({ allowed_account_ids: ['222222222222'] });
    }
  });

  it('has a NAT gateway per AZ across three pinned AZs', () => {
    expect(resourcesOf(stack('network'), 'aws_nat_gateway')).toHaveLength(3);
    const zones = resourcesOf(stack('network'), 'aws_subnet').map((subnet) => subnet.availability_zone);
    expect(new Set(zones)).toEqual(new Set(['eu-central-1a', 'eu-central-1b', 'eu-central-1c']));
  });

  it('runs at least two tasks per app with ECS native blue/green, bake time and rollback', () => {
    const services = resourcesOf(stack('services'), 'aws_ecs_service');
    expect(services).toHaveLength(3);
    for (const service of services) {
      expect(service.desired_count).toBeGreaterThanOrEqual(2);
      expect(service.deployment_configuration).toEqual({ strategy: 'BLUE_GREEN', bake_time_in_minutes: '15' });
      expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      const [loadBalancer] = service.load_balancer as { advanced_configuration: Record<string, string> }[];
      expect(Object.keys(loadBalancer.advanced_configuration).sort()).toEqual(['alternate_target_group_arn', 'production_listener_rule', 'role_arn']);
    }
    expect(resourcesOf(stack('services'), 'aws_lb_target_group')).toHaveLength(6);
    for (const rule of resourcesOf(stack('services'), 'aws_lb_listener_rule')) {
      expect(rule.lifecycle).toEqual({ ignore_changes: ['action'] });
    }
  });

  it('auto-scales every app on CPU and requests per target, leaving desired_count to the scaler', () => {
    const targets = resourcesOf(stack('services'), 'aws_appautoscaling_target');
    expect(targets.map((target) => [target.min_capacity, target.max_capacity]).sort()).toEqual([[2, 10], [2, 4], [2, 6]]);
    const metrics = resourcesOf(stack('services'), 'aws_appautoscaling_policy').map((policy) => JSON.stringify(policy.target_tracking_scaling_policy_configuration));
    expect(metrics.filter((metric) => metric.includes('ECSServiceAverageCPUUtilization'))).toHaveLength(3);
    expect(metrics.filter((metric) => metric.includes('RequestCount'))).toHaveLength(3);
    for (const service of resourcesOf(stack('services'), 'aws_ecs_service')) {
      expect((service.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain('desired_count');
    }
  });

  it('keeps a Multi-AZ writer and one replica, 35 days of point-in-time backups, protected, with a final snapshot', () => {
    const instances = resourcesOf(stack('data'), 'aws_db_instance');
    const writer = instances.find((instance) => instance.identifier === 'lq3-production01-mysql')!;
    const replicas = instances.filter((instance) => instance.replicate_source_db);
    // AWS Backup's continuous backup (35 days) sets the retention (ADR 0016).
    expect(writer).toMatchObject({ multi_az: true, backup_retention_period: 35, deletion_protection: true, skip_final_snapshot: false, storage_encrypted: true });
    expect(writer.kms_key_id).toMatch(/aws_kms_key/);
    expect(writer.final_snapshot_identifier).toMatch(/^lq3-production01-mysql-final-/);
    expect(replicas).toHaveLength(1);
    expect(replicas[0]).toMatchObject({ deletion_protection: true });
  });

  it('protects the ALB from deletion', () => {
    expect(resourcesOf(stack('edge'), 'aws_lb')[0]).toMatchObject({ enable_deletion_protection: true, drop_invalid_header_fields: true });
  });

  it('alarms on the database to the env alarm topic', () => {
    const alarms = resourcesOf(stack('data'), 'aws_cloudwatch_metric_alarm').map((alarm) => alarm.metric_name);
    expect(alarms).toEqual(expect.arrayContaining(['CPUUtilization', 'FreeStorageSpace', 'ReplicaLag', 'DatabaseConnections']));
  });
});
