import type { EcsServiceAutoScaling } from '../src';
import { synth, WEB, WORKER, type Json } from './helpers';

const ALB_ARN_SUFFIX = 'app/lq3-alb/50dc6c495c0c9188';

function scaled(autoScaling: EcsServiceAutoScaling, base = WEB, strategy: 'rolling' | 'blueGreen' = 'rolling') {
  return synth({ ...base, desiredCount: 2, autoScaling, deployment: { strategy } });
}

function policies(synthesized: ReturnType<typeof synth>): Record<string, Json> {
  return Object.fromEntries(Object.values(synthesized.resources('aws_appautoscaling_policy')).map((p: Json) => [p.name, p]));
}

describe('EcsService auto-scaling', () => {
  const synthesized = scaled({ minCapacity: 2, maxCapacity: 6 });

  it('registers the service as a scalable target within min and max', () => {
    expect(synthesized.only('aws_appautoscaling_target')).toEqual({
      service_namespace: 'ecs',
      scalable_dimension: 'ecs:service:DesiredCount',
      resource_id: expect.stringMatching(/^service\/\$\{element\(split\("\/", "arn:aws:ecs:[^"]+:cluster\/lq3-staging01"\), 1\)}\/\$\{aws_ecs_service\.api_service_\w+\.name}$/),
      min_capacity: 2,
      max_capacity: 6,
    });
  });

  it('hands desired_count to auto-scaling after create', () => {
    const service = synthesized.only('aws_ecs_service');
    expect(service.desired_count).toBe(2);
    expect(service.lifecycle).toEqual({ ignore_changes: ['desired_count'] });
  });

  it('tracks 70% CPU by default, and nothing else', () => {
    expect(policies(synthesized)).toEqual({
      'api-cpu': expect.objectContaining({
        policy_type: 'TargetTrackingScaling',
        target_tracking_scaling_policy_configuration: {
          target_value: 70,
          scale_out_cooldown: 60,
          scale_in_cooldown: 300,
          predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
        },
      }),
    });
    expect(synthesized.resources('aws_appautoscaling_scheduled_action')).toEqual({});
  });

  it('tracks the given CPU target', () => {
    const custom = policies(scaled({ minCapacity: 1, maxCapacity: 3, cpuTargetPercent: 55 }));
    expect(custom['api-cpu'].target_tracking_scaling_policy_configuration.target_value).toBe(55);
  });

  it('tracks ALB requests per target of the single rolling target group', () => {
    const requests = policies(scaled({ minCapacity: 1, maxCapacity: 4, requestsPerTarget: 800, albArnSuffix: ALB_ARN_SUFFIX }))['api-requests'];
    expect(requests.target_tracking_scaling_policy_configuration).toEqual({
      target_value: 800,
      scale_out_cooldown: 60,
      scale_in_cooldown: 300,
      predefined_metric_specification: {
        predefined_metric_type: 'ALBRequestCountPerTarget',
        resource_label: expect.stringMatching(/^app\/lq3-alb\/50dc6c495c0c9188\/\$\{aws_lb_target_group\.api_target-group-1_\w+\.arn_suffix}$/),
      },
    });
    expect(requests.depends_on).toEqual([expect.stringMatching(/^aws_appautoscaling_policy\.api_scale-on-cpu_/)]);
  });

  it('tracks requests per healthy target across both blue/green target groups', () => {
    const requests = policies(scaled({ minCapacity: 1, maxCapacity: 4, requestsPerTarget: 800, albArnSuffix: ALB_ARN_SUFFIX }, WEB, 'blueGreen'))['api-requests'];
    const configuration = requests.target_tracking_scaling_policy_configuration;
    expect(configuration).not.toHaveProperty('predefined_metric_specification');
    const metrics: Json[] = configuration.customized_metric_specification.metrics;
    expect(metrics.map((m) => m.id)).toEqual(['requests1', 'requests2', 'healthy1', 'healthy2', 'requestsPerTarget']);
    expect(metrics.filter((m) => m.return_data).map((m) => m.id)).toEqual(['requestsPerTarget']);
    expect(metrics[4].expression).toBe('(FILL(requests1, 0) + FILL(requests2, 0)) / (healthy1 + healthy2)');
    expect(metrics[1].metric_stat).toEqual({
      stat: 'Sum',
      metric: {
        namespace: 'AWS/ApplicationELB',
        metric_name: 'RequestCount',
        dimensions: [
          { name: 'LoadBalancer', value: ALB_ARN_SUFFIX },
          { name: 'TargetGroup', value: expect.stringMatching(/api_target-group-2_\w+\.arn_suffix/) },
        ],
      },
    });
    expect(metrics[2].metric_stat.metric.metric_name).toBe('HealthyHostCount');
    expect(metrics[2].metric_stat.stat).toBe('Average');
  });

  it('adds scheduled actions in their time zone, e.g. scale to zero at night', () => {
    const withSchedule = scaled(
      {
        minCapacity: 1,
        maxCapacity: 2,
        scheduledActions: [
          { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', timezone: 'Europe/Berlin', minCapacity: 0, maxCapacity: 0 },
          { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', minCapacity: 1, maxCapacity: 2 },
        ],
      },
      WORKER,
    );
    const actions = withSchedule.resources('aws_appautoscaling_scheduled_action');
    const night = Object.keys(actions).find((key) => key.startsWith('api_scheduled-night_')) as string;
    const morning = Object.keys(actions).find((key) => key.startsWith('api_scheduled-morning_')) as string;
    expect(actions[night]).toMatchObject({
      name: 'api-worker-night',
      schedule: 'cron(0 20 ? * MON-FRI *)',
      timezone: 'Europe/Berlin',
      scalable_target_action: { min_capacity: '0', max_capacity: '0' },
    });
    expect(actions[morning]).toMatchObject({
      name: 'api-worker-morning',
      schedule: 'cron(0 7 ? * MON-FRI *)',
      timezone: 'UTC',
      scalable_target_action: { min_capacity: '1', max_capacity: '2' },
    });
    expect(actions[night].resource_id).toMatch(/aws_appautoscaling_target\.api_scaling-target_\w+\.resource_id/);
    // One change at a time on the scalable target: cpu policy -> night -> morning.
    expect(actions[night].depends_on).toEqual([expect.stringMatching(/^aws_appautoscaling_policy\.api_scale-on-cpu_/)]);
    expect(actions[morning].depends_on).toEqual([`aws_appautoscaling_scheduled_action.${night}`]);
  });
});
