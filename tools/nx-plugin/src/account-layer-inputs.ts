/**
 * The account layer (live/accounts, an accounts.yaml instead of an env.yaml)
 * reads every live project's env.yaml: the envs of an account are subscribed to
 * its Slack channels and their exports buckets audited (ADR 0014). So those
 * files are inputs of its synth and policy, and a change to an env file — a new
 * env, its Slack channel — marks the account layer affected, as it marks a copy
 * affected by its base (base-environment-inputs.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';

const ACCOUNTS_FILE = 'accounts.yaml';
const ENV_FILE = 'env.yaml';

/** Adds every live project's env.yaml as an input of the account layer project's synth. */
export function addAccountLayerInputs(targets: Record<string, TargetConfiguration>, workspaceRoot: string, projectRoot: string): void {
  const synth = targets['synth'];
  if (!synth || !existsSync(join(workspaceRoot, projectRoot, ACCOUNTS_FILE))) return;
  const liveDir = join(workspaceRoot, 'live');
  const envFiles = readdirSync(liveDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(liveDir, entry.name, ENV_FILE)))
    .map((entry) => `{workspaceRoot}/live/${entry.name}/${ENV_FILE}`)
    .sort();
  synth.inputs = [...(synth.inputs ?? []), ...envFiles];
}
