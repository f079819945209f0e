import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { TerraformStack, Testing } from 'cdktf';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
export type Json = any;

export function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new CloudflareProvider(stack, 'cloudflare', {});
  return stack;
}

export function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

/** All resources (or data sources) of one type, as a list of their configs. */
export function ofType(json: Json, type: string, kind: 'resource' | 'data' = 'resource'): Json[] {
  return Object.values(json[kind]?.[type] ?? {});
}

export function moduleMetadata(construct: { node: { metadata: { type: string; data: unknown }[] } }): unknown[] {
  return construct.node.metadata.filter((m) => m.type === 'lq3:module').map((m) => m.data);
}
