import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type App, TerraformStack, Testing } from 'cdktf';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
export type Json = any;

export function newStack(): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  return { app, stack };
}

export function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** All resources (or data sources) of one type, as a list of their configs. */
export function ofType(json: Json, type: string, kind: 'resource' | 'data' = 'resource'): Json[] {
  return Object.values(json[kind]?.[type] ?? {});
}

/** The single resource of a type; fails the test when there are none or several. */
export function single(json: Json, type: string, kind: 'resource' | 'data' = 'resource'): Json {
  const all = ofType(json, type, kind);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}
