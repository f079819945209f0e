/**
 * `node --require sucrase/register/ts live/shared/src/print-config.ts live/<project>`
 * (the `config` Nx target): prints the resolved configuration of every env of
 * the project (or every account of the account layer) as YAML, or the same
 * one-line error synth would give, exit 1.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { ACCOUNTS_CONFIG_FILE, loadAccountLayers } from './account-layer/account-config';
import { resolvedAccountLayer } from './account-layer/resolved-config';
import { loadProjectEnvironments } from './load-environments';
import { resolvedConfig } from './resolved-config';

export function printConfig(projectDir: string): void {
  try {
    if (existsSync(join(projectDir, ACCOUNTS_CONFIG_FILE))) {
      const layers = loadAccountLayers(projectDir);
      process.stdout.write(stringify({ accounts: Object.fromEntries(layers.map((layer) => [layer.name, resolvedAccountLayer(layer)])) }, { lineWidth: 0 }));
      return;
    }
    const environments = loadProjectEnvironments(projectDir);
    const resolved = Object.fromEntries(environments.map((environment) => [environment.name, resolvedConfig(environment)]));
    process.stdout.write(stringify({ environments: resolved }, { lineWidth: 0 }));
  } catch (error) {
    console.error(`config failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  const [project] = process.argv.slice(2);
  if (project === undefined) {
    console.error('usage: print-config.ts live/<project>');
    process.exitCode = 2;
  } else {
    printConfig(resolve(project));
  }
}
