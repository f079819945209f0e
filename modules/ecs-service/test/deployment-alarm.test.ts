/** Alarm-based rollback: the alarm ECS watches covers the green target group, whichever of the two it is. */
import { MIN_BAKE_WITH_ALARM_MINUTES } from '../src';
import { synth, TEST_LISTENER_ARN, WEB, type Json } from './helpers';

const ALB_ARN_SUFFIX = 'app/lq3-alb/50dc6c495c0c9188';
const BLUE_GREEN = { ...WEB, deployment: { strategy: 'blueGreen' as const, bakeTimeMinutes: 15, alarmRollback: { albArnSuffix: ALB_ARN_SUFFIX } } };

describe('EcsService blue/green rollback alarm', () => {
  const synthesized = synth({ ...BLUE_GREEN, loadBalancer: { ...WEB.loadBalancer!, testListenerArn: TEST_LISTENER_ARN } });
  const alarm = synthesized.only('aws_cloudwatch_metric_alarm');
  const service = synthesized.only('aws_ecs_service');
  const advanced = service.load_balancer[0].advanced_configuration;
  const suffixOf = (arnRef: string) => arnRef.replace(/\.arn}$/, '.arn_suffix}');
  const metrics = alarm.metric_query.filter((query: Json) => query.metric);

  it('watches the target group ECS deploys green into (the alternate) as well as the primary', () => {
    const groups = new Set(metrics.map((query: Json) => query.metric.dimensions.TargetGroup));
    expect(groups).toEqual(new Set([suffixOf(service.load_balancer[0].target_group_arn), suffixOf(advanced.alternate_target_group_arn)]));
    for (const query of metrics) {
      expect(query.metric).toMatchObject({ namespace: 'AWS/ApplicationELB', period: 60, stat: 'Sum', dimensions: { LoadBalancer: ALB_ARN_SUFFIX } });
    }
  });

  it('counts what users get from the targets: 5xx and connections the ALB could not open, per group', () => {
    expect(metrics.map((query: Json) => query.metric.metric_name).sort()).toEqual(['HTTPCode_Target_5XX_Count', 'HTTPCode_Target_5XX_Count', 'TargetConnectionErrorCount', 'TargetConnectionErrorCount']);
    const [result] = alarm.metric_query.filter((query: Json) => query.return_data);
    for (const query of metrics) expect(result.expression).toContain(`FILL(${query.id}, 0)`);
    expect(alarm).toMatchObject({ comparison_operator: 'GreaterThanThreshold', threshold: 10, treat_missing_data: 'notBreaching' });
  });

  it('covers test-listener traffic: the test rule forwards only to the same two groups', () => {
    const testRule = Object.entries(synthesized.resources('aws_lb_listener_rule')).find(([key]) => key.startsWith('api_test-listener-rule_'))![1];
    expect(advanced.test_listener_rule).toMatch(/aws_lb_listener_rule\.api_test-listener-rule_/);
    const forwarded = testRule.action[0].forward.target_group.map((tg: Json) => suffixOf(tg.arn));
    const watched = metrics.map((query: Json) => query.metric.dimensions.TargetGroup);
    for (const group of forwarded) expect(watched).toContain(group);
  });

  it('is in the service deployment alarms, with rollback on', () => {
    expect(service.alarms).toEqual({ alarm_names: [expect.stringMatching(/aws_cloudwatch_metric_alarm\..*\.alarm_name/)], enable: true, rollback: true });
  });

  it('refuses a bake time too short for the alarm to fire before the previous version is gone', () => {
    const short = { ...BLUE_GREEN, deployment: { ...BLUE_GREEN.deployment, bakeTimeMinutes: MIN_BAKE_WITH_ALARM_MINUTES - 1 } };
    expect(() => synth(short)).toThrow(/deployment\.bakeTimeMinutes 4 is shorter than the 5 minutes the rollback alarm needs to fire/);
    expect(() => synth({ ...short, deployment: { ...short.deployment, bakeTimeMinutes: MIN_BAKE_WITH_ALARM_MINUTES } })).not.toThrow();
  });

  it('refuses alarm-based rollback on rolling deployments and a malformed threshold or ALB suffix', () => {
    expect(() => synth({ ...WEB, deployment: { strategy: 'rolling', alarmRollback: { albArnSuffix: ALB_ARN_SUFFIX } } })).toThrow(/deployment\.alarmRollback only applies to deployment\.strategy blueGreen/);
    expect(() => synth({ ...BLUE_GREEN, deployment: { ...BLUE_GREEN.deployment, alarmRollback: { albArnSuffix: ALB_ARN_SUFFIX, errorsPerMinute: 0 } } })).toThrow(/errorsPerMinute 0 must be a whole number of errors, at least 1/);
    expect(() => synth({ ...BLUE_GREEN, deployment: { ...BLUE_GREEN.deployment, alarmRollback: { albArnSuffix: 'lq3-alb' } } })).toThrow(/albArnSuffix "lq3-alb" must look like app\/<alb-name>\/<id>/);
  });
});
