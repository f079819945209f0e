import { join } from 'node:path';
import { dataSourcesOf, resourcesOf, synthesizeProject } from '@lq3/live-shared/src/testing';

const { stacks } = synthesizeProject(join(__dirname, '..'));
const images = (env: string) =>
  Object.fromEntries(
    resourcesOf(stacks[`${env}-services`], 'aws_ecs_task_definition').map((task) => {
      const [container] = JSON.parse(task.container_definitions as string);
      return [String(task.family).replace(`lq3-${env}-`, ''), container.image.split(':')[1]];
    }),
  );

describe.each([
  ['staging-back', '111111111111', 'staging01', 'back-next-staging'],
  ['production-back', '222222222222', 'production01', 'back-next'],
])('%s', (env, accountId, base, hostPrefix) => {
  const stack = (unit: string) => stacks[`${env}-${unit}`];

  it(`lives in account ${accountId} with its own state`, () => {
    for (const unit of ['network', 'data', 'edge', 'services', 'jobs', 'dns']) {
      expect(stack(unit).terraform.backend.s3).toMatchObject({ key: `${env}/${unit}.tfstate`, bucket: `lq3-terraform-state-${accountId}` });
      expect(stack(unit).provider['aws'][0]).toMatchObject({ allowed_account_ids: [accountId] });
    }
  });

  it(`reuses ${base}'s VPC by lookup, creating no VPC and no NAT gateway`, () => {
    expect(resourcesOf(stack('network'), 'aws_vpc')).toEqual([]);
    expect(resourcesOf(stack('network'), 'aws_nat_gateway')).toEqual([]);
    expect(resourcesOf(stack('network'), 'aws_eip')).toEqual([]);
    expect(dataSourcesOf(stack('network'), 'aws_vpc')).toEqual([expect.objectContaining({ tags: { Name: `lq3-${base}` } })]);
  });

  it('runs the new Symfony API image with the current front ends, one task each, rolling', () => {
    expect(images(env)).toEqual({ web: '2026.11.3', admin: '2026.11.3', api: '2026.12.0-symfony7-php84' });
    for (const service of resourcesOf(stack('services'), 'aws_ecs_service')) {
      expect(service).toMatchObject({ desired_count: 1, deployment_configuration: { strategy: 'ROLLING' } });
    }
  });

  it('scales every service to zero outside office hours and back in the morning', () => {
    const actions = resourcesOf(stack('services'), 'aws_appautoscaling_scheduled_action');
    expect(actions).toHaveLength(6);
    const end = actions.filter((action) => String(action.name).endsWith('office-hours-end'));
    const start = actions.filter((action) => String(action.name).endsWith('office-hours-start'));
    for (const action of end) expect(action).toMatchObject({ schedule: 'cron(0 20 ? * MON-FRI *)', timezone: 'Europe/Berlin', scalable_target_action: { min_capacity: '0', max_capacity: '0' } });
    for (const action of start) expect(action).toMatchObject({ schedule: 'cron(0 7 ? * MON-FRI *)', scalable_target_action: { min_capacity: '1', max_capacity: '1' } });
  });

  it(`restores its database from the latest snapshot of ${base}'s and never replaces it for a newer one`, () => {
    expect(dataSourcesOf(stack('data'), 'aws_db_snapshot')).toEqual([expect.objectContaining({ db_instance_identifier: `lq3-${base}-mysql`, most_recent: true })]);
    const [writer] = resourcesOf(stack('data'), 'aws_db_instance');
    expect(writer.identifier).toBe(`lq3-${env}-mysql`);
    expect(writer.snapshot_identifier).toMatch(/data\.aws_db_snapshot\./);
    expect((writer.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain('snapshot_identifier');
    expect((writer.lifecycle as { replace_triggered_by: string[] }).replace_triggered_by).toEqual([expect.stringMatching(/^terraform_data\./)]);
    expect(writer).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
  });

  it('has its own ALB and hostnames', () => {
    expect(resourcesOf(stack('edge'), 'aws_lb')).toHaveLength(1);
    const names = resourcesOf(stack('dns'), 'cloudflare_dns_record').map((record) => record.name);
    expect(names.sort()).toEqual([`${hostPrefix}-admin.lq3.example.com`, `${hostPrefix}-api.lq3.example.com`, `${hostPrefix}.lq3.example.com`]);
  });
});
