import type { TargetConfiguration } from '@nx/devkit';

/**
 * `validate`, `plan`, `apply`, `up` and `destroy` of a live project (tools/terraform-runner).
 * Never cached: they read and change real infrastructure, so the same inputs
 * do not mean the same result. Extra flags pass through, e.g.
 * `nx run staging01:apply --auto-approve --allow-destroy=<address>`.
 *
 *  - validate, plan, up and destroy depend on synth: they work on what the code says now.
 *  - apply does not: it applies exactly the saved plans and refuses if the
 *    synthesized JSON changed since (a re-synth must be re-planned).
 */
export function terraformTargets(projectRoot: string): Record<string, TargetConfiguration> {
  const runner = (command: 'validate' | 'plan' | 'apply' | 'up' | 'destroy'): TargetConfiguration => ({
    // No cwd: commands run from the workspace root. The bin loads the sucrase hook itself.
    command: `node tools/terraform-runner/bin/terraform-runner.cjs ${command} --project-dir ${projectRoot}`,
    cache: false,
  });
  return {
    // No credentials or state: init -backend=false + validate -json per stack.
    validate: { ...runner('validate'), dependsOn: ['synth'] },
    plan: { ...runner('plan'), dependsOn: ['synth'] },
    apply: runner('apply'),
    // Plan + apply in rounds until nothing is deferred: a new env's first bring-up (ADR 0008).
    up: { ...runner('up'), dependsOn: ['synth'] },
    destroy: { ...runner('destroy'), dependsOn: ['synth'] },
  };
}
