/**
 * Test support for live projects: synthesizes a project's environments into a
 * temporary directory (never its cdktf.out) and reads back each stack's JSON.
 * Import it as `@lq3/live-shared/src/testing`; nothing in synth uses it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { composeEnvironment } from './compose';
import { loadProjectEnvironments } from './load-environments';

export type StackJson = {
  '//'?: { lq3?: { environment: string; unit: string; stateKey: string; modules: Record<string, string> } };
  terraform: { backend: { s3: Record<string, unknown> } } & Record<string, unknown>;
  provider: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
};

export interface SynthesizedProject {
  /** Stack JSON by stack name (`<env>-<unit>`). */
  readonly stacks: Record<string, StackJson>;
  /** Stack names each stack depends on, from manifest.json. */
  readonly dependencies: Record<string, string[]>;
}

export function synthesizeProject(projectDir: string): SynthesizedProject {
  const outdir = mkdtempSync(join(tmpdir(), 'lq3-synth-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    for (const environment of loadProjectEnvironments(projectDir)) composeEnvironment(app, environment);
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }>;
    };
    const stacks: Record<string, StackJson> = {};
    const dependencies: Record<string, string[]> = {};
    for (const [name, stack] of Object.entries(manifest.stacks)) {
      stacks[name] = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8'));
      dependencies[name] = stack.dependencies;
    }
    return { stacks, dependencies };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The bodies of every resource of a type in a stack (empty when none). */
export function resourcesOf(stack: StackJson, type: string): Record<string, unknown>[] {
  return Object.values(stack.resource?.[type] ?? {});
}

/** The bodies of every data source of a type in a stack (empty when none). */
export function dataSourcesOf(stack: StackJson, type: string): Record<string, unknown>[] {
  return Object.values(stack.data?.[type] ?? {});
}
