import type { TargetConfiguration } from '@nx/devkit';

/**
 * `config` of a live project: prints every environment of its env.yaml as the
 * synth sees it — defaults filled in, the account's id, role and state bucket,
 * the base/copy role, state keys — or the same one-line error synth would give.
 * Not cached: it is a quick read, and its output is the point.
 */
export function configTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    config: {
      // No cwd: commands run from the workspace root.
      command: `node --require sucrase/register/ts live/shared/src/print-config.ts ${projectRoot}`,
      cache: false,
    },
  };
}
