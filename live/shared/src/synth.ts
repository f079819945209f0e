/**
 * Synthesizes one live project without cdktf-cli: validate the env file,
 * compose the stacks into a temporary directory, then swap it in for
 * cdktf.out. Any failure leaves the previous cdktf.out untouched and prints one
 * message (the stack trace only with DEBUG set).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { atField } from './config-error';
import type { Environment } from './environment';
import { loadProjectEnvironments } from './load-environments';

export const OUTPUT_DIR = 'cdktf.out';

export type ComposeEnvironment = (app: App, environment: Environment) => void;

/** Validates the project's env file and writes its stacks to `outdir`. Throws on any problem. */
export function synthesizeInto(outdir: string, projectDir: string, compose: ComposeEnvironment): void {
  const environments = loadProjectEnvironments(projectDir);
  const app = new App({ outdir, stackTraces: false });
  for (const environment of environments) compose(app, environment);
  atField(environments[0].sourceFile, 'environments', () => app.synth());
}

/** Builds every environment of the project into `<projectDir>/cdktf.out`. Throws on any problem. */
export function synthProject(projectDir: string, compose: ComposeEnvironment): string {
  return synthOutput(projectDir, (outdir) => synthesizeInto(outdir, projectDir, compose));
}

/**
 * Lets `synthesize` write into a temporary directory, then swaps it in for
 * `<projectDir>/cdktf.out`: a failure leaves the previous output untouched.
 */
export function synthOutput(projectDir: string, synthesize: (outdir: string) => void): string {
  const outdir = join(projectDir, OUTPUT_DIR);
  const staging = `${outdir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    synthesize(staging);
    swapIn(staging, outdir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return outdir;
}

/** Entry point for live/<project>/main.ts: synth, or print one error and exit 1. */
export function runSynth(projectDir: string, compose: ComposeEnvironment): void {
  reportSynth(() => synthProject(projectDir, compose));
}

/** Runs a synth, printing where it wrote or its one-line error (the stack trace only with DEBUG set). */
export function reportSynth(synth: () => string): void {
  try {
    const outdir = synth();
    console.log(`synthesized ${outdir}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`synth failed: ${message}`);
    if (process.env['DEBUG'] && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  }
}

function swapIn(fresh: string, outdir: string): void {
  const previous = `${outdir}.old-${process.pid}`;
  if (existsSync(outdir)) renameSync(outdir, previous);
  renameSync(fresh, outdir);
  rmSync(previous, { recursive: true, force: true });
}
