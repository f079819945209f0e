import type { TargetConfiguration } from '@nx/devkit';

/**
 * `cost` of a live project: the monthly estimate of each env from its synthesized stacks
 * (tools/cost) — cost drivers biggest first with the assumption behind each line, per stack
 * totals, and running against idle for envs with office hours.
 *
 * Cached on what it reads: the JSON synth wrote, the env file (usage overrides), the env file of
 * the base env a copy restores from (added by base-environment-inputs.ts; not every env file,
 * or one env's edit would mark every env affected), and the tool with its price and usage files.
 */
export function costTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    cost: {
      // No cwd: commands run from the workspace root. The bin loads the sucrase hook itself.
      command: `node tools/cost/bin/cost.cjs ${projectRoot}`,
      dependsOn: ['synth'],
      cache: true,
      inputs: [
        { dependentTasksOutputFiles: '**/*.json', transitive: false },
        '{projectRoot}/env.yaml',
        '{workspaceRoot}/tools/cost/src/**/*',
        '{workspaceRoot}/tools/cost/prices/**/*',
        '{workspaceRoot}/tools/cost/usage.yaml',
        { externalDependencies: ['sucrase', 'yaml', 'zod'] },
      ],
      outputs: [],
    },
  };
}
