import { CostAlerts } from '@lq3/cost-alerts';
import type { Construct } from 'constructs';
import type { AccountLayer } from '../account-config';
import { AccountStack } from '../account-stack';
import type { BaselineStack } from './baseline-stack';

/** Cost unit of an account: its monthly budget and Cost Anomaly Detection (@lq3/cost-alerts), to the cost topic. */
export class CostStack extends AccountStack {
  constructor(scope: Construct, layer: AccountLayer, baseline: BaselineStack) {
    super(scope, layer, 'cost');
    const budget = layer.settings.budget;
    this.fromField('budget', () =>
      new CostAlerts(this, 'cost', {
        name: this.name(),
        topicArn: baseline.topics.cost.topicArn,
        monthlyBudgetUsd: budget.monthlyUsd,
        actualAlertsPercent: budget.alertAtPercent,
        forecastAlertPercent: budget.forecastAlertAtPercent,
        anomalyThresholdUsd: budget.anomalyAlertAboveUsd,
      }),
    );
  }
}
