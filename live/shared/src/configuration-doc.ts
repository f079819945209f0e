/**
 * docs/configuration.md, generated from the env.yaml schema (zod 4's JSON Schema
 * of its input side): every field, its type, default and rule. Run
 * `npm run docs:configuration` after changing the schema; a test fails while the
 * committed file differs from what this renders.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { envFileSchema } from './environment';
import { NAME_PATTERN, NAME_RULE } from './environment-rules';

export const CONFIGURATION_DOC = join(__dirname, '..', '..', '..', 'docs', 'configuration.md');

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

interface Row {
  readonly field: string;
  readonly type: string;
  readonly default: string;
  readonly rule: string;
}

export function renderConfigurationDoc(): string {
  const schema = z.toJSONSchema(envFileSchema, { io: 'input' }) as JsonSchema;
  const rows = fields(schema, '', true);
  return `${[
    '# env.yaml reference',
    '',
    '<!-- Generated from live/shared/src/environment.ts by `npm run docs:configuration`; do not edit. -->',
    '',
    'Each live project holds one `env.yaml`: `environments:`, then one block per environment. It is',
    'plain YAML 1.2 data — no tags (`!Ref`, `!!str`), no merge keys (`<<`), no directives; anchors and',
    'aliases of whole values are fine. Synth refuses anything else with one line,',
    '`<file>: <field path>: <problem>`, exit code 1, and leaves the previous `cdktf.out` as it was.',
    '`npx nx run <project>:config` prints an environment with every default below filled in, its',
    'account id, role ARN and state bucket, and whether it is a base or a copy.',
    '',
    `Names (\`<env>\`, \`<app>\`, \`<job>\`) ${NAME_RULE}; they become parts of AWS names`,
    '(`lq3-<env>-<app>`). Environment names are unique across all live projects, and within one',
    "account no env name may extend another's (`alpha` and `alpha-api`).",
    '',
    '**Base and copy** (ADR 0009): an environment whose `database.restoreFromLatestSnapshotOf` is set',
    'is a *copy* of that base environment; every other environment is a *base* that owns its data. A',
    'base is never disposable, and a production-account base keeps every protection the rules below',
    'mark "production base envs".',
    '',
    '| field | type | default | rule |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| \`${row.field}\` | ${row.type} | ${row.default} | ${row.rule} |`),
  ].join('\n')}\n`;
}

function fields(schema: JsonSchema, path: string, required: boolean): Row[] {
  const rows: Row[] = [];
  if (path && (schema.description || !isContainer(schema))) {
    rows.push({ field: path, type: typeOf(schema), default: defaultOf(schema, required), rule: ruleOf(schema) });
  }
  if (schema.anyOf) {
    for (const variant of schema.anyOf) rows.push(...fields({ ...variant, description: undefined }, path, required));
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    rows.push(...fields(property, path ? `${path}.${key}` : key, schema.required?.includes(key) ?? false));
  }
  // A map of plain values (container variables) is described by its own row.
  if (typeof schema.additionalProperties === 'object' && isContainer(schema.additionalProperties)) {
    rows.push(...fields(schema.additionalProperties, `${path}.${placeholder(path, schema.propertyNames)}`, true));
  }
  return rows;
}

function isContainer(schema: JsonSchema): boolean {
  return Boolean(schema.properties || schema.anyOf || typeof schema.additionalProperties === 'object');
}

/** `<env>`, `<app>`, `<job>` for the maps keyed by names under the name rule. */
function placeholder(path: string, names: JsonSchema | undefined): string {
  const parent = path.split('.').pop() ?? '';
  return names?.pattern === NAME_PATTERN.source ? ({ environments: '<env>', apps: '<app>', jobs: '<job>' }[parent] ?? '<name>') : '<key>';
}

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.type === 'array') return `list of ${typeOf(schema.items ?? {})}`;
  if (schema.type === 'object') return typeof schema.additionalProperties === 'object' ? `map of ${typeOf(schema.additionalProperties)}` : 'object';
  if (schema.anyOf) return 'object';
  return schema.type ?? 'any';
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (schema.default !== undefined) {
    const empty = typeof schema.default === 'object' && schema.default !== null && Object.keys(schema.default).length === 0;
    return typeof schema.default === 'object' && !empty ? 'see fields' : `\`${JSON.stringify(schema.default)}\``;
  }
  return required ? 'required' : 'optional';
}

function ruleOf(schema: JsonSchema): string {
  const limits: string[] = [];
  // zod's int() alone sets the safe-integer bounds; they are no rule worth stating.
  const min = schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER ? schema.minimum : undefined;
  const max = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
  if (min !== undefined && max !== undefined) limits.push(`${min}–${max}`);
  else if (min !== undefined) limits.push(`at least ${min}`);
  else if (max !== undefined) limits.push(`at most ${max}`);
  if (schema.maxItems !== undefined) limits.push(`${schema.minItems ?? 0}–${schema.maxItems} items`);
  else if (schema.minItems !== undefined) limits.push(`at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`);
  const description = (schema.description ?? '').replace(/\|/g, '\\|');
  return [description, limits.length > 0 ? `(${limits.join(', ')})` : ''].filter(Boolean).join(' ');
}

if (require.main === module) {
  writeFileSync(CONFIGURATION_DOC, renderConfigurationDoc());
  console.log(`wrote ${CONFIGURATION_DOC}`);
}
