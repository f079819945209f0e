/**
 * Table-driven refusal tests: each case is a workspace of env.yaml files and the
 * one line synth must fail with. Every case asserts exit code 1, that line on
 * stderr (`synth failed: <file>: <field path>: <message>`), nothing on stdout,
 * and that the previous cdktf.out is byte-identical with no temp dir left over.
 * Cases marked `subprocess` run synth as the Nx target does (node + sucrase);
 * the rest call runSynth in-process, which is the same code without the spawn.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { composeEnvironment, runSynth } from '../src';
import { tempWorkspace } from './helpers';

export const SHARED_SRC = resolve(__dirname, '..', 'src');
export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');
/** Generous: two cores, and other builds may be running. */
export const SUBPROCESS_TIMEOUT_MS = 180_000;

export interface RefusalCase {
  /** What is wrong, as the test title. */
  readonly name: string;
  /** env.yaml per project (null: the project folder without one). */
  readonly files: Record<string, string | null>;
  /** The project whose synth must fail. */
  readonly project: string;
  /** `<file>: <field path>: ` the line starts with. */
  readonly prefix: string;
  /** The rest of the line: exactly (string) or matching (RegExp). */
  readonly message: string | RegExp;
  readonly subprocess?: boolean;
  /** Changes the workspace further before synth (e.g. files that are not env.yaml). */
  readonly prepare?: (root: string) => void;
}

export interface SynthRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs every case as one Jest test; at least one per class should be a subprocess case. */
export function testRefusals(cases: readonly RefusalCase[]): void {
  it.each(cases.map((refusal) => [refusal.subprocess ? `${refusal.name} (subprocess)` : refusal.name, refusal] as const))(
    'refuses %s',
    (_title, refusal) => {
      const root = tempWorkspace(refusal.files);
      refusal.prepare?.(root);
      const projectDir = join(root, 'live', refusal.project);
      const before = previousOutput(projectDir);
      const run = refusal.subprocess ? synthSubprocess(projectDir) : synthInProcess(projectDir);
      expect(run.stdout).toBe('');
      expect(run.stderr.endsWith('\n')).toBe(true);
      const lines = run.stderr.slice(0, -1).split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0].startsWith(`synth failed: ${refusal.prefix}`)).toBe(true);
      const rest = lines[0].slice(`synth failed: ${refusal.prefix}`.length);
      if (typeof refusal.message === 'string') expect(rest).toBe(refusal.message);
      else expect(rest).toMatch(refusal.message);
      expect(run.status).toBe(1);
      expect(treeOf(join(projectDir, 'cdktf.out'))).toEqual(before);
      expect(readdirSync(projectDir).filter((name) => name.startsWith('cdktf.out.'))).toEqual([]);
    },
    SUBPROCESS_TIMEOUT_MS,
  );
}

/** Writes a previous synth output and returns its bytes by path. */
export function previousOutput(projectDir: string): Record<string, string> {
  const outdir = join(projectDir, 'cdktf.out');
  mkdirSync(join(outdir, 'stacks', 'old-network'), { recursive: true });
  writeFileSync(join(outdir, 'manifest.json'), JSON.stringify({ version: 'previous', stacks: {} }));
  writeFileSync(join(outdir, 'stacks', 'old-network', 'cdk.tf.json'), '{"resource":{"aws_vpc":{"old":{"cidr_block":"10.0.0.0/16"}}}}\n');
  return treeOf(outdir);
}

/** Every file below `dir` with its content (base64, so bytes compare exactly). */
export function treeOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(dir);
  return files;
}

/** Synth of a project exactly as the Nx target runs it: plain node with the sucrase hook. */
export function synthSubprocess(projectDir: string, env: NodeJS.ProcessEnv = {}, sharedSrc = SHARED_SRC): SynthRun {
  writeFileSync(
    join(projectDir, 'main.ts'),
    `import { composeEnvironment, runSynth } from ${JSON.stringify(sharedSrc)};\nrunSynth(__dirname, composeEnvironment);\n`,
  );
  const result = spawnSync(process.execPath, ['--require', 'sucrase/register/ts', 'main.ts'], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: SUBPROCESS_TIMEOUT_MS - 10_000,
    // Resolve sucrase and the modules from the workspace, as npm would for a live project.
    env: { ...withoutColourSettings(process.env), NODE_PATH: join(WORKSPACE_ROOT, 'node_modules'), DEBUG: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same runSynth, in this process: its exit code and what it printed. */
export function synthInProcess(projectDir: string): SynthRun {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args) => void stdout.push(`${args.join(' ')}\n`));
  const error = jest.spyOn(console, 'error').mockImplementation((...args) => void stderr.push(`${args.join(' ')}\n`));
  const debug = process.env['DEBUG'];
  const exitCode = process.exitCode;
  delete process.env['DEBUG'];
  process.exitCode = 0;
  try {
    runSynth(projectDir, composeEnvironment);
    return { status: Number(process.exitCode ?? 0), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.exitCode = exitCode;
    if (debug !== undefined) process.env['DEBUG'] = debug;
    log.mockRestore();
    error.mockRestore();
  }
}

/** CI runners set FORCE_COLOR and NO_COLOR together, and Node warns about it on stderr. */
function withoutColourSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest['FORCE_COLOR'];
  delete rest['NO_COLOR'];
  return rest;
}
