export { EXIT, main, nextSteps, parseCliArgs, UsageError, USAGE, type CliDeps, type CliOptions } from './cli';
export { planRestore, recoveryWindow, renderPlan, RestoreError, startRestore, waitUntilAvailable, type RestorePlan, type RestorePoint, type WaitOptions } from './restore';
