/**
 * A Slack channel for one account's alarms and findings. Type-checked by the
 * module's `typecheck` target.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { SlackChannel } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'chatbot-example');

const channel = new SlackChannel(stack, 'alerts', {
  name: 'lq3-production-alerts',
  slackTeamId: 'T0123ABCD',
  slackChannelId: 'C0123ABCDE',
  snsTopicArns: [
    'arn:aws:sns:eu-central-1:222222222222:lq3-production01-alarms',
    'arn:aws:sns:eu-central-1:222222222222:lq3-account-security',
  ],
});

new TerraformOutput(stack, 'channel-configuration', { value: channel.configurationArn });

app.synth();
