/**
 * The composition every environment shares: which unit stacks exist and how
 * they reference each other. Live projects only choose their config.
 */
import type { App } from 'cdktf';
import type { Environment } from './environment';
import { NetworkStack } from './stacks/network-stack';

export function composeEnvironment(app: App, environment: Environment): void {
  new NetworkStack(app, environment);
}
