import { Testing, TerraformStack } from 'cdktf';
import { CostAlerts, type CostAlertsProps } from '../src';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const TOPIC = 'arn:aws:sns:eu-central-1:111111111111:lq3-account-cost';

function synth(props: Partial<CostAlertsProps> = {}): Resources {
  const stack = new TerraformStack(Testing.app(), 'test');
  new CostAlerts(stack, 'cost', { name: 'lq3-staging', topicArn: TOPIC, monthlyBudgetUsd: 400, ...props });
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}
const only = (resources: Resources, type: string) => {
  const bodies = Object.values(resources[type] ?? {});
  if (bodies.length !== 1) throw new Error(`expected one ${type}, found ${bodies.length}`);
  return bodies[0];
};

describe('CostAlerts', () => {
  const resources = synth();

  test('a monthly cost budget in USD, credits and refunds excluded', () => {
    expect(only(resources, 'aws_budgets_budget')).toMatchObject({
      name: 'lq3-staging-monthly',
      budget_type: 'COST',
      time_unit: 'MONTHLY',
      limit_amount: '400.00',
      limit_unit: 'USD',
      cost_types: { include_credit: false, include_refund: false },
    });
  });

  test('alerts at 80 % and 100 % of actual cost and 100 % of the forecast, to the topic', () => {
    const { notification } = only(resources, 'aws_budgets_budget') as { notification: Record<string, unknown>[] };
    expect(notification).toEqual([
      { notification_type: 'ACTUAL', comparison_operator: 'GREATER_THAN', threshold: 80, threshold_type: 'PERCENTAGE', subscriber_sns_topic_arns: [TOPIC] },
      { notification_type: 'ACTUAL', comparison_operator: 'GREATER_THAN', threshold: 100, threshold_type: 'PERCENTAGE', subscriber_sns_topic_arns: [TOPIC] },
      { notification_type: 'FORECASTED', comparison_operator: 'GREATER_THAN', threshold: 100, threshold_type: 'PERCENTAGE', subscriber_sns_topic_arns: [TOPIC] },
    ]);
  });

  test('Cost Anomaly Detection over every service, immediate SNS alerts from 50 USD of impact', () => {
    expect(only(resources, 'aws_ce_anomaly_monitor')).toEqual({ name: 'lq3-staging-services', monitor_type: 'DIMENSIONAL', monitor_dimension: 'SERVICE' });
    const subscription = only(resources, 'aws_ce_anomaly_subscription');
    expect(subscription).toMatchObject({
      name: 'lq3-staging-anomalies',
      frequency: 'IMMEDIATE',
      subscriber: [{ type: 'SNS', address: TOPIC }],
      threshold_expression: { dimension: { key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', match_options: ['GREATER_THAN_OR_EQUAL'], values: ['50'] } },
    });
    expect(subscription.monitor_arn_list).toEqual([expect.stringMatching(/^\$\{aws_ce_anomaly_monitor\.cost_anomaly-monitor_[0-9A-F]+\.arn\}$/)]);
  });

  test('percentages, forecast and anomaly detection are configurable', () => {
    const custom = synth({ actualAlertsPercent: [50, 90], forecastAlertPercent: false, anomalyDetection: false });
    expect((only(custom, 'aws_budgets_budget').notification as { threshold: number }[]).map((n) => n.threshold)).toEqual([50, 90]);
    expect(custom.aws_ce_anomaly_monitor).toBeUndefined();
    expect(only(synth({ anomalyThresholdUsd: 20 }), 'aws_ce_anomaly_subscription')).toMatchObject({ threshold_expression: { dimension: { values: ['20'] } } });
  });

  test('refuses budgets AWS would refuse', () => {
    expect(() => synth({ monthlyBudgetUsd: 0 })).toThrow('CostAlerts lq3-staging: monthlyBudgetUsd must be more than 0, got 0');
    expect(() => synth({ actualAlertsPercent: [50, 60, 70, 80, 90] })).toThrow('a budget takes at most 5 alerts');
    expect(() => synth({ actualAlertsPercent: [80, 80] })).toThrow('lists a percentage twice');
  });
});
