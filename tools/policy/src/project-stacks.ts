/**
 * The facts the invariants need about each stack of one live project: an
 * environment project's from its env.yaml, the account layer's (live/accounts)
 * from accounts.yaml — its stacks belong to an account and are never disposable.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS_CONFIG_FILE, loadAccountLayers, loadProjectEnvironments } from '@lq3/live-shared';
import { stacksUnderTest, type StackUnderTest } from './invariants';
import { isObject, type SynthesizedStack } from './terraform-json';

export function projectStacksUnderTest(stacks: readonly SynthesizedStack[], projectDir: string, workspaceRoot: string): StackUnderTest[] {
  if (!existsSync(join(projectDir, ACCOUNTS_CONFIG_FILE))) return stacksUnderTest(stacks, loadProjectEnvironments(projectDir, workspaceRoot));
  const layers = loadAccountLayers(projectDir, workspaceRoot);
  return stacks.map((stack) => {
    const comment = stack.json['//'];
    const scope = isObject(comment) && isObject(comment['lq3']) ? comment['lq3']['environment'] : undefined;
    const layer = layers.find((candidate) => candidate.scope === scope);
    if (!layer) throw new Error(`${stack.name}: //.lq3.environment (${JSON.stringify(scope)}) names none of ${layers.map((candidate) => candidate.scope).join(', ')}`);
    return { name: stack.name, json: stack.json, account: layer.name, disposableData: false, disposableInfrastructure: false };
  });
}
