import { BudgetsBudget, type BudgetsBudgetNotification } from '@cdktf/provider-aws/lib/budgets-budget';
import { CeAnomalyMonitor } from '@cdktf/provider-aws/lib/ce-anomaly-monitor';
import { CeAnomalySubscription } from '@cdktf/provider-aws/lib/ce-anomaly-subscription';
import { Construct } from 'constructs';
import pkg from '../package.json';

export interface CostAlertsProps {
  /** Name prefix of the budget, monitor and subscription, e.g. `lq3-staging`. */
  readonly name: string;
  /**
   * SNS topic the alerts go to. Its policy must let `budgets.amazonaws.com` and
   * `costalerts.amazonaws.com` publish (and its KMS key, if any, let them use it).
   */
  readonly topicArn: string;
  /** The account's monthly cost budget in US dollars (unblended, credits and refunds excluded). */
  readonly monthlyBudgetUsd: number;
  /**
   * Alerts when the month's actual cost passes these percentages of the budget.
   * @default [80, 100]
   */
  readonly actualAlertsPercent?: readonly number[];
  /**
   * Alert when the month's forecast passes this percentage of the budget; `false` for none.
   * @default 100
   */
  readonly forecastAlertPercent?: number | false;
  /**
   * Cost Anomaly Detection over every AWS service of the account. AWS allows one
   * such monitor per account: import an existing one instead of creating a second.
   * @default true
   */
  readonly anomalyDetection?: boolean;
  /**
   * An anomaly is reported once its total cost impact reaches this many US dollars.
   * @default 50
   */
  readonly anomalyThresholdUsd?: number;
}

/**
 * What the bill does, before the invoice: a monthly AWS Budget with alerts on
 * actual and forecast cost, and Cost Anomaly Detection over every service of the
 * account, both notifying an SNS topic (Slack through AWS Chatbot).
 */
export class CostAlerts extends Construct {
  readonly budgetName: string;
  readonly anomalyMonitorArn?: string;

  constructor(scope: Construct, id: string, props: CostAlertsProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const actual = [...(props.actualAlertsPercent ?? [80, 100])];
    const forecast = props.forecastAlertPercent ?? 100;
    const anomalyThreshold = props.anomalyThresholdUsd ?? 50;
    validate(props, actual, forecast, anomalyThreshold);

    const notification = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number): BudgetsBudgetNotification => ({
      notificationType,
      comparisonOperator: 'GREATER_THAN',
      threshold,
      thresholdType: 'PERCENTAGE',
      subscriberSnsTopicArns: [props.topicArn],
    });
    const budget = new BudgetsBudget(this, 'budget', {
      name: `${props.name}-monthly`,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: props.monthlyBudgetUsd.toFixed(2),
      limitUnit: 'USD',
      // What the invoice shows for usage: credits and refunds would hide a cost rising.
      costTypes: { includeCredit: false, includeRefund: false },
      notification: [...actual.map((percent) => notification('ACTUAL', percent)), ...(forecast === false ? [] : [notification('FORECASTED', forecast)])],
    });
    this.budgetName = budget.name;

    if (props.anomalyDetection ?? true) {
      const monitor = new CeAnomalyMonitor(this, 'anomaly-monitor', { name: `${props.name}-services`, monitorType: 'DIMENSIONAL', monitorDimension: 'SERVICE' });
      new CeAnomalySubscription(this, 'anomaly-subscription', {
        name: `${props.name}-anomalies`,
        // SNS subscribers are only allowed with immediate alerts.
        frequency: 'IMMEDIATE',
        monitorArnList: [monitor.arn],
        subscriber: [{ type: 'SNS', address: props.topicArn }],
        thresholdExpression: {
          dimension: { key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', matchOptions: ['GREATER_THAN_OR_EQUAL'], values: [String(anomalyThreshold)] },
        },
      });
      this.anomalyMonitorArn = monitor.arn;
    }
  }
}

function validate(props: CostAlertsProps, actual: number[], forecast: number | false, anomalyThreshold: number): void {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,90}$/.test(props.name)) problems.push(`name "${props.name}" must be 1-91 letters, digits, "-" or "_"`);
  if (!(props.monthlyBudgetUsd > 0)) problems.push(`monthlyBudgetUsd must be more than 0, got ${props.monthlyBudgetUsd}`);
  const percent = (value: number) => Number.isFinite(value) && value > 0 && value <= 1000;
  if (actual.some((value) => !percent(value))) problems.push(`actualAlertsPercent must hold percentages from above 0 to 1000, got ${actual.join(', ')}`);
  if (new Set(actual).size !== actual.length) problems.push(`actualAlertsPercent lists a percentage twice: ${actual.join(', ')}`);
  if (forecast !== false && !percent(forecast)) problems.push(`forecastAlertPercent must be from above 0 to 1000 or false, got ${forecast}`);
  // AWS Budgets takes at most 5 notifications per budget.
  if (actual.length + (forecast === false ? 0 : 1) > 5) problems.push('a budget takes at most 5 alerts (actualAlertsPercent and forecastAlertPercent together)');
  if (!(anomalyThreshold > 0)) problems.push(`anomalyThresholdUsd must be more than 0, got ${anomalyThreshold}`);
  if (problems.length > 0) throw new Error(`CostAlerts ${props.name}: ${problems.join('; ')}`);
}
