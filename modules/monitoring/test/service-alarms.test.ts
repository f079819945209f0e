import { ServiceAlarms, type ServiceAlarmsProps } from '../src';
import { byName, synthResources, TOPIC } from './helpers';

const PROPS: ServiceAlarmsProps = {
  name: 'lq3-staging01-api',
  clusterName: 'lq3-staging01',
  serviceName: 'lq3-staging01-api',
  topicArn: TOPIC,
  targets: { albArnSuffix: 'app/lq3-staging01/abc', targetGroupArnSuffixes: ['targetgroup/api-8080-1/def'] },
};

const alarms = (overrides: Partial<ServiceAlarmsProps> = {}) =>
  byName(synthResources((stack) => new ServiceAlarms(stack, 'alarms', { ...PROPS, ...overrides })), 'aws_cloudwatch_metric_alarm');

describe('ServiceAlarms', () => {
  const defaults = alarms();

  test('five alarms by default, each notifying the topic on alarm and recovery, never on missing data', () => {
    expect(Object.keys(defaults).sort()).toEqual([
      'lq3-staging01-api-cpu',
      'lq3-staging01-api-memory',
      'lq3-staging01-api-p95-latency',
      'lq3-staging01-api-running-tasks',
      'lq3-staging01-api-unhealthy-targets',
    ]);
    for (const alarm of Object.values(defaults)) {
      expect(alarm).toMatchObject({ alarm_actions: [TOPIC], ok_actions: [TOPIC], treat_missing_data: 'notBreaching' });
    }
  });

  test('CPU and memory: service average above 85 % for three 5-minute periods', () => {
    for (const [name, metric] of [['cpu', 'CPUUtilization'], ['memory', 'MemoryUtilization']]) {
      expect(defaults[`lq3-staging01-api-${name}`]).toMatchObject({
        namespace: 'AWS/ECS',
        metric_name: metric,
        dimensions: { ClusterName: 'lq3-staging01', ServiceName: 'lq3-staging01-api' },
        statistic: 'Average',
        period: 300,
        evaluation_periods: 3,
        comparison_operator: 'GreaterThanThreshold',
        threshold: 85,
      });
    }
  });

  test('running below desired: Container Insights desired minus running, at least one task for 10 minutes', () => {
    const running = defaults['lq3-staging01-api-running-tasks'] as { metric_query: Record<string, unknown>[] } & Record<string, unknown>;
    expect(running).toMatchObject({ comparison_operator: 'GreaterThanOrEqualToThreshold', threshold: 1, evaluation_periods: 2 });
    expect(running.metric_query).toEqual([
      expect.objectContaining({ id: 'desired', metric: expect.objectContaining({ namespace: 'ECS/ContainerInsights', metric_name: 'DesiredTaskCount', period: 300 }) }),
      expect.objectContaining({ id: 'running', metric: expect.objectContaining({ metric_name: 'RunningTaskCount' }) }),
      { id: 'missing', expression: 'desired - running', label: 'Tasks missing', return_data: true },
    ]);
  });

  test('p95 latency above 2 s and any unhealthy target, per target group', () => {
    const dimensions = { LoadBalancer: 'app/lq3-staging01/abc', TargetGroup: 'targetgroup/api-8080-1/def' };
    expect(defaults['lq3-staging01-api-p95-latency']).toMatchObject({ metric_name: 'TargetResponseTime', extended_statistic: 'p95', threshold: 2, dimensions });
    expect(defaults['lq3-staging01-api-unhealthy-targets']).toMatchObject({ metric_name: 'UnHealthyHostCount', statistic: 'Maximum', period: 60, evaluation_periods: 5, threshold: 0, dimensions });
  });

  test('blue/green: the load balancer alarms once per target group', () => {
    const blueGreen = alarms({ targets: { albArnSuffix: 'app/x/1', targetGroupArnSuffixes: ['targetgroup/a/1', 'targetgroup/b/2'] } });
    expect(Object.keys(blueGreen).filter((name) => /latency|unhealthy/.test(name)).sort()).toEqual([
      'lq3-staging01-api-p95-latency-tg1',
      'lq3-staging01-api-p95-latency-tg2',
      'lq3-staging01-api-unhealthy-targets-tg1',
      'lq3-staging01-api-unhealthy-targets-tg2',
    ]);
    expect(blueGreen['lq3-staging01-api-p95-latency-tg2']).toMatchObject({ dimensions: { TargetGroup: 'targetgroup/b/2' } });
  });

  test('thresholds move and alarms switch off; a worker without targets has no load balancer alarms', () => {
    const tuned = alarms({ cpu: { threshold: 70 }, memory: { enabled: false }, latencyP95: { threshold: 0.5 } });
    expect(tuned['lq3-staging01-api-cpu']).toMatchObject({ threshold: 70 });
    expect(tuned['lq3-staging01-api-p95-latency']).toMatchObject({ threshold: 0.5 });
    expect(tuned['lq3-staging01-api-memory']).toBeUndefined();
    expect(Object.keys(alarms({ targets: undefined })).sort()).toEqual(['lq3-staging01-api-cpu', 'lq3-staging01-api-memory', 'lq3-staging01-api-running-tasks']);
  });

  test('descriptions say what fired and, with a runbook, where to look', () => {
    const described = alarms({ runbook: 'First check: docs/operations.md#alarms' });
    expect(described['lq3-staging01-api-cpu'].alarm_description).toBe(
      'lq3-staging01-api: average CPU of the service above 85 % in three consecutive 5-minute periods. First check: docs/operations.md#alarms',
    );
  });

  test('refuses thresholds outside the useful range, bad names and target lists', () => {
    expect(() => alarms({ cpu: { threshold: 100 } })).toThrow('ServiceAlarms lq3-staging01-api: cpu.threshold must be from 10 to 95 %, got 100');
    expect(() => alarms({ runningTasks: { threshold: 0 } })).toThrow('runningTasks.threshold must be from 1 to 10 tasks, got 0');
    expect(() => alarms({ name: 'bad name' })).toThrow('name "bad name" must be letters, digits');
    expect(() => alarms({ targets: { albArnSuffix: 'a', targetGroupArnSuffixes: [] } })).toThrow('must list at least one target group');
  });
});
