import type { TargetConfiguration } from '@nx/devkit';
import { configTargets } from './config-target';
import { costTargets } from './cost-target';
import { policyTargets } from './policy-target';
import { restoreTargets } from './restore-target';
import { terraformTargets } from './terraform-targets';

const SYNTH_EXTERNAL_DEPENDENCIES = ['cdktf', 'constructs', '@cdktf/provider-aws', '@cdktf/provider-cloudflare'];

/** Targets of a live environment project (live/<name> with main.ts and env.yaml). */
export function liveTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    synth: {
      // Plain node with sucrase's require hook (types stripped, ~0.1 s to load):
      // no cdktf-cli, no ts-node, no network.
      command: 'node --require sucrase/register/ts main.ts',
      options: { cwd: projectRoot },
      cache: true,
      inputs: [
        'production',
        '^production',
        // The env.yaml of each base env a copy refers to is added by
        // base-environment-inputs.ts. Other siblings' env.yaml files are
        // deliberately not inputs: synth cross-checks them (CIDR overlaps, names,
        // hostnames), but the project whose file changed is affected and re-runs
        // those symmetric checks, so an env change affects that env and its copies.
        { externalDependencies: [...SYNTH_EXTERNAL_DEPENDENCIES, 'sucrase'] },
      ],
      outputs: ['{projectRoot}/cdktf.out'],
    },
    ...configTargets(projectRoot),
    ...policyTargets(projectRoot),
    ...costTargets(projectRoot),
    ...restoreTargets(projectRoot),
    ...terraformTargets(projectRoot),
  };
}
