/**
 * Reading a synth output directory back: the stacks cdktf's manifest.json lists,
 * with their dependencies and parsed Terraform JSON. Used by tests and the policy
 * gate; the plan runner reads the manifest itself for its working directories.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SynthesizedStackFile<Json = Record<string, unknown>> {
  /** Stack name, `<env>-<unit>`. */
  readonly name: string;
  /** Path of its `cdk.tf.json`. */
  readonly file: string;
  /** Names of the stacks it reads outputs from. */
  readonly dependencies: string[];
  readonly json: Json;
}

interface Manifest {
  readonly stacks: Record<string, { readonly name: string; readonly synthesizedStackPath: string; readonly dependencies?: string[] }>;
}

/** Every stack of one synth output directory, in manifest order. Throws if the output is missing. */
export function readSynthOutput<Json = Record<string, unknown>>(outdir: string): SynthesizedStackFile<Json>[] {
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`${manifestFile} not found: synthesize the project first (npx nx run <project>:synth)`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  return Object.values(manifest.stacks).map((entry) => {
    const file = join(outdir, entry.synthesizedStackPath);
    return { name: entry.name, file, dependencies: entry.dependencies ?? [], json: JSON.parse(readFileSync(file, 'utf8')) as Json };
  });
}
