export * from './plan-summary';
export { apply, DEFAULT_MAX_PLAN_AGE_MS, type ApplyOptions } from './apply';
export { compareVersions, MINIMUM_TERRAFORM_VERSION, resolveTerraform, RunnerError, type TerraformBinary } from './binary';
export { main } from './cli';
export { DESTROY_SUMMARY_FILE, PLAN_DIR, SUMMARY_FILE, type RunnerContext } from './context';
export { destroy, type DestroyOptions } from './destroy';
export { guardRefusal, notAllowed, statefulDestroys, type StatefulDestroy } from './guard';
export { DEFAULT_CONCURRENCY, plan, type PlanOptions, type PlanRun } from './plan';
export { readSynthesizedStacks, type SynthesizedStack } from './stacks';
