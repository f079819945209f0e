/**
 * Synth of the account layer project (live/accounts): validate accounts.yaml and
 * the env files it reads, compose every account's stacks into a temporary
 * directory, then swap it in for cdktf.out — like an environment project.
 */
import { App } from 'cdktf';
import { atField } from '../config-error';
import { reportSynth, synthOutput } from '../synth';
import { ACCOUNTS_CONFIG_FILE, loadAccountLayers, type AccountLayer } from './account-config';
import { composeAccountLayer } from './compose';

export type ComposeAccountLayer = (app: App, layer: AccountLayer) => void;

/** Validates the account layer's config and writes its stacks to `outdir`. Throws on any problem. */
export function synthesizeAccountLayerInto(outdir: string, projectDir: string, compose: ComposeAccountLayer = composeAccountLayer, workspaceRoot?: string): void {
  const layers = loadAccountLayers(projectDir, workspaceRoot);
  const app = new App({ outdir, stackTraces: false });
  for (const layer of layers) compose(app, layer);
  atField(layers[0]?.sourceFile ?? ACCOUNTS_CONFIG_FILE, 'accounts', () => app.synth());
}

/** Builds the account layer into `<projectDir>/cdktf.out`. Throws on any problem. */
export function synthAccountProject(projectDir: string, compose: ComposeAccountLayer = composeAccountLayer): string {
  return synthOutput(projectDir, (outdir) => synthesizeAccountLayerInto(outdir, projectDir, compose));
}

/** Entry point for live/accounts/main.ts: synth, or print one error and exit 1. */
export function runAccountSynth(projectDir: string, compose: ComposeAccountLayer = composeAccountLayer): void {
  reportSynth(() => synthAccountProject(projectDir, compose));
}
