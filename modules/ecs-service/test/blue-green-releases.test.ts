/** Successive blue/green deployments: Terraform never swaps ECS's target groups back (ADR 0012). */
import { synth, WEB, type Json } from './helpers';

const BLUE_GREEN = { ...WEB, deployment: { strategy: 'blueGreen' as const, bakeTimeMinutes: 15 } };

describe('EcsService blue/green releases', () => {
  test('the service ignores the task definition and the load balancer block ECS swaps', () => {
    expect(synth(BLUE_GREEN).only('aws_ecs_service').lifecycle).toEqual({ ignore_changes: ['task_definition', 'load_balancer'] });
    expect(synth({ ...BLUE_GREEN, desiredCount: 2, autoScaling: { minCapacity: 2, maxCapacity: 4 } }).only('aws_ecs_service').lifecycle).toEqual({ ignore_changes: ['desired_count', 'task_definition', 'load_balancer'] });
  });

  test('rolling services keep deploying through Terraform', () => {
    expect(synth(WEB).only('aws_ecs_service')).not.toHaveProperty('lifecycle');
  });

  test('alarm-based rollback watches the target 5xx of both target groups', () => {
    const synthesized = synth({ ...BLUE_GREEN, deployment: { ...BLUE_GREEN.deployment, alarmRollback: { albArnSuffix: 'app/lq3-alb/50dc6c495c0c9188', errorsPerMinute: 5 } } });
    const alarm = synthesized.only('aws_cloudwatch_metric_alarm');
    expect(alarm).toMatchObject({ alarm_name: 'api-deployment-5xx', threshold: 5, evaluation_periods: 3, datapoints_to_alarm: 2 });
    expect(alarm.metric_query.map((q: Json) => [q.metric?.metric_name, q.metric?.dimensions.TargetGroup ?? q.expression])).toEqual([
      ['HTTPCode_Target_5XX_Count', expect.stringMatching(/target-group-1.*arn_suffix/)],
      ['HTTPCode_Target_5XX_Count', expect.stringMatching(/target-group-2.*arn_suffix/)],
      ['TargetConnectionErrorCount', expect.stringMatching(/target-group-1.*arn_suffix/)],
      ['TargetConnectionErrorCount', expect.stringMatching(/target-group-2.*arn_suffix/)],
      [undefined, 'FILL(errors1, 0) + FILL(errors2, 0) + FILL(connectionErrors1, 0) + FILL(connectionErrors2, 0)'],
    ]);
    expect(synthesized.only('aws_ecs_service').alarms).toEqual({ alarm_names: [expect.stringMatching(/aws_cloudwatch_metric_alarm\..*alarm_name/)], enable: true, rollback: true });
  });
});
