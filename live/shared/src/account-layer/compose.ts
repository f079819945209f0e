/**
 * The composition of one account's layer: its units, each with its own state,
 * wired by cross-stack references to the baseline unit's topics.
 */
import type { App } from 'cdktf';
import { atField } from '../config-error';
import type { AccountLayer } from './account-config';
import { AuditStack } from './stacks/audit-stack';
import { BaselineStack } from './stacks/baseline-stack';
import { ChatStack } from './stacks/chat-stack';
import { CostStack } from './stacks/cost-stack';

export function composeAccountLayer(app: App, layer: AccountLayer): void {
  atField(layer.sourceFile, `accounts.${layer.name}`, () => {
    const baseline = new BaselineStack(app, layer);
    new AuditStack(app, layer, baseline);
    new CostStack(app, layer, baseline);
    new ChatStack(app, layer, baseline);
  });
}
