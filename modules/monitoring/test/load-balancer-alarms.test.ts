import { LoadBalancerAlarms, MINIMUM_REQUESTS } from '../src';
import { all, synthResources, TOPIC } from './helpers';

const synth = (serverErrorRate?: { threshold?: number; enabled?: boolean }) =>
  all(
    synthResources((stack) => new LoadBalancerAlarms(stack, 'alb', { name: 'lq3-staging01-alb', albArnSuffix: 'app/lq3-staging01/abc', topicArn: TOPIC, serverErrorRate })),
    'aws_cloudwatch_metric_alarm',
  );

describe('LoadBalancerAlarms', () => {
  test('5xx rate of the load balancer and its targets above 5 % for 10 minutes, judged only with enough requests', () => {
    const [alarm] = synth() as ({ metric_query: { id: string; expression?: string; metric?: Record<string, unknown> }[] } & Record<string, unknown>)[];
    expect(alarm).toMatchObject({
      alarm_name: 'lq3-staging01-alb-5xx-rate',
      threshold: 5,
      evaluation_periods: 2,
      comparison_operator: 'GreaterThanThreshold',
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
      treat_missing_data: 'notBreaching',
    });
    expect(alarm.metric_query.map((query) => query.id)).toEqual(['elb5xx', 'target5xx', 'requests', 'rate']);
    for (const query of alarm.metric_query.slice(0, 3)) {
      expect(query.metric).toMatchObject({ namespace: 'AWS/ApplicationELB', stat: 'Sum', period: 300, dimensions: { LoadBalancer: 'app/lq3-staging01/abc' } });
    }
    expect(alarm.metric_query[3].expression).toBe(`IF(requests >= ${MINIMUM_REQUESTS}, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)`);
  });

  test('a threshold moves it, enabled: false removes it, nonsense is refused', () => {
    expect(synth({ threshold: 2 })[0]).toMatchObject({ threshold: 2 });
    expect(synth({ enabled: false })).toEqual([]);
    expect(() => synth({ threshold: 0 })).toThrow('serverErrorRate.threshold must be from 0.1 to 50 %, got 0');
  });
});
