import { AuditTrail, SECURITY_ALARMS } from '../src';
import { ACCOUNT, byName, synthResources, TOPIC } from './helpers';

const synth = (thresholds?: Record<string, number>) =>
  synthResources(
    (stack) =>
      new AuditTrail(stack, 'trail', {
        name: 'lq3-staging',
        bucketName: 'lq3-cloudtrail-111111111111',
        accountId: ACCOUNT,
        region: 'eu-central-1',
        securityAlarms: { topicArn: TOPIC, thresholds, runbook: 'First check: docs/operations.md#alarms' },
      }),
  );

describe('AuditTrail security alarms (CIS)', () => {
  const resources = synth();
  const filters = byName(resources, 'aws_cloudwatch_log_metric_filter', 'name');
  const alarms = byName(resources, 'aws_cloudwatch_metric_alarm');

  test('a metric filter on the trail log group for root use, IAM policy changes, sign-in failures, sign-in without MFA and trail changes', () => {
    expect(Object.keys(filters).sort()).toEqual(['CloudTrailChanges', 'ConsoleSignInFailures', 'ConsoleSignInWithoutMfa', 'IamPolicyChanges', 'RootAccountUsage']);
    for (const filter of Object.values(filters)) {
      expect(filter.log_group_name).toMatch(/aws_cloudwatch_log_group\.trail_logs/);
      expect(filter.metric_transformation).toMatchObject({ namespace: 'CISBenchmark', value: '1', default_value: '0' });
    }
    expect(filters.RootAccountUsage.pattern).toBe('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }');
    expect(filters.ConsoleSignInFailures.pattern).toBe('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }');
    expect(filters.IamPolicyChanges.pattern).toContain('($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ');
    expect(filters.IamPolicyChanges.pattern).toContain('($.eventName = DetachGroupPolicy)');
  });

  test('each alarm fires on the first event in 5 minutes (sign-in failures on the third) and notifies the topic', () => {
    expect(Object.keys(alarms).sort()).toEqual(Object.values(SECURITY_ALARMS).map((d) => `lq3-staging-cloudtrail-${d.metricName}`).sort());
    expect(alarms['lq3-staging-cloudtrail-RootAccountUsage']).toMatchObject({
      namespace: 'CISBenchmark',
      statistic: 'Sum',
      period: 300,
      evaluation_periods: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
      alarm_description: 'The root user made an API call or signed in (CIS 4.3; any event in 5 minutes). First check: docs/operations.md#alarms',
    });
    expect(alarms['lq3-staging-cloudtrail-ConsoleSignInFailures']).toMatchObject({ threshold: 3 });
  });

  test('thresholds are whole numbers of events', () => {
    expect(byName(synth({ consoleSignInFailures: 5 }), 'aws_cloudwatch_metric_alarm')['lq3-staging-cloudtrail-ConsoleSignInFailures']).toMatchObject({ threshold: 5 });
    expect(() => synth({ rootAccountUsage: 0 })).toThrow('thresholds.rootAccountUsage must be a whole number of events, at least 1, got 0');
  });

  test('no alarms without a topic', () => {
    const plain = synthResources((stack) => new AuditTrail(stack, 'trail', { name: 'lq3-x', bucketName: 'lq3-x-trail', accountId: ACCOUNT, region: 'eu-central-1' }));
    expect(plain.aws_cloudwatch_metric_alarm).toBeUndefined();
    expect(plain.aws_cloudwatch_log_metric_filter).toBeUndefined();
  });
});
