/**
 * Over every env of every live project, synthesized with the workspace's shared layer (and
 * each env with office hours again switched off): every resource type is priced or listed as
 * free, parallel envs cost at most a quarter of their running cost while idle (ADR 0013), and
 * docs/environments.md shows what the estimate says.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSynthOutput } from '@lq3/live-shared';
import { ENVIRONMENTS_DOC, renderCostTable, TABLE_END, TABLE_START, workspaceCosts, type EnvCostRow } from '../src/environments-doc';
import { estimateProject } from '../src/project';
import { hasSchedules } from '../src/report';
import { FREE_TYPES, RULES } from '../src/rules';
import { WORKSPACE_ROOT } from '../src/workspace-synth';

/** The most an idle parallel env may cost, against its running cost (issue 19). */
const IDLE_SHARE_LIMIT = 0.25;

type StackJson = { resource?: Record<string, unknown> };

const typesByStack = new Map<string, Set<string>>();
let rows: EnvCostRow[] = [];

beforeAll(() => {
  rows = workspaceCosts(undefined, (_project, synthDir) => {
    for (const stack of readSynthOutput<StackJson>(synthDir)) typesByStack.set(stack.name, new Set([...(typesByStack.get(stack.name) ?? []), ...Object.keys(stack.json.resource ?? {})]));
  });
}, 300_000);

/**
 * Live projects without env.yaml (the account layer) synthesize through their own main.ts:
 * run it in a temporary copy of the project, node_modules linked, and read the stacks.
 */
function synthesizeLayerProjects(): string[] {
  const live = join(WORKSPACE_ROOT, 'live');
  const layers = readdirSync(live).filter((name) => existsSync(join(live, name, 'main.ts')) && !existsSync(join(live, name, 'env.yaml')));
  const root = mkdtempSync(join(tmpdir(), 'lq3-cost-layer-'));
  try {
    symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(root, 'node_modules'));
    // The layer cross-checks the env files of the other projects.
    for (const project of readdirSync(live).filter((name) => existsSync(join(live, name, 'env.yaml')))) {
      mkdirSync(join(root, 'live', project), { recursive: true });
      copyFileSync(join(live, project, 'env.yaml'), join(root, 'live', project, 'env.yaml'));
    }
    for (const project of layers) {
      const dir = join(root, 'live', project);
      mkdirSync(dir, { recursive: true });
      for (const file of readdirSync(join(live, project)).filter((name) => /\.(ts|ya?ml|json)$/.test(name))) copyFileSync(join(live, project, file), join(dir, file));
      const run = spawnSync(process.execPath, ['--require', 'sucrase/register/ts', 'main.ts'], { cwd: dir, encoding: 'utf8', timeout: 240_000 });
      if (run.status !== 0) throw new Error(`synth of live/${project} failed: ${run.stderr}`);
      for (const stack of readSynthOutput<StackJson>(join(dir, 'cdktf.out'))) typesByStack.set(stack.name, new Set(Object.keys(stack.json.resource ?? {})));
      estimateProject(dir, join(dir, 'cdktf.out'), { workspaceRoot: root });
    }
    return layers;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('every live project, as the workspace builds it', () => {
  it('estimates the projects without env.yaml (the account layer) per account', () => {
    expect(synthesizeLayerProjects).not.toThrow();
  }, 300_000);

  it('has a price rule or a free reason for every resource type in every stack', () => {
    const missing = [...typesByStack].flatMap(([stack, types]) => [...types].filter((type) => !RULES[type] && !Object.hasOwn(FREE_TYPES, type)).map((type) => `${type} (${stack})`));
    expect(missing).toEqual([]);
    expect(typesByStack.size).toBeGreaterThanOrEqual(36);
  });

  it('estimates all six envs', () => {
    expect(rows.map((row) => row.env).sort()).toEqual(['production-back', 'production-front', 'production01', 'staging-back', 'staging-front', 'staging01']);
    for (const row of rows) expect(row.estimate.total.monthly).toBeGreaterThan(0);
  });

  it(`keeps every parallel env idle at most ${IDLE_SHARE_LIMIT * 100} % of its running cost: outside office hours, and switched off`, () => {
    const copies = rows.filter((row) => hasSchedules(row.estimate));
    expect(copies.map((row) => row.env).sort()).toEqual(['production-back', 'production-front', 'staging-back', 'staging-front']);
    const over = copies.flatMap((row) => {
      const { running, idle } = row.estimate.total;
      const off = row.switchedOff?.monthly ?? Number.POSITIVE_INFINITY;
      return idle / running > IDLE_SHARE_LIMIT || off / running > IDLE_SHARE_LIMIT ? [`${row.env}: idle $${idle.toFixed(2)}, switched off $${off.toFixed(2)}, running $${running.toFixed(2)}`] : [];
    });
    expect(over).toEqual([]);
  });

  it('base envs have no office hours: as configured is what they cost every month', () => {
    for (const row of rows.filter((candidate) => ['staging01', 'production01'].includes(candidate.env))) {
      expect(row.estimate.total.running).toBeCloseTo(row.estimate.total.monthly, 6);
      expect(row.switchedOff).toBeUndefined();
    }
  });

  it('is the table in docs/environments.md (after a price, usage or infrastructure change: npm run docs:environments)', () => {
    const document = readFileSync(ENVIRONMENTS_DOC, 'utf8');
    const committed = document.slice(document.indexOf(TABLE_START), document.indexOf(TABLE_END) + TABLE_END.length);
    const rendered = renderCostTable(rows);
    if (committed !== rendered) throw new Error('the cost table of docs/environments.md is stale: run `npm run docs:environments` and commit the result');
    expect(committed).toBe(rendered);
  });
});
