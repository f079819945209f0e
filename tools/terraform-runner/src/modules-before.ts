/**
 * The "before" side of the module versions in the plan summary: what the live
 * project ran at the comparison base — `NX_BASE`, which CI sets to the merge
 * base of a pull request (and `nx affected` reads too). Its pin at that commit
 * names a shared-layer release or the workspace, and that release set gives
 * each package's version (tools/release, ADR 0011), so the PR comment can say
 * `vpc 0.2.0 → 0.3.0`. Without a base, or when the base cannot be read (a
 * shallow clone, a project that did not exist), the summary has no "before".
 */
import { basename, join } from 'node:path';
import { pinnedReleaseSet, type ReleaseSet } from '@lq3/release/src/release-set';
import type { RunnerContext } from './context';
import type { StackPlanSummary } from './plan-summary';

/** The project's release set at `NX_BASE`, or undefined. */
export function releaseSetAtBase(context: RunnerContext): ReleaseSet | undefined {
  const base = context.env['NX_BASE'];
  if (!base) return undefined;
  const workspaceRoot = join(context.projectDir, '..', '..');
  try {
    return pinnedReleaseSet(workspaceRoot, `live/${basename(context.projectDir)}`, base).versions;
  } catch {
    return undefined;
  }
}

/** Adds `modulesBefore` (the base versions of the packages the stack uses) to each stack. */
export function withModulesBefore(stacks: StackPlanSummary[], before: ReleaseSet | undefined): StackPlanSummary[] {
  if (!before) return stacks;
  return stacks.map((stack) => ({
    ...stack,
    modulesBefore: Object.fromEntries(Object.keys(stack.modules).flatMap((name) => (before[name] ? [[name, before[name]]] : []))),
  }));
}
