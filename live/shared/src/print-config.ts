/**
 * `node --require sucrase/register/ts live/shared/src/print-config.ts live/<project>`
 * (the `config` Nx target): prints the resolved configuration of every env of
 * the project as YAML, or the same one-line error synth would give, exit 1.
 */
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadProjectEnvironments } from './load-environments';
import { resolvedConfig } from './resolved-config';

export function printConfig(projectDir: string): void {
  try {
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
