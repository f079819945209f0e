/**
 * A copy env reuses its base env's VPC (`network.reuse`) and restores its
 * database (`database.restoreFromLatestSnapshotOf`), and its synth checks both
 * against the base's env.yaml. So the base's env.yaml is an input of the copy's
 * synth: a change to staging01's env.yaml re-synthesizes parallel-front and
 * parallel-back instead of serving a cached synth that a fresh one would refuse,
 * and — since Nx marks a project affected when a workspace file its targets read
 * changes — `nx affected` includes them. It is a file input rather than a graph
 * edge on purpose: only the base's env.yaml matters to a copy, not its other files.
 *
 * Env files are read leniently here: one that does not parse refers to nothing
 * and fails its own synth with the real message.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { referencedEnvironments } from '@lq3/live-shared/src/environment-references';
import { parse } from 'yaml';

const ENV_FILE = 'env.yaml';

/** Targets that read the base envs' env.yaml: synth checks against it, cost prices the restored storage. */
const READS_BASE_ENV = ['synth', 'cost'];

/** Adds the env files of the base envs `projectRoot`'s envs refer to as inputs of its synth and cost. */
export function addBaseEnvironmentInputs(targets: Record<string, TargetConfiguration>, workspaceRoot: string, projectRoot: string): void {
  if (!targets['synth']) return;
  const ownFile = `${projectRoot}/${ENV_FILE}`;
  const fileOf = new Map<string, string>();
  const own: unknown[] = [];
  for (const file of liveEnvFiles(workspaceRoot)) {
    for (const [env, config] of environmentsOf(join(workspaceRoot, file))) {
      fileOf.set(env, file);
      if (file === ownFile) own.push(config);
    }
  }
  const bases = new Set(own.flatMap(referencedEnvironments).map((env) => fileOf.get(env)));
  const inputs = [...bases].filter((file): file is string => file !== undefined && file !== ownFile).sort();
  for (const name of READS_BASE_ENV) {
    const target = targets[name];
    if (target) target.inputs = [...(target.inputs ?? []), ...inputs.map((file) => `{workspaceRoot}/${file}`)];
  }
}

function liveEnvFiles(workspaceRoot: string): string[] {
  const liveDir = join(workspaceRoot, 'live');
  if (!existsSync(liveDir)) return [];
  return readdirSync(liveDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `live/${entry.name}/${ENV_FILE}`)
    .filter((file) => existsSync(join(workspaceRoot, file)));
}

function environmentsOf(file: string): [string, unknown][] {
  try {
    const environments = (parse(readFileSync(file, 'utf8')) as { environments?: unknown } | null)?.environments;
    return typeof environments === 'object' && environments !== null ? Object.entries(environments) : [];
  } catch {
    return [];
  }
}
