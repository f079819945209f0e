/**
 * Estimates of a live project's environments from a synth output directory (its
 * `cdktf.out`, or any directory `synthesizeInto` wrote), with each env's usage assumptions
 * resolved from tools/cost/usage.yaml and its env.yaml.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_FILE_NAME, environmentOfDatabase, loadProjectEnvironments, ORGANISATION, parseEnvFile, readSynthOutput, type Environment } from '@lq3/live-shared';
import type { EnvironmentFacts } from './context';
import { estimateEnvironment, type EnvEstimate } from './estimate';
import { loadPriceBook, type PriceBook } from './prices';
import { resourcesOfStack } from './resources';
import { loadUsageFile, resolveUsage, type Usage, type UsageFile } from './usage';

type StackJson = { '//'?: { lq3?: { environment?: string; account?: string } }; resource?: Record<string, Record<string, Record<string, unknown>>> };

export interface ProjectEstimate {
  readonly project: string;
  readonly estimates: EnvEstimate[];
  /** Environment config as loaded (usage, role, office hours), by env name. */
  readonly environments: ReadonlyMap<string, Environment>;
}

export interface EstimateOptions {
  readonly prices?: PriceBook;
  readonly usageFile?: UsageFile;
  /** Where the env files live; defaults to the project's workspace. */
  readonly workspaceRoot?: string;
}

/** Estimates every env of the project whose stacks are in `synthDir` (default `<projectDir>/cdktf.out`). */
export function estimateProject(projectDir: string, synthDir = join(projectDir, 'cdktf.out'), options: EstimateOptions = {}): ProjectEstimate {
  const workspaceRoot = options.workspaceRoot ?? join(projectDir, '..', '..');
  const stacks = readSynthOutput<StackJson>(synthDir);
  if (!existsSync(join(projectDir, ENV_FILE_NAME))) return estimateLayer(projectDir, stacks, options);
  const environments = new Map(loadProjectEnvironments(projectDir, workspaceRoot).map((environment) => [environment.name, environment]));
  const prices = options.prices ?? loadPriceBook(onlyRegion([...environments.values()]));
  const usageFile = options.usageFile ?? loadUsageFile();
  const byEnv = new Map<string, typeof stacks>();
  for (const stack of stacks) {
    const env = stack.json['//']?.lq3?.environment ?? stack.name.replace(/-[a-z]+$/, '');
    byEnv.set(env, [...(byEnv.get(env) ?? []), stack]);
  }
  const estimates = [...byEnv].map(([env, envStacks]) => {
    const environment = environments.get(env);
    if (!environment) throw new Error(`${synthDir}: stacks of ${env}, which ${join(projectDir, ENV_FILE_NAME)} does not define; synthesize again`);
    return estimateEnvironment({
      env,
      resources: envStacks.flatMap((stack) => resourcesOfStack(stack.name, stack.json)),
      prices,
      usage: usageOf(usageFile, environment),
      facts: factsOf(environment, workspaceRoot),
      stacks: envStacks.map((stack) => stack.name),
    });
  });
  return { project: projectDir.split(/[\\/]/).filter(Boolean).pop() ?? projectDir, estimates, environments };
}

/**
 * A live project without env.yaml (the account layer): its stacks grouped by the `//.lq3`
 * environment they name, priced with the default usage of their account.
 */
function estimateLayer(projectDir: string, stacks: ReturnType<typeof readSynthOutput<StackJson>>, options: EstimateOptions): ProjectEstimate {
  const prices = options.prices ?? loadPriceBook(ORGANISATION.defaultRegion);
  const usageFile = options.usageFile ?? loadUsageFile();
  const groups = new Map<string, { account: string; stacks: typeof stacks }>();
  for (const stack of stacks) {
    const lq3 = stack.json['//']?.lq3;
    const name = lq3?.environment ?? stack.name;
    const group = groups.get(name) ?? { account: lq3?.account ?? 'staging', stacks: [] };
    group.stacks.push(stack);
    groups.set(name, group);
  }
  const estimates = [...groups].map(([env, group]) =>
    estimateEnvironment({
      env,
      resources: group.stacks.flatMap((stack) => resourcesOfStack(stack.name, stack.json)),
      prices,
      usage: resolveUsage(usageFile, { account: group.account, role: 'base' }, undefined),
      stacks: group.stacks.map((stack) => stack.name),
    }),
  );
  return { project: projectDir.split(/[\\/]/).filter(Boolean).pop() ?? projectDir, estimates, environments: new Map() };
}

export function usageOf(file: UsageFile, environment: Environment): Usage {
  return resolveUsage(file, { account: environment.account, role: environment.role }, environment.usage);
}

/** What the JSON cannot say: a copy's storage is its base env's allocation (RDS restores at least the snapshot's size). */
export function factsOf(environment: Environment, workspaceRoot: string): EnvironmentFacts {
  const snapshotOf = environment.database.restoreFromLatestSnapshotOf;
  const baseName = snapshotOf ? environmentOfDatabase(snapshotOf) : undefined;
  if (!baseName) return {};
  const base = workspaceEnvironments(workspaceRoot).get(baseName);
  return { restoredStorageGb: Math.max(environment.database.allocatedStorageGb, base?.database.allocatedStorageGb ?? 0) };
}

/** Every env of every live project, for base env lookups; a broken env file is skipped (its own synth reports it). */
export function workspaceEnvironments(workspaceRoot: string): Map<string, Environment> {
  const live = join(workspaceRoot, 'live');
  const all = new Map<string, Environment>();
  for (const project of readdirSync(live).sort()) {
    const file = join(live, project, ENV_FILE_NAME);
    if (!existsSync(file)) continue;
    try {
      for (const environment of parseEnvFile(file, workspaceRoot)) all.set(environment.name, environment);
    } catch {
      // reported by that project's own synth
    }
  }
  return all;
}

function onlyRegion(environments: Environment[]): string {
  const regions = [...new Set(environments.map((environment) => environment.region))];
  if (regions.length !== 1) throw new Error(`the estimate prices one region at a time; this project spans ${regions.join(', ')}`);
  return regions[0];
}
