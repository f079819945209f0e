/**
 * The alarm catalogue (docs/operations.md, "Alarms and notifications") against
 * what the workspace synthesizes for every real live project: every alarm, rule,
 * budget and anomaly subscription is in it exactly once, every entry exists
 * somewhere, and the documented defaults are the synthesized thresholds.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNTS_CONFIG_FILE, ALARM_CATALOGUE, catalogueEntryOf, composeEnvironment, ENV_FILE_NAME, readSynthOutput, synthesizeAccountLayerInto, synthesizeInto, type CatalogueEntry } from '../src';
import type { StackJson } from '../src/testing';
import { promotedEnvYaml } from './helpers';
import { WORKSPACE_ROOT } from './refusals';

type Body = Record<string, unknown>;

/** Every live project of the workspace synthesized with the workspace's shared layer, into a throwaway copy. */
function synthesizeWorkspace(): StackJson[] {
  const root = mkdtempSync(join(tmpdir(), 'lq3-catalogue-'));
  try {
    const projects = readdirSync(join(WORKSPACE_ROOT, 'live')).filter((name) => existsSync(join(WORKSPACE_ROOT, 'live', name, 'main.ts')));
    mkdirSync(join(root, 'out'));
    for (const project of projects) {
      mkdirSync(join(root, 'live', project), { recursive: true });
      const envFile = join(WORKSPACE_ROOT, 'live', project, ENV_FILE_NAME);
      if (existsSync(envFile)) writeFileSync(join(root, 'live', project, ENV_FILE_NAME), promotedEnvYaml(readFileSync(envFile, 'utf8')));
      else copyFileSync(join(WORKSPACE_ROOT, 'live', project, ACCOUNTS_CONFIG_FILE), join(root, 'live', project, ACCOUNTS_CONFIG_FILE));
    }
    return projects.flatMap((project) => {
      const projectDir = join(root, 'live', project);
      const outdir = join(root, 'out', project);
      if (existsSync(join(projectDir, ACCOUNTS_CONFIG_FILE))) synthesizeAccountLayerInto(outdir, projectDir);
      else synthesizeInto(outdir, projectDir, composeEnvironment);
      return readSynthOutput<StackJson>(outdir).map((stack) => stack.json);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Name, kind and body of everything that alarms or notifies. */
function notifiers(stacks: StackJson[]): { name: string; kind: CatalogueEntry['kind']; body: Body }[] {
  const of = (type: string, attribute: string, kind: CatalogueEntry['kind']) =>
    stacks.flatMap((stack) => Object.values(stack.resource?.[type] ?? {}).map((body) => ({ name: String(body[attribute]), kind, body })));
  return [
    ...of('aws_cloudwatch_metric_alarm', 'alarm_name', 'alarm'),
    ...of('aws_cloudwatch_event_rule', 'name', 'event'),
    ...of('aws_budgets_budget', 'name', 'event'),
    ...of('aws_ce_anomaly_subscription', 'name', 'event'),
  ];
}

describe('the alarm catalogue', () => {
  let found: ReturnType<typeof notifiers> = [];
  beforeAll(() => {
    found = notifiers(synthesizeWorkspace());
  }, 120_000);

  it('names every alarm and notification rule of every live project exactly once', () => {
    const unknown = found.filter(({ name, kind }) => catalogueEntryOf(name, kind) === undefined).map(({ name }) => name);
    expect(unknown).toEqual([]);
    expect(found.length).toBeGreaterThan(100);
  });

  it('has no entry that nothing synthesizes', () => {
    const unused = ALARM_CATALOGUE.filter((entry) => !found.some(({ name, kind }) => kind === entry.kind && entry.pattern.test(name))).map((entry) => entry.title);
    expect(unused).toEqual([]);
  });

  it('states the thresholds the stacks get when env.yaml sets none', () => {
    const threshold = (name: string) => found.find((item) => item.name === name)?.body['threshold'];
    expect(threshold('lq3-staging01-alb-5xx-rate')).toBe(5);
    expect(threshold('lq3-staging01-web-p95-latency')).toBe(2);
    expect(threshold('lq3-staging01-api-cpu')).toBe(85);
    expect(threshold('lq3-production01-mysql-cpuutilization')).toBe(80);
    expect(threshold('lq3-production01-mysql-replica-1-replicalag')).toBe(60);
    expect(threshold('lq3-production-cloudtrail-ConsoleSignInFailures')).toBe(3);
    const budget = found.find((item) => item.name === 'lq3-production-monthly')!.body as { notification: { threshold: number; notification_type: string }[] };
    expect(budget.notification.map((n) => `${n.notification_type} ${n.threshold}`)).toEqual(['ACTUAL 50', 'ACTUAL 80', 'ACTUAL 100', 'FORECASTED 100']);
  });

  it('states the account defaults the staging account runs with (accounts.yaml sets only its budget amount)', () => {
    const entry = (title: string) => ALARM_CATALOGUE.find((candidate) => candidate.title === title)!.firesWhen;
    const body = (name: string) => found.find((item) => item.name === name)!.body;
    const budget = body('lq3-staging-monthly') as { notification: { threshold: number; notification_type: string }[] };
    expect(budget.notification.map((n) => `${n.notification_type} ${n.threshold}`)).toEqual(['ACTUAL 80', 'ACTUAL 100', 'FORECASTED 100']);
    expect(entry('Budget')).toBe("the month's cost passes 80 % and 100 % of the budget, or its forecast 100 %");
    expect(JSON.parse(String(body('lq3-staging-guardduty-findings').event_pattern)).detail).toEqual({ severity: [{ numeric: ['>=', 4] }] });
    expect(entry('GuardDuty finding')).toBe('a finding of severity 4 (medium) or higher');
    expect(body('lq3-staging-anomalies')).toMatchObject({ threshold_expression: { dimension: { values: ['50'] } } });
    expect(entry('Cost anomaly')).toBe('an anomaly with a total impact of 50 USD or more');
  });

  it('says for every entry what it means, what to check first and where it goes', () => {
    for (const entry of ALARM_CATALOGUE) {
      expect(entry.meaning.length).toBeGreaterThan(20);
      expect(entry.firstCheck.length).toBeGreaterThan(20);
      expect(['environment', 'security', 'cost', 'ecs']).toContain(entry.destination);
    }
  });
});
