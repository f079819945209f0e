import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped by nature */
export type Block = Record<string, any>;
export interface TerraformJson {
  resource?: Record<string, Record<string, Block>>;
  data?: Record<string, Record<string, Block>>;
  output?: Record<string, { value: any }>;
}

/** A stack with an AWS provider in `region` (none when null), built by `build`, synthesized and parsed. */
export function synth(build: (stack: TerraformStack) => void, region: string | null = 'eu-central-1'): TerraformJson {
  const stack = new TerraformStack(Testing.app(), 'test');
  if (region !== null) new AwsProvider(stack, 'aws', { region });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/**
 * Declares each defined field of `construct` named in `names` as a Terraform
 * output, so tests read them as a consumer in another stack would.
 */
export function exposeOutputs<T extends object>(construct: T & Construct, names: (keyof T & string)[]): void {
  for (const name of names) {
    if (construct[name] !== undefined) new TerraformOutput(construct, `output-${name}`, { value: construct[name] }).overrideLogicalId(name);
  }
}

/** The value of output `name` in the synthesized JSON. */
export function output(json: TerraformJson, name: string): any {
  return json.output?.[name]?.value;
}

/** All blocks of `type` (resource, or data source with `kind: 'data'`), keyed by logical id. */
export function blocks(json: TerraformJson, type: string, kind: 'resource' | 'data' = 'resource'): Record<string, Block> {
  return json[kind]?.[type] ?? {};
}

export function list(json: TerraformJson, type: string, kind: 'resource' | 'data' = 'resource'): Block[] {
  return Object.values(blocks(json, type, kind));
}

/** The logical id of the one block of `type` whose construct id is `constructId`. */
export function logicalId(json: TerraformJson, type: string, constructId: string, kind: 'resource' | 'data' = 'resource'): string {
  const matches = Object.keys(blocks(json, type, kind)).filter((key) => new RegExp(`_${constructId}_[0-9A-F]{8}$`).test(key));
  if (matches.length !== 1) throw new Error(`expected one ${type} "${constructId}", found ${matches.length}`);
  return matches[0];
}

export function block(json: TerraformJson, type: string, constructId: string, kind: 'resource' | 'data' = 'resource'): Block {
  return blocks(json, type, kind)[logicalId(json, type, constructId, kind)];
}

/** The interpolation Terraform JSON uses to reference `attribute` of a block. */
export function ref(json: TerraformJson, type: string, constructId: string, attribute = 'id', kind: 'resource' | 'data' = 'resource'): string {
  const prefix = kind === 'data' ? 'data.' : '';
  return `\${${prefix}${type}.${logicalId(json, type, constructId, kind)}.${attribute}}`;
}
