/**
 * The synthesized stacks of one live project, read from cdktf.out: their
 * working directories, dependencies (cdktf's manifest.json), the `//.lq3`
 * block EnvironmentStack writes (environment, unit, module versions) and a
 * hash of each stack's JSON, so apply can tell whether the synth changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_DIR } from '@lq3/live-shared';
import { RunnerError } from './binary';

export interface SynthesizedStack {
  name: string;
  /** Absolute working directory Terraform runs in. */
  workingDirectory: string;
  /** Absolute path of the stack's cdk.tf.json. */
  jsonFile: string;
  /** Names of the stacks this one reads outputs from. */
  dependencies: string[];
  environment: string;
  /** AWS account the stack's environment lives in (`staging` | `production`). */
  account: string;
  unit: string;
  /** State object key, `<env>/<unit>.tfstate` (from `//.lq3.stateKey`). */
  stateKey: string;
  /**
   * Outputs this stack reads from each stack it depends on (through cdktf's
   * cross-stack `terraform_remote_state`), by stack name: when a plan changes one
   * of them, this stack can only be planned once that plan is applied.
   */
  readsOutputs: Record<string, string[]>;
  modules: Record<string, string>;
  /** sha256 of cdk.tf.json. */
  synthHash: string;
}

interface ManifestStack {
  name?: unknown;
  dependencies?: unknown;
  synthesizedStackPath?: unknown;
  workingDirectory?: unknown;
}

/**
 * Stacks in dependency order (a stack comes after everything it depends on; ties by name),
 * only those of `account` when given: a parallel project spans both accounts, and CI
 * applies the staging account automatically but production only after approval.
 */
export function readSynthesizedStacks(projectDir: string, account?: string): SynthesizedStack[] {
  const outDir = join(projectDir, OUTPUT_DIR);
  const manifestFile = join(outDir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new RunnerError(`${manifestFile} does not exist; run synth first (nx run <project>:synth).`);
  }
  const manifest = parseJson(manifestFile) as { stacks?: Record<string, ManifestStack> };
  if (typeof manifest.stacks !== 'object' || manifest.stacks === null) {
    throw new RunnerError(`${manifestFile} has no "stacks"; synth again.`);
  }
  const stacks = linkRemoteStates(Object.entries(manifest.stacks).map(([key, entry]) => readStack(outDir, key, entry)));
  // Stacks only depend on stacks of their own environment, so a filter never cuts a dependency.
  return orderByDependencies(account === undefined ? stacks : stacks.filter((stack) => stack.account === account));
}

function readStack(outDir: string, key: string, entry: ManifestStack): StackWithReads {
  const name = typeof entry.name === 'string' ? entry.name : key;
  const relativeJson = typeof entry.synthesizedStackPath === 'string' ? entry.synthesizedStackPath : `stacks/${name}/cdk.tf.json`;
  const relativeDir = typeof entry.workingDirectory === 'string' ? entry.workingDirectory : `stacks/${name}`;
  const jsonFile = join(outDir, relativeJson);
  if (!existsSync(jsonFile)) throw new RunnerError(`stack ${name}: ${jsonFile} is missing; synth again.`);
  const content = readFileSync(jsonFile);
  const text = content.toString('utf8');
  const stackJson = parseJson(jsonFile, text) as StackJson;
  const lq3 = stackJson['//']?.lq3;
  if (!lq3 || typeof lq3['environment'] !== 'string' || typeof lq3['account'] !== 'string' || typeof lq3['unit'] !== 'string') {
    throw new RunnerError(`stack ${name}: ${jsonFile} has no //.lq3 block with environment, account and unit; every stack must extend EnvironmentStack.`);
  }
  const dependencies = Array.isArray(entry.dependencies) ? entry.dependencies.filter((d): d is string => typeof d === 'string') : [];
  return {
    name,
    workingDirectory: join(outDir, relativeDir),
    jsonFile,
    dependencies,
    environment: lq3['environment'],
    account: lq3['account'],
    unit: lq3['unit'],
    stateKey: typeof lq3['stateKey'] === 'string' ? lq3['stateKey'] : `${lq3['environment']}/${lq3['unit']}.tfstate`,
    readsOutputs: {},
    remoteStateReads: remoteStateReads(stackJson, text),
    modules: isStringRecord(lq3['modules']) ? lq3['modules'] : {},
    synthHash: hashSynthesizedJson(content),
  };
}

type StackWithReads = SynthesizedStack & { remoteStateReads: Map<string, string[]> };

interface StackJson {
  '//'?: { lq3?: Record<string, unknown> };
  data?: { terraform_remote_state?: Record<string, { config?: { key?: unknown } }> };
}

/** State key -> output names, for every `terraform_remote_state` the stack reads outputs of. */
function remoteStateReads(json: StackJson, text: string): Map<string, string[]> {
  const keyOf = new Map(Object.entries(json.data?.terraform_remote_state ?? {}).map(([name, block]) => [name, block.config?.key]));
  const reads = new Map<string, Set<string>>();
  for (const match of text.matchAll(/data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g)) {
    const key = keyOf.get(match[1]);
    if (typeof key !== 'string') continue;
    reads.set(key, (reads.get(key) ?? new Set()).add(match[2]));
  }
  return new Map([...reads].map(([key, names]) => [key, [...names].sort()]));
}

/** Turns each stack's remote-state reads (by state key) into reads by stack name. */
function linkRemoteStates(stacks: StackWithReads[]): SynthesizedStack[] {
  const byStateKey = new Map(stacks.map((stack) => [stack.stateKey, stack.name]));
  return stacks.map(({ remoteStateReads: reads, ...stack }) => ({
    ...stack,
    readsOutputs: Object.fromEntries([...reads].flatMap(([key, names]) => (byStateKey.has(key) ? [[byStateKey.get(key) as string, names]] : []))),
  }));
}

export function hashSynthesizedJson(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Kahn's algorithm, picking the alphabetically first ready stack so the order is stable. */
export function orderByDependencies<T extends { name: string; dependencies: string[] }>(stacks: T[]): T[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  for (const stack of stacks) {
    const unknown = stack.dependencies.find((dependency) => !byName.has(dependency));
    if (unknown) throw new RunnerError(`stack ${stack.name} depends on ${unknown}, which is not in the manifest; synth again.`);
  }
  const ordered: T[] = [];
  const placed = new Set<string>();
  const pending = [...stacks].sort((a, b) => a.name.localeCompare(b.name));
  while (pending.length > 0) {
    const index = pending.findIndex((stack) => stack.dependencies.every((dependency) => placed.has(dependency)));
    if (index === -1) throw new RunnerError(`stacks ${pending.map((s) => s.name).join(', ')} depend on each other in a cycle.`);
    const [next] = pending.splice(index, 1);
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}

function parseJson(file: string, content = readFileSync(file, 'utf8')): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new RunnerError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); synth again.`);
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}
