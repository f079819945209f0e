import { SlackChannel } from '@lq3/chatbot';
import type { Construct } from 'constructs';
import { ACCOUNT_TOPICS, type AccountLayer } from '../account-config';
import { AccountStack } from '../account-stack';
import type { BaselineStack } from './baseline-stack';

/** The topics each Slack channel of an account gets: the account topics it receives and the alarm topics of the envs routed to it. */
export function channelTopics(layer: AccountLayer, accountTopicArn: (topic: (typeof ACCOUNT_TOPICS)[number]) => string): Map<string, string[]> {
  const slack = layer.settings.slack;
  if (!slack) return new Map();
  return new Map(
    Object.entries(slack.channels).map(([name, channel]) => [
      name,
      [...channel.receives.map(accountTopicArn), ...layer.environments.filter((environment) => environment.slackChannel === name).map((environment) => environment.alarmTopicArn)],
    ]),
  );
}

/**
 * Chat unit of an account: one AWS Chatbot Slack channel configuration per
 * channel of accounts.yaml (@lq3/chatbot), subscribed to the account topics it
 * receives and to the alarm topics of the envs routed to it. The Slack workspace
 * is authorised once by hand in each account (docs/operations.md, "Slack").
 */
export class ChatStack extends AccountStack {
  constructor(scope: Construct, layer: AccountLayer, baseline: BaselineStack) {
    super(scope, layer, 'chat');
    const slack = layer.settings.slack;
    if (!slack) return;
    for (const [name, topics] of channelTopics(layer, (topic) => baseline.topics[topic].topicArn)) {
      this.fromField(`slack.channels.${name}`, () => {
        if (topics.length === 0) throw new Error('receives nothing: no account topic in receives and no env routed to it (monitoring.slackChannel, or defaultChannel); remove it or route something to it');
        return new SlackChannel(this, name, { name: this.name(name), slackTeamId: slack.workspaceId, slackChannelId: slack.channels[name].channelId, snsTopicArns: topics });
      });
    }
  }
}
