import { join } from 'node:path';
import { dataSourcesOf, resourcesOf, synthesizeProject } from '@lq3/live-shared/src/testing';

const { stacks, dependencies } = synthesizeProject(join(__dirname, '..'));
const stack = (unit: string) => stacks[`staging01-${unit}`];
const containers = () =>
  Object.fromEntries(
    resourcesOf(stack('services'), 'aws_ecs_task_definition').map((task) => [task.family, JSON.parse(task.container_definitions as string)[0]]),
  );

describe('staging01', () => {
  it('is six units with their own state in the staging account, wired by cross-stack references', () => {
    expect(Object.keys(stacks).sort()).toEqual(['data', 'dns', 'edge', 'jobs', 'network', 'services'].map((unit) => `staging01-${unit}`));
    for (const [name, json] of Object.entries(stacks)) {
      expect(json.terraform.backend.s3).toMatchObject({ bucket: 'lq3-terraform-state-111111111111', key: `staging01/${name.split('-')[1]}.tfstate` });
      expect(json.provider['aws'][0]).toMatchObject({ allowed_account_ids: ['111111111111'] });
    }
    expect(dependencies['staging01-services'].sort()).toEqual(['staging01-data', 'staging01-edge', 'staging01-network']);
    expect(dependencies['staging01-dns'].sort()).toEqual(['staging01-services']);
  });

  it('has its own VPC with a single NAT gateway', () => {
    expect(resourcesOf(stack('network'), 'aws_vpc')).toHaveLength(1);
    expect(resourcesOf(stack('network'), 'aws_nat_gateway')).toHaveLength(1);
  });

  it('runs one task per app with rolling deploys and circuit-breaker rollback', () => {
    const services = resourcesOf(stack('services'), 'aws_ecs_service');
    expect(services.map((service) => service.name).sort()).toEqual(['lq3-staging01-admin', 'lq3-staging01-api', 'lq3-staging01-web']);
    for (const service of services) {
      expect(service.desired_count).toBe(1);
      expect(service.deployment_configuration).toEqual({ strategy: 'ROLLING' });
      expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    }
  });

  it('routes each hostname to its app and health-checks the configured path', () => {
    const rules = resourcesOf(stack('services'), 'aws_lb_listener_rule').map((rule) => (rule.condition as { host_header: { values: string[] } }[])[0].host_header.values[0]);
    expect(rules.sort()).toEqual(['staging-admin.lq3.example.com', 'staging-api.lq3.example.com', 'staging.lq3.example.com']);
    const paths = resourcesOf(stack('services'), 'aws_lb_target_group').map((group) => (group.health_check as { path: string }).path);
    expect(paths.sort()).toEqual(['/api/health', '/healthz', '/healthz']);
  });

  it('gives the API the DB endpoints, its own IAM-authenticated user and TLS settings, never the master secret; the front ends nothing from the DB', () => {
    const byFamily = containers();
    const api = byFamily['lq3-staging01-api'];
    expect(api.image).toBe('111111111111.dkr.ecr.eu-central-1.amazonaws.com/lq3/api:2026.11.3');
    const env = Object.fromEntries(api.environment.map(({ name, value }: { name: string; value: string }) => [name, value]));
    expect(env.DATABASE_HOST).toMatch(/staging01-data.*address/);
    expect(env.DATABASE_READ_HOST).toMatch(/staging01-data.*address/);
    expect(env).toMatchObject({ DATABASE_USER: 'app_api', DATABASE_AUTH: 'iam', DATABASE_SSL_MODE: 'VERIFY_IDENTITY' });
    expect(api).not.toHaveProperty('secrets');
    expect(JSON.stringify(api)).not.toMatch(/master_user_secret/);
    for (const front of ['lq3-staging01-web', 'lq3-staging01-admin']) {
      expect(JSON.stringify(byFamily[front])).not.toMatch(/DATABASE|staging01-data/);
    }
  });

  it('has a MySQL writer without replica, 7 days of backups, no deletion protection', () => {
    const [writer, ...replicas] = resourcesOf(stack('data'), 'aws_db_instance');
    expect(replicas).toEqual([]);
    expect(writer).toMatchObject({ identifier: 'lq3-staging01-mysql', engine_version: '8.0', engine_lifecycle_support: 'open-source-rds-extended-support', auto_minor_version_upgrade: true, backup_retention_period: 7, deletion_protection: false, multi_az: false, manage_master_user_password: true });
    expect(dataSourcesOf(stack('data'), 'aws_db_snapshot')).toEqual([]);
  });

  it('runs the nightly export and the cleanup as scheduled tasks of the API, with an exports bucket', () => {
    const schedules = resourcesOf(stack('jobs'), 'aws_scheduler_schedule');
    expect(schedules.map((schedule) => [schedule.name, schedule.schedule_expression, schedule.state])).toEqual(
      expect.arrayContaining([
        ['lq3-staging01-nightly-export', 'cron(0 4 * * ? *)', 'ENABLED'],
        ['lq3-staging01-cleanup-sessions', 'cron(30 4 * * ? *)', 'ENABLED'],
      ]),
    );
    for (const schedule of schedules) {
      const target = schedule.target as { ecs_parameters: { task_definition_arn: string } };
      expect(target.ecs_parameters.task_definition_arn).toMatch(/staging01-services\..*aws_ecs_task_definitionapi_.*arn_without_revision\}$/);
    }
    expect(resourcesOf(stack('jobs'), 'aws_s3_bucket').map((bucket) => bucket.bucket)).toEqual(['lq3-staging01-exports-111111111111']);
  });

  it('admits only Cloudflare ranges at the ALB and keeps every hostname on the legacy origin until its cut-over', () => {
    const ingress = resourcesOf(stack('edge'), 'aws_vpc_security_group_ingress_rule');
    // HTTPS only: the ALB completes TLS with Cloudflare's origin-pull certificate alone (ADR 0015).
    expect(ingress.map((rule) => rule.from_port)).toEqual([443]);
    for (const rule of ingress) expect(rule.for_each).toMatch(/data\.cloudflare_ip_ranges\..*\.ipv4_cidrs/);
    const records = resourcesOf(stack('dns'), 'cloudflare_dns_record');
    expect(records.map((record) => [record.name, record.type, record.proxied])).toEqual(
      expect.arrayContaining([
        ['staging.lq3.example.com', 'CNAME', true],
        ['staging-admin.lq3.example.com', 'CNAME', true],
        ['staging-api.lq3.example.com', 'CNAME', true],
      ]),
    );
    expect(records.map((record) => record.content)).toEqual(['staging-ec2.lq3.example.com', 'staging-ec2.lq3.example.com', 'staging-ec2.lq3.example.com']);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'staging.lq3.example.com' }),
      ]),
    );
    expect(resourcesOf(stack('edge'), 'aws_lb')[0]).toMatchObject({ enable_deletion_protection: false });
  });
});
