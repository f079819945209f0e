import type { TargetConfiguration } from '@nx/devkit';

/**
 * `restore` of a live project: restores one of its envs' databases as a new RDS
 * instance (tools/restore): `nx run <project>:restore -- --database <env> --to-time <time>`.
 * Prints the plan; nothing changes without --yes. Never cached.
 */
export function restoreTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    restore: {
      // No cwd: commands run from the workspace root; arguments after -- are appended.
      command: `node tools/restore/bin/restore.cjs ${projectRoot}`,
      cache: false,
    },
  };
}
