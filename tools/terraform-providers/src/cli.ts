/**
 * `terraform-providers <ensure|env>`:
 *   ensure  build (or reuse) every provider plugin the synthesized stacks pin and print the mirror
 *   env     the same, then print `export TF_CLI_CONFIG_FILE=… TF_PLUGIN_CACHE_DIR=…` for `eval`
 * Progress goes to stderr, so `eval "$(terraform-providers env)"` sees only the exports.
 */
import { join } from 'node:path';
import { ensureProviders, ProviderBuildError } from './build';

export const USAGE = `usage: terraform-providers <ensure|env>

  ensure  build the provider plugins the synthesized stacks pin (hashicorp/aws trimmed to the
          service packages they use; the Cloudflare stand-in) into a filesystem mirror, or reuse
          the cached build; needs synth output (npx nx run-many -t synth) and Go
  env     ensure, then print shell exports of TF_CLI_CONFIG_FILE and TF_PLUGIN_CACHE_DIR:
          eval "$(node tools/terraform-providers/bin/terraform-providers.cjs env)"

  Environment: LQ3_PROVIDER_CACHE (default ~/.cache/lq3-terraform-providers)`;

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

export async function main(argv: string[]): Promise<number> {
  const [command, ...extra] = argv;
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if ((command !== 'ensure' && command !== 'env') || extra.length > 0) {
    console.error(`terraform-providers: expected one command, ensure or env, got "${argv.join(' ')}"\n${USAGE}`);
    return 2;
  }
  try {
    const mirror = await ensureProviders({ workspaceRoot: WORKSPACE_ROOT, log: (line) => console.error(line) });
    if (command === 'env') {
      console.log(`export TF_CLI_CONFIG_FILE=${shellQuote(mirror.cliConfigFile)}`);
      console.log(`export TF_PLUGIN_CACHE_DIR=${shellQuote(mirror.pluginCacheDir)}`);
    } else {
      for (const provider of mirror.providers) console.log(`${provider.address} ${provider.version}: ${provider.builtFrom}${provider.builtNow ? ' (built now)' : ''}`);
      console.log(`TF_CLI_CONFIG_FILE=${mirror.cliConfigFile}`);
      console.log(`TF_PLUGIN_CACHE_DIR=${mirror.pluginCacheDir}`);
    }
    return 0;
  } catch (error) {
    console.error(`terraform-providers: ${error instanceof ProviderBuildError || !(error instanceof Error) ? String(error instanceof Error ? error.message : error) : error.message}`);
    return 1;
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
