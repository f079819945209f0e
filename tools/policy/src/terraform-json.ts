/**
 * Reading synthesized CDKTF output: the stacks listed in `cdktf.out/manifest.json`
 * and the blocks of each `cdk.tf.json`, as plain data.
 */
import { readSynthOutput as readStacks, type SynthesizedStackFile } from '@lq3/live-shared';

export type JsonObject = Record<string, unknown>;

/** The parts of a `cdk.tf.json` the policy gate reads. */
export interface TerraformJson {
  readonly '//'?: JsonObject;
  readonly terraform?: JsonObject;
  readonly provider?: Record<string, JsonObject[] | JsonObject>;
  readonly resource?: Record<string, Record<string, JsonObject>>;
  readonly data?: Record<string, Record<string, JsonObject>>;
  readonly [block: string]: unknown;
}

/** What the gate needs of a synthesized stack: its name, file and JSON. */
export type SynthesizedStack = Pick<SynthesizedStackFile<TerraformJson>, 'name' | 'file' | 'json'>;

export interface TerraformResource {
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>`, as Terraform addresses it. */
  readonly address: string;
  readonly config: JsonObject;
}

/** Every stack of one synth output directory, in manifest order. Throws if the output is missing. */
export function readSynthOutput(outdir: string): SynthesizedStack[] {
  return readStacks<TerraformJson>(outdir);
}

/** The managed resources of a stack (data sources excluded). */
export function resourcesOf(json: TerraformJson): TerraformResource[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, config]) => ({ type, name, address: `${type}.${name}`, config })),
  );
}

/** The data sources of a stack, addressed `<type>.<name>` like resources (Terraform adds `data.`). */
export function dataSourcesOf(json: TerraformJson): TerraformResource[] {
  return resourcesOf({ resource: json.data });
}

export function resourcesOfType(json: TerraformJson, type: string): TerraformResource[] {
  return resourcesOf(json).filter((resource) => resource.type === type);
}

/** Provider blocks of one provider type; CDKTF writes a list, hand-written JSON may hold one object. */
export function providerBlocks(json: TerraformJson, type: string): JsonObject[] {
  const blocks = json.provider?.[type];
  if (blocks === undefined) return [];
  return Array.isArray(blocks) ? blocks : [blocks];
}

/** Nested blocks (e.g. `ingress`, `default_tags`) come as a list in CDKTF JSON, or as one object. */
export function nestedBlocks(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a Terraform expression (`${aws_kms_key.db.arn}`), false for a literal value. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** True if `value` is a reference to `<type>.<name>` (any attribute), e.g. `${aws_s3_bucket.logs.id}`. */
export function references(value: unknown, address: string): boolean {
  if (typeof value !== 'string') return false;
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\$\\{[^}]*\\b${escaped}\\.`).test(value);
}
