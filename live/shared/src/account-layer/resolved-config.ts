/**
 * An account's layer as synth sees it, as plain data: defaults filled in, the
 * account's id, role and state bucket, where each unit's state lives, and what
 * each Slack channel receives. `nx run accounts:config` prints it.
 */
import { resourceName } from '../organisation';
import type { AccountLayer } from './account-config';
import { ACCOUNT_STATE_PREFIX, ACCOUNT_UNITS } from './account-stack';
import { channelTopics } from './stacks/chat-stack';

export function resolvedAccountLayer(layer: AccountLayer): Record<string, unknown> {
  const { awsAccount, settings, sourceFile, scope, environments } = layer;
  const channels = channelTopics(layer, (topic) => `arn:aws:sns:${settings.region}:${awsAccount.id}:${resourceName('account', topic)}`);
  return {
    file: sourceFile,
    scope,
    account: awsAccount,
    state: Object.fromEntries(ACCOUNT_UNITS.map((unit) => [unit, `s3://${awsAccount.stateBucket}/${ACCOUNT_STATE_PREFIX}/${unit}.tfstate`])),
    ...settings,
    environments: environments.map((environment) => environment.name),
    slackRouting: Object.fromEntries(channels),
  };
}
