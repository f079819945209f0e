import { TerraformOutput, Testing, TerraformStack } from 'cdktf';
import { RdsReplicaPair, type RdsReplicaPairProps } from '../src';

export const BASE: RdsReplicaPairProps = {
  identifier: 'lq3-staging01',
  engineVersion: '8.0',
  extendedSupport: true,
  instanceClass: 'db.t4g.medium',
  allocatedStorageGb: 50,
  vpcId: 'vpc-123',
  dbSubnetGroupName: 'lq3-staging01-db',
  multiAz: false,
  readReplicas: 0,
  backupRetentionDays: 7,
  backupWindow: '02:00-03:00',
  maintenanceWindow: 'sun:03:30-sun:04:30',
  deletionProtection: true,
};

// Resource blocks of the synthesized stack, by Terraform type then logical id.
export type Synth = Record<string, Record<string, Record<string, unknown>>>;

export function synth(overrides: Partial<RdsReplicaPairProps> = {}): { resource: Synth; data: Synth; pair: RdsReplicaPair; json: string } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const pair = new RdsReplicaPair(stack, 'db', { ...BASE, ...overrides });
  const json = Testing.synth(stack);
  const parsed = JSON.parse(json);
  return { resource: parsed.resource ?? {}, data: parsed.data ?? {}, pair, json };
}

/** The single resource of a type (fails when there are several). */
export function only(resources: Synth, type: string): Record<string, unknown> {
  const all = Object.values(resources[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export function ofType(resources: Synth, type: string): Record<string, unknown>[] {
  return Object.values(resources[type] ?? {});
}

/** Synthesizes the pair with a Terraform output per picked value and returns the outputs' expressions. */
export function outputs(overrides: Partial<RdsReplicaPairProps>, pick: (pair: RdsReplicaPair) => Record<string, unknown>): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), 'test');
  const pair = new RdsReplicaPair(stack, 'db', { ...BASE, ...overrides });
  for (const [name, value] of Object.entries(pick(pair))) new TerraformOutput(stack, name, { value });
  const synthesized = JSON.parse(Testing.synth(stack)).output as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(synthesized).map(([name, output]) => [name, output.value]));
}
