import type { TargetConfiguration } from '@nx/devkit';

/**
 * The `policy` target of a live project: checkov with its coverage proof, and
 * the LQ3 invariants, over the project's synthesized stacks (tools/policy). It
 * needs the virtualenv from `bash tools/policy/setup-venv.sh`.
 *
 * Cached on what it actually scans: the JSON files synth wrote (so it re-runs
 * exactly when a stack changed, whichever module or config changed it), plus
 * the gate itself, its pinned checkov and the skip list.
 */
export function policyTargets(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    policy: {
      command: `node --require sucrase/register/ts tools/policy/src/policy-run.ts ${projectRoot}`,
      // No cwd: commands run from the workspace root.
      dependsOn: ['synth'],
      cache: true,
      inputs: [
        { dependentTasksOutputFiles: '**/*.json', transitive: false },
        // The invariants read the env's account and disposability from it.
        '{projectRoot}/env.yaml',
        '{workspaceRoot}/tools/policy/src/**/*',
        '{workspaceRoot}/tools/policy/checks/**/*',
        '{workspaceRoot}/tools/policy/requirements.lock',
        '{workspaceRoot}/.checkov.yaml',
        { externalDependencies: ['sucrase', 'yaml'] },
      ],
      outputs: ['{projectRoot}/cdktf.out.policy'],
    },
  };
}
