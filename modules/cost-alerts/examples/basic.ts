/**
 * The staging account's budget: alerts at half, 90 % and the full budget,
 * none on the forecast, anomalies from 25 USD. Type-checked by the module's
 * `typecheck` target.
 */
import { App, TerraformStack } from 'cdktf';
import { CostAlerts } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'cost-example');

new CostAlerts(stack, 'cost', {
  name: 'lq3-staging',
  topicArn: 'arn:aws:sns:eu-central-1:111111111111:lq3-account-cost',
  monthlyBudgetUsd: 600,
  actualAlertsPercent: [50, 90, 100],
  forecastAlertPercent: false,
  anomalyThresholdUsd: 25,
});

app.synth();
