import { join } from 'node:path';
import type { CliDeps } from '../src/cli';

/** A live project with one production base env `prod` (the fixture's env.yaml). */
export const PROJECT = join(__dirname, 'fixtures', 'live', 'prod');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with captured output; no real sleeping. */
export async function run(main: (argv: readonly string[], deps: Partial<CliDeps>) => Promise<number>, argv: string[], deps: Partial<CliDeps> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), sleep: async () => undefined, ...deps });
  return { code, stdout, stderr };
}
