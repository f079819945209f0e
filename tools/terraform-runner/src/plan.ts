/**
 * `plan`: for every synthesized stack, in dependency order and a few at a
 * time, `init`, `plan -detailed-exitcode -out`, `show -json`; then one env
 * summary in tfplan/summary.json for the PR comment and for `apply`.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentCommit, formatDuration, indent, planDir, projectName, SUMMARY_FILE, type RunnerContext } from './context';
import { costsOfPlans } from './plan-costs';
import { summarizePlan, type EnvPlanSummary, type StackPlanSummary } from './plan-summary';
import { runInDependencyOrder } from './schedule';
import { releaseSetAtBase, withModulesBefore } from './modules-before';
import { LOCK_FILE } from './project-lock';
import { openSession } from './session';
import type { SynthesizedStack } from './stacks';
import type { Terraform } from './terraform';

export const DEFAULT_CONCURRENCY = 4;
/** Terraform errors are short; this only bounds a runaway provider log in the summary. */
const MAX_ERROR_CHARS = 4000;

export interface PlanOptions {
  /** Stacks planned at the same time. @default 4 */
  concurrency?: number;
}

export interface PlanRun {
  summary: EnvPlanSummary;
  summaryFile: string;
  ok: boolean;
}

export async function plan(context: RunnerContext, options: PlanOptions = {}): Promise<PlanRun> {
  const { stacks, terraform } = openSession(context);
  const run = await planStacks(context, terraform, stacks, { concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, destroy: false });
  const summaryFile = writeSummary(context, SUMMARY_FILE, run.summary);
  const failed = run.summary.stacks.filter((stack) => stack.status === 'error');
  const changed = run.summary.stacks.filter((stack) => stack.status === 'changes');
  context.print(`plan: ${stacks.length} stack(s), ${changed.length} with changes, ${failed.length} failed; summary in ${summaryFile}`);
  if (failed.length > 0) context.printError(`plan failed for ${failed.map((stack) => stack.stack).join(', ')}`);
  return { ...run, summaryFile };
}

interface PlanStacksOptions {
  concurrency: number;
  /** Plan a destroy (`plan -destroy`) and name the files `<stack>.destroy.*`. */
  destroy: boolean;
}

/** Plans every stack (a failure does not stop the others) into a fresh tfplan/ directory. */
export async function planStacks(
  context: RunnerContext,
  terraform: Terraform,
  stacks: SynthesizedStack[],
  options: PlanStacksOptions,
): Promise<{ summary: EnvPlanSummary; ok: boolean }> {
  const outDir = planDir(context);
  // Old plan files must never be applied against a newer synth: start empty (but for our lock).
  mkdirSync(outDir, { recursive: true });
  for (const entry of readdirSync(outDir)) if (entry !== LOCK_FILE) rmSync(join(outDir, entry), { recursive: true, force: true });

  const verb = options.destroy ? 'plan -destroy' : 'plan';
  const results = new Map<string, StackPlanSummary>();
  await runInDependencyOrder(stacks, { concurrency: options.concurrency, reverse: options.destroy }, async (stack) => {
    const waitsFor = options.destroy ? [] : deferredBy(stack, results);
    if (waitsFor.length > 0) {
      const deferred = deferredSummary(stack, waitsFor);
      results.set(stack.name, deferred);
      context.print(`[${stack.name}] deferred: ${describeCounts(deferred)}`);
      return true;
    }
    context.print(`[${stack.name}] ${verb} started`);
    const result = await planStack(terraform, stack, outDir, options.destroy);
    results.set(stack.name, result);
    const took = formatDuration(result.durationMs);
    if (result.status === 'error') {
      context.printError(`[${stack.name}] ${verb} failed after ${took}:\n${indent(result.error ?? '')}`);
      return false;
    }
    context.print(`[${stack.name}] ${verb} finished in ${took}: ${describeCounts(result)}`);
    return true;
  });

  const summary: EnvPlanSummary = {
    schemaVersion: 1,
    project: projectName(context),
    commit: currentCommit(context),
    generatedAt: context.now().toISOString(),
    terraform: { binary: terraform.binary.path, version: terraform.binary.version },
    // Manifest (dependency) order, whatever order the stacks finished in.
    stacks: withModulesBefore(
      stacks.map((stack) => results.get(stack.name) ?? errorSummary(stack, 0, 'not planned')),
      releaseSetAtBase(context),
    ),
    costs: costsOfPlans(context, stacks, results, outDir),
  };
  return { summary, ok: summary.stacks.every((stack) => stack.status !== 'error') };
}

async function planStack(terraform: Terraform, stack: SynthesizedStack, outDir: string, destroy: boolean): Promise<StackPlanSummary> {
  const started = Date.now();
  const base = destroy ? `${stack.name}.destroy` : stack.name;
  const planFile = `${base}.tfplan`;
  const planJsonFile = `${base}.plan.json`;
  const logFile = join(outDir, `${base}.plan.log`);
  const elapsed = () => Date.now() - started;

  const init = await terraform.init(stack.workingDirectory);
  writeFileSync(logFile, init.stdout + init.stderr);
  if (init.exitCode !== 0) return errorSummary(stack, elapsed(), `terraform init failed (exit ${init.exitCode}):\n${init.stderr || init.stdout}`);

  const planned = await terraform.plan(stack.workingDirectory, join(outDir, planFile), destroy);
  writeFileSync(logFile, planned.stdout + planned.stderr, { flag: 'a' });
  if (planned.outcome === 'error') return errorSummary(stack, elapsed(), `terraform plan failed (exit ${planned.exitCode}):\n${planned.stderr || planned.stdout}`);

  const shown = await terraform.showJson(stack.workingDirectory, join(outDir, planFile), join(outDir, planJsonFile));
  if (shown.exitCode !== 0) return errorSummary(stack, elapsed(), `terraform show -json failed (exit ${shown.exitCode}):\n${shown.stderr}`);
  let details: Pick<StackPlanSummary, 'counts' | 'changes' | 'drift'>;
  try {
    details = summarizePlan(JSON.parse(readFileSync(join(outDir, planJsonFile), 'utf8')));
  } catch (error) {
    return errorSummary(stack, elapsed(), `could not read the plan JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    ...identity(stack),
    status: planned.outcome,
    ...details,
    durationMs: elapsed(),
    planFile,
    planJsonFile,
  };
}

/**
 * Upstream stacks of this plan round whose plan changes outputs `stack` reads
 * (or that are deferred themselves): planning `stack` now would read outputs
 * that do not exist yet (a new env) or are about to change, so it waits until
 * that plan is applied. Upstream stacks outside the round count as applied.
 */
export function deferredBy(stack: SynthesizedStack, planned: ReadonlyMap<string, StackPlanSummary>): string[] {
  return stack.dependencies.flatMap((dependency) => {
    const upstream = planned.get(dependency);
    if (upstream?.status === 'deferred') return [`${dependency}: deferred itself`];
    if (upstream?.status !== 'changes') return [];
    const reads = new Set(stack.readsOutputs[dependency] ?? []);
    const changing = (upstream.outputChanges ?? []).map((output) => output.name).filter((name) => reads.has(name));
    return changing.length > 0 ? [`${dependency}: outputs ${changing.join(', ')}`] : [];
  });
}

function deferredSummary(stack: SynthesizedStack, waitsFor: string[]): StackPlanSummary {
  return { ...identity(stack), status: 'deferred', deferredBy: waitsFor, counts: emptyCounts(), changes: [], drift: [], durationMs: 0 };
}

function emptyCounts(): StackPlanSummary['counts'] {
  return { create: 0, update: 0, delete: 0, replace: 0, import: 0, move: 0 };
}

function identity(stack: SynthesizedStack) {
  return { stack: stack.name, environment: stack.environment, unit: stack.unit, modules: stack.modules, synthHash: stack.synthHash };
}

function errorSummary(stack: SynthesizedStack, durationMs: number, error: string): StackPlanSummary {
  return {
    ...identity(stack),
    status: 'error',
    counts: emptyCounts(),
    changes: [],
    drift: [],
    error: stripAnsi(error).trim().slice(0, MAX_ERROR_CHARS),
    durationMs,
  };
}

/** Terminal colour and cursor codes, which a provider or wrapper may print despite -no-color. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

export function describeCounts(stack: Pick<StackPlanSummary, 'status' | 'counts' | 'deferredBy' | 'outputChanges'>): string {
  if (stack.status === 'no-changes') return 'no changes';
  if (stack.status === 'deferred') return `planned once the plan of ${(stack.deferredBy ?? []).join('; ')} is applied`;
  const { create, update, delete: destroy, replace, import: imported, move } = stack.counts;
  const parts = [`${create} to add`, `${update} to change`, `${destroy} to destroy`, `${replace} to replace`];
  if (imported > 0) parts.push(`${imported} to import`);
  if (move > 0) parts.push(`${move} to move`);
  if (stack.counts.forget) parts.push(`${stack.counts.forget} to forget`);
  if (stack.outputChanges?.length) parts.push(`${stack.outputChanges.length} output(s) to change`);
  return parts.join(', ');
}

/** Written to a temporary name and renamed, so a reader never sees half a summary. */
export function writeSummary(context: RunnerContext, fileName: string, summary: EnvPlanSummary): string {
  const file = join(planDir(context), fileName);
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(temporary, file);
  return file;
}
