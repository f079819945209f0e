/**
 * An account's security baseline with findings reported to a topic that AWS
 * Chatbot forwards to Slack. Type-checked by the module's `typecheck` target.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AccountBaseline } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'baseline-example');

const baseline = new AccountBaseline(stack, 'baseline', {
  name: 'lq3-production',
  passwordPolicy: { minimumLength: 16 },
  findings: { topicArn: 'arn:aws:sns:eu-central-1:222222222222:lq3-account-security', minimumGuardDutySeverity: 7 },
});

if (baseline.guardDutyDetectorId) new TerraformOutput(stack, 'guardduty-detector', { value: baseline.guardDutyDetectorId });

app.synth();
