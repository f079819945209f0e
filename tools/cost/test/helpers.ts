import { estimateEnvironment, type EnvEstimate } from '../src/estimate';
import { loadPriceBook } from '../src/prices';
import type { Resource } from '../src/resources';
import { loadUsageFile, resolveUsage, type Usage } from '../src/usage';

export const PRICES = loadPriceBook();
export const USAGE_FILE = loadUsageFile();
export const STAGING_USAGE: Usage = resolveUsage(USAGE_FILE, { account: 'staging', role: 'base' }, undefined);

/** A resource of a hand-made stack. */
export function resource(type: string, name: string, values: Record<string, unknown>, stack = 'env-unit'): Resource {
  return { stack, type, name, address: `${type}.${name}`, values, count: 1 };
}

export function estimate(resources: Resource[], usage: Usage = STAGING_USAGE, facts = {}): EnvEstimate {
  return estimateEnvironment({ env: 'env', resources, prices: PRICES, usage, facts });
}

/** The sum of the lines of one driver, as scheduled. */
export function driver(result: EnvEstimate, name: string): number {
  return result.byDriver.find((subtotal) => subtotal.key === name)?.cost.monthly ?? 0;
}

/** A Fargate task definition and service, optionally with office-hours scheduled actions. */
export function fargateService(name: string, options: { cpu?: number; memory?: number; desired?: number; officeHours?: boolean } = {}): Resource[] {
  const resources = [
    resource('aws_ecs_task_definition', `${name}_task`, { family: `lq3-env-${name}`, cpu: String(options.cpu ?? 512), memory: String(options.memory ?? 1024), container_definitions: '[]' }),
    resource('aws_ecs_service', `${name}_service`, { name: `lq3-env-${name}`, desired_count: options.desired ?? 1, launch_type: 'FARGATE', task_definition: `\${aws_ecs_task_definition.${name}_task.arn}` }),
  ];
  if (options.officeHours) {
    resources.push(
      resource('aws_appautoscaling_target', `${name}_target`, { min_capacity: options.desired ?? 1, max_capacity: options.desired ?? 1, resource_id: `service/\${aws_ecs_cluster.c.name}/\${aws_ecs_service.${name}_service.name}` }),
      resource('aws_appautoscaling_scheduled_action', `${name}_start`, { resource_id: `\${aws_appautoscaling_target.${name}_target.resource_id}`, schedule: 'cron(0 7 ? * MON-FRI *)', scalable_target_action: { min_capacity: String(options.desired ?? 1), max_capacity: String(options.desired ?? 1) } }),
      resource('aws_appautoscaling_scheduled_action', `${name}_end`, { resource_id: `\${aws_appautoscaling_target.${name}_target.resource_id}`, schedule: 'cron(0 20 ? * MON-FRI *)', scalable_target_action: { min_capacity: '0', max_capacity: '0' } }),
    );
  }
  return resources;
}
