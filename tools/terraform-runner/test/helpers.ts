/** A throw-away workspace with synthesized stacks, the fake terraform and a call log. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { resolveTerraform } from '../src/binary';
import type { RunnerContext } from '../src/context';

export const FAKE_TERRAFORM = join(__dirname, 'fixtures', 'fake-terraform');

/**
 * The real terraform on PATH when it is new enough for the runner (>= 1.10), for
 * tests that need Terraform's own behaviour; undefined (and the reason) otherwise.
 */
export function realTerraform(): { path?: string; reason: string } {
  try {
    const binary = resolveTerraform({ PATH: process.env['PATH'] });
    return { path: binary.path, reason: `terraform ${binary.version} at ${binary.path}` };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}
export const PLAN_FIXTURES = join(__dirname, 'fixtures', 'plans');
const REAL_LIVE_DIR = join(__dirname, '..', '..', '..', 'live');

export interface StackSpec {
  name: string;
  dependencies?: string[];
  environment?: string;
  /** @default 'production' when the environment name starts with production, else 'staging' */
  account?: string;
  unit?: string;
  modules?: Record<string, string>;
  /** Extra top-level Terraform JSON (resource, output, …) merged into the stack. */
  body?: Record<string, unknown>;
}

export interface StepSpec {
  exitCode?: number;
  delayMs?: number;
  stderr?: string;
  /** A file name in test/fixtures/plans, or an inline plan JSON. */
  planJson?: string | object;
}

export interface Scenario {
  version?: string;
  versionJson?: boolean;
  stacks?: Record<string, Partial<Record<'init' | 'plan' | 'destroyPlan' | 'show' | 'apply', StepSpec>>>;
  default?: Partial<Record<'init' | 'plan' | 'destroyPlan' | 'show' | 'apply', StepSpec>>;
}

export interface CallLogEntry {
  command: string;
  args: string[];
  cwd: string;
  stack: string;
  start: number;
  end: number;
  exitCode: number;
  env: Record<string, string | undefined>;
}

export class Sandbox {
  readonly root = mkdtempSync(join(tmpdir(), 'tf-runner-'));
  readonly liveDir = join(this.root, 'live');
  readonly callLog = join(this.root, 'calls.jsonl');
  readonly scenarioFile = join(this.root, 'scenario.json');
  readonly pluginCache = join(this.root, 'plugin-cache');
  readonly printed: string[] = [];
  readonly errors: string[] = [];
  /** Answer typed at the confirmation prompt; undefined = end of input. */
  answer?: string;
  /** Whether the run has a terminal to ask in. */
  interactive = true;
  now = new Date();

  constructor(scenario: Scenario = {}) {
    this.setScenario(scenario);
  }

  setScenario(scenario: Scenario): void {
    writeFileSync(this.scenarioFile, JSON.stringify(withFixturePaths(scenario)));
  }

  /** live/<project> with cdktf.out holding these stacks; env.yaml copied from the real project of that name when one exists. */
  project(name: string, stacks: StackSpec[]): string {
    const projectDir = join(this.liveDir, name);
    const outDir = join(projectDir, 'cdktf.out');
    rmSync(outDir, { recursive: true, force: true });
    const manifest: Record<string, unknown> = {};
    for (const stack of stacks) {
      const stackDir = join(outDir, 'stacks', stack.name);
      mkdirSync(stackDir, { recursive: true });
      writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify(stackJson(stack, name), null, 2));
      manifest[stack.name] = {
        annotations: [],
        constructPath: stack.name,
        dependencies: stack.dependencies ?? [],
        name: stack.name,
        stackMetadataPath: `stacks/${stack.name}/metadata.json`,
        synthesizedStackPath: `stacks/${stack.name}/cdk.tf.json`,
        workingDirectory: `stacks/${stack.name}`,
      };
    }
    writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ stacks: manifest, version: '0.21.0' }, null, 2));
    return projectDir;
  }

  /** Copies every real live/<p>/env.yaml (cross-file checks need the siblings), optionally editing one. */
  copyRealEnvFiles(edit?: { project: string; transform: (yaml: string) => string }): void {
    for (const project of ['staging01', 'production01', 'parallel-front', 'parallel-back']) {
      const source = join(REAL_LIVE_DIR, project, 'env.yaml');
      const target = join(this.liveDir, project, 'env.yaml');
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target);
      if (edit?.project === project) writeFileSync(target, edit.transform(readFileSync(target, 'utf8')));
    }
  }

  env(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env['PATH'],
      HOME: this.root,
      TF_BINARY: FAKE_TERRAFORM,
      TF_PLUGIN_CACHE_DIR: this.pluginCache,
      FAKE_TF_LOG: this.callLog,
      FAKE_TF_SCENARIO: this.scenarioFile,
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      ...overrides,
    };
  }

  context(projectDir: string, envOverrides: NodeJS.ProcessEnv = {}): RunnerContext {
    return {
      projectDir,
      env: this.env(envOverrides),
      print: (line) => this.printed.push(line),
      printError: (line) => this.errors.push(line),
      input: Readable.from(this.answer === undefined ? [] : [`${this.answer}\n`]),
      interactive: this.interactive,
      now: () => this.now,
    };
  }

  calls(): CallLogEntry[] {
    if (!existsSync(this.callLog)) return [];
    return readFileSync(this.callLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CallLogEntry);
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function stackJson(stack: StackSpec, project: string) {
  const environment = stack.environment ?? project;
  const unit = stack.unit ?? stack.name.split('-').pop();
  return {
    '//': {
      lq3: {
        environment,
        account: stack.account ?? (environment.startsWith('production') ? 'production' : 'staging'),
        unit,
        stateKey: `${environment}/${unit}.tfstate`,
        modules: stack.modules ?? {},
      },
      metadata: { backend: 's3', stackName: stack.name, version: '0.21.0' },
    },
    terraform: { required_version: '>= 1.10', backend: { s3: { bucket: 'lq3-tfstate', key: `${environment}/${unit}.tfstate`, use_lockfile: true } } },
    ...stack.body,
  };
}

function withFixturePaths(scenario: Scenario): Scenario {
  const fix = (steps?: Scenario['default']) => {
    if (!steps) return steps;
    const copy = { ...steps };
    for (const key of ['plan', 'destroyPlan'] as const) {
      const step = copy[key];
      if (step && typeof step.planJson === 'string') copy[key] = { ...step, planJson: join(PLAN_FIXTURES, step.planJson) };
    }
    return copy;
  };
  return {
    ...scenario,
    default: fix(scenario.default),
    stacks: scenario.stacks && Object.fromEntries(Object.entries(scenario.stacks).map(([name, steps]) => [name, fix(steps) ?? {}])),
  };
}

/** Per stack: from the start of its first call to the end of its last. */
export function stackSpans(calls: CallLogEntry[], commands: string[]): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  for (const call of calls.filter((entry) => commands.includes(entry.command))) {
    const span = spans.get(call.stack);
    spans.set(call.stack, span ? { start: Math.min(span.start, call.start), end: Math.max(span.end, call.end) } : { start: call.start, end: call.end });
  }
  return spans;
}

/** Most stacks whose spans overlap at one moment. */
export function maxOverlap(spans: Iterable<{ start: number; end: number }>): number {
  const events = [...spans].flatMap((span) => [
    { at: span.start, delta: 1 },
    { at: span.end, delta: -1 },
  ]);
  // Ends before starts at the same millisecond: touching spans do not overlap.
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}
