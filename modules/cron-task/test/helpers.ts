import { TerraformOutput, Testing, TerraformStack } from 'cdktf';
import { ScheduledTask, type ScheduledTaskProps } from '../src';

export const ACCOUNT = '111111111111';
export const CLUSTER = `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/lq3-staging01`;
export const FAMILY = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task-definition/lq3-staging01-api`;
export const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:lq3-staging01-alarms`;

export const JOB: ScheduledTaskProps = {
  name: 'lq3-staging01-export',
  schedule: 'cron(0 3 * * ? *)',
  clusterArn: CLUSTER,
  taskDefinitionArn: FAMILY,
  containerName: 'api',
  command: ['bin/console', 'app:export'],
  subnetIds: ['subnet-a', 'subnet-b'],
  securityGroupIds: ['sg-api'],
  taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/lq3-staging01-api-task`,
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/lq3-staging01-api-execution`,
  alarmTopicArn: TOPIC,
};

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

export function synthStack(build: (stack: TerraformStack) => void): { resource: Resources; output: Record<string, unknown> } {
  const stack = new TerraformStack(Testing.app(), 'test');
  build(stack);
  const parsed = JSON.parse(Testing.synth(stack));
  const output = Object.fromEntries(Object.entries((parsed.output ?? {}) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
  return { resource: parsed.resource ?? {}, output };
}

export function synthJob(overrides: Partial<ScheduledTaskProps> = {}): { resource: Resources; job: ScheduledTask } {
  let job!: ScheduledTask;
  const { resource } = synthStack((stack) => {
    job = new ScheduledTask(stack, 'job', { ...JOB, ...overrides });
  });
  return { resource, job };
}

/** Synthesizes a Terraform output per picked value and returns their expressions. */
export function jobOutputs(pick: (job: ScheduledTask) => Record<string, unknown>): Record<string, unknown> {
  return synthStack((stack) => {
    const job = new ScheduledTask(stack, 'job', JOB);
    for (const [name, value] of Object.entries(pick(job))) new TerraformOutput(stack, name, { value });
  }).output;
}

export function only(resources: Resources, type: string): Record<string, unknown> {
  const all = Object.values(resources[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export function statements(policy: unknown): Statement[] {
  return JSON.parse(policy as string).Statement;
}
