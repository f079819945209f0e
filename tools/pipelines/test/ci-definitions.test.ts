/**
 * The CI definitions parse, pin every GitHub action to a commit SHA, run the
 * policy gate before any plan, and install Terraform only through the verifying
 * script. (Their PR/main flow and OIDC: tools/plan-comment/test/pipelines.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const BITBUCKET = 'bitbucket-pipelines.yml';
const WORKFLOW = '.github/workflows/infra.yml';
const GITHUB_FILES = [
  ...readdirSync(join(ROOT, '.github', 'workflows')).map((name) => `.github/workflows/${name}`),
  ...readdirSync(join(ROOT, '.github', 'actions')).map((name) => `.github/actions/${name}/action.yml`),
];
const INSTALL = 'bash tools/pipelines/install-terraform.sh --version "$TERRAFORM_VERSION"';
const POLICY = 'bash tools/policy/setup-venv.sh && npx nx affected -t policy';

/** Parses a file holding one YAML document; any error or warning throws. */
function parseStrict(path: string) {
  const documents = parseAllDocuments(read(path), { prettyErrors: true, uniqueKeys: true });
  if (!Array.isArray(documents) || documents.length !== 1) throw new Error(`${path}: expected one YAML document`);
  const [document] = documents;
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  return document.toJS({ maxAliasCount: 100 });
}

/** Every `uses:` value anywhere in a parsed file. */
function usesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(usesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => (key === 'uses' && typeof child === 'string' ? [child] : usesIn(child)));
}

interface BitbucketStep {
  name: string;
  script: string[];
}
interface GitHubStep {
  uses?: string;
  run?: string;
}
interface GitHubJob {
  needs?: string | string[];
  steps: GitHubStep[];
}

describe('CI definitions', () => {
  it.each([BITBUCKET, ...GITHUB_FILES])('%s is valid YAML', (path) => {
    expect(parseStrict(path)).toEqual(expect.any(Object));
  });

  it.each(GITHUB_FILES)('%s pins every action to a full commit SHA with its release tag in a comment', (path) => {
    const lines = read(path).split('\n').filter((line) => /^\s*(-\s+)?uses:/.test(line));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const reference = /uses:\s*(\S+)/.exec(line)?.[1] ?? '';
      if (reference.startsWith('./')) continue; // an action of this repository, at this commit
      expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
    // The parsed view agrees (no `uses:` hidden in a flow mapping or another layout).
    const uses = usesIn(parseStrict(path));
    for (const reference of uses.filter((use) => !use.startsWith('./'))) expect(reference).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
    expect(uses).toHaveLength(lines.length);
  });

  it('the same action is pinned to the same commit everywhere', () => {
    const pins = new Map<string, Set<string>>();
    for (const path of GITHUB_FILES) {
      for (const [, action, pin] of read(path).matchAll(/uses: ([\w.-]+\/[\w./-]+)@(\S+ # \S+)/g)) {
        pins.set(action, (pins.get(action) ?? new Set()).add(pin));
      }
    }
    expect([...pins].filter(([, set]) => set.size > 1)).toEqual([]);
  });

  describe(BITBUCKET, () => {
    const pipelines = parseStrict(BITBUCKET);
    const flows: Record<string, BitbucketStep[]> = {
      'pull request': pipelines.pipelines['pull-requests']['**'].map((entry: { step: BitbucketStep }) => entry.step),
      main: pipelines.pipelines.branches.main.map((entry: { step: BitbucketStep }) => entry.step),
    };
    const script = (step: BitbucketStep) => step.script.join('\n');

    it.each(Object.keys(flows))('the %s flow runs the policy gate before any plan', (flow) => {
      const steps = flows[flow];
      const gate = steps.findIndex((step) => script(step).includes(POLICY));
      const firstPlan = steps.findIndex((step) => script(step).includes('nx affected -t plan'));
      expect(gate).toBeGreaterThanOrEqual(0);
      expect(firstPlan).toBeGreaterThan(gate);
    });

    it('installs Terraform only through the verifying script', () => {
      const text = read(BITBUCKET);
      expect(text).not.toMatch(/releases\.hashicorp\.com/);
      for (const step of Object.values(flows).flat().filter((candidate) => script(candidate).includes('nx affected -t plan'))) {
        expect(script(step)).toContain(`${INSTALL} --dest /usr/local/bin`);
        expect(script(step).indexOf(INSTALL)).toBeLessThan(script(step).indexOf('nx affected -t plan'));
      }
    });
  });

  describe(WORKFLOW, () => {
    const workflow = parseStrict(WORKFLOW);
    const jobs: Record<string, GitHubJob> = workflow.jobs;
    const needs = (job: GitHubJob) => [job.needs ?? []].flat();
    /** Every job that must finish before `name` starts. */
    const upstream = (name: string): string[] => needs(jobs[name]).flatMap((need) => [need, ...upstream(need)]);
    const runs = (name: string) => jobs[name].steps.map((step) => step.run ?? '').join('\n');

    it('runs the policy gate in a job every planning job waits for', () => {
      const gates = Object.keys(jobs).filter((name) => runs(name).includes(POLICY));
      expect(gates).toEqual(['verify']);
      const planning = Object.keys(jobs).filter((name) => runs(name).includes('nx affected -t plan'));
      expect(planning.length).toBeGreaterThan(0);
      for (const name of planning) expect(upstream(name)).toContain('verify');
    });

    it('installs Terraform only through the verifying script (setup-workspace), in every planning job', () => {
      const action = parseStrict('.github/actions/setup-workspace/action.yml');
      const steps: (GitHubStep & { if?: string })[] = action.runs.steps;
      const install = steps.find((step) => step.run?.includes(INSTALL));
      expect(install).toMatchObject({ if: "inputs.terraform == 'true'" });
      expect(install?.run).toContain('>> "$GITHUB_PATH"');
      for (const path of GITHUB_FILES) {
        expect(read(path)).not.toMatch(/setup-terraform|releases\.hashicorp\.com/);
      }
      for (const name of Object.keys(jobs).filter((job) => runs(job).includes('nx affected -t plan'))) {
        const setup = jobs[name].steps.find((step) => step.uses === './.github/actions/setup-workspace') as { with?: Record<string, string> } | undefined;
        expect(setup?.with?.['terraform']).toBe('true');
      }
    });
  });

  it('both pipelines pin the same Terraform version', () => {
    const bitbucket = /TERRAFORM_VERSION=(\d+\.\d+\.\d+)/.exec(read(BITBUCKET))?.[1];
    expect(bitbucket).toMatch(/^\d+\.\d+\.\d+$/);
    expect(parseStrict(WORKFLOW).env.TERRAFORM_VERSION).toBe(bitbucket);
  });
});
