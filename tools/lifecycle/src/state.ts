/**
 * What a stack's state holds, read with `terraform show -json` in the runner's
 * emulator scratch copy (whose backend points at the emulator's S3).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { EMULATOR_DIR } from '@lq3/terraform-runner';

export interface StateResource {
  address: string;
  type: string;
  values: Record<string, unknown>;
}

interface ShownModule {
  resources?: { address: string; type: string; mode: string; values: Record<string, unknown> }[];
  child_modules?: ShownModule[];
}

/** Managed resources in the state of `stack` of live project `project`. */
export function stateResources(workspaceRoot: string, project: string, stack: string, env: NodeJS.ProcessEnv): StateResource[] {
  const dir = join(workspaceRoot, 'live', project, EMULATOR_DIR, 'stacks', stack);
  const shown = JSON.parse(execFileSync('terraform', ['show', '-json', '-no-color'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as {
    values?: { root_module?: ShownModule };
  };
  const collect = (module: ShownModule | undefined): StateResource[] =>
    module
      ? [
          ...(module.resources ?? []).filter((resource) => resource.mode === 'managed').map(({ address, type, values }) => ({ address, type, values })),
          ...(module.child_modules ?? []).flatMap(collect),
        ]
      : [];
  return collect(shown.values?.root_module);
}
