/**
 * docs/configuration.md, generated from the env.yaml schema (zod 4's JSON Schema
 * of its input side): every field, its type, default and rule. Run
 * `npm run docs:configuration` after changing the schema; a test fails while the
 * committed file differs from what this renders.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ACCOUNT_TOPICS, accountSchema } from './account-layer/account-config';
import { envFileSchema } from './environment';
import { NAME_PATTERN, NAME_RULE } from './environment-rules';

export const CONFIGURATION_DOC = join(__dirname, '..', '..', '..', 'docs', 'configuration.md');
export const ACCOUNT_CONFIGURATION_DOC = join(__dirname, '..', '..', '..', 'docs', 'account-configuration.md');

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
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

/** The `| field | type | default | rule |` rows of a schema's every field. */
export function schemaTableRows(schema: z.ZodType, path = ''): string[] {
  return fields(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema, path, true).map((row) => `| \`${row.field}\` | ${row.type} | ${row.default} | ${row.rule} |`);
}

export function renderConfigurationDoc(): string {
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
    ...schemaTableRows(envFileSchema),
  ].join('\n')}\n`;
}

/** docs/account-configuration.md: live/accounts/accounts.yaml, the account layer (ADR 0014). */
export function renderAccountConfigurationDoc(): string {
  return `${[
    '# accounts.yaml reference',
    '',
    '<!-- Generated from live/shared/src/account-layer/account-config.ts by `npm run docs:configuration`; do not edit. -->',
    '',
    'The account layer (`live/accounts`, Terragrunt\'s `<account>/_global`) holds what each AWS account has',
    'once, whatever environments run in it. `live/accounts/accounts.yaml` is plain YAML 1.2 data like',
    'env.yaml and refused the same way (one line, `<file>: <field path>: <problem>`, exit code 1).',
    '`npx nx run accounts:config` prints each account with every default filled in, its state keys and',
    'what each Slack channel receives.',
    '',
    'Each account gets four stacks with their own state, `s3://lq3-terraform-state-<id>/_global/<unit>.tfstate`:',
    '**baseline** (the notification topics `lq3-account-security` and `lq3-account-cost`, password policy,',
    'Access Analyzer, GuardDuty, S3 account public access block, EBS encryption by default), **audit**',
    '(CloudTrail and its CIS alarms), **cost** (budget, Cost Anomaly Detection) and **chat** (AWS Chatbot).',
    '',
    `Slack routing: a channel gets the account topics in its \`receives\` (${ACCOUNT_TOPICS.map((topic) => `\`${topic}\``).join(', ')}) and the alarm`,
    'topics `lq3-<env>-alarms` of the environments of its account that name it in `monitoring.slackChannel`',
    '(env.yaml), or all of them when it is the `defaultChannel`. Every topic must reach a channel, and every',
    'channel must get something. The production account keeps GuardDuty, Access Analyzer and Slack.',
    '',
    '| field | type | default | rule |',
    '| --- | --- | --- | --- |',
    '| `accounts` | object | required | One block per AWS account of live/shared/src/accounts.ts, each required: `staging`, `production`. |',
    ...schemaTableRows(accountSchema, 'accounts.<account>'),
  ].join('\n')}\n`;
}

function fields(schema: JsonSchema, path: string, required: boolean): Row[] {
  const rows: Row[] = [];
  if (path && (schema.description || !isContainer(schema))) {
    rows.push({ field: path, type: typeOf(schema), default: defaultOf(schema, required), rule: ruleOf(schema) });
  }
  if (schema.anyOf?.some(isContainer)) {
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
  return names?.pattern === NAME_PATTERN.source ? ({ environments: '<env>', apps: '<app>', jobs: '<job>', channels: '<channel>' }[parent] ?? '<name>') : '<key>';
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (schema.type === 'array') return `list of ${typeOf(schema.items ?? {})}`;
  if (schema.type === 'object') return typeof schema.additionalProperties === 'object' ? `map of ${typeOf(schema.additionalProperties)}` : 'object';
  // A choice of plain values (a number or false) reads as such; a choice of objects is an object.
  if (schema.anyOf) return schema.anyOf.some(isContainer) ? 'object' : schema.anyOf.map(typeOf).join(' \\| ');
  return schema.type ?? 'any';
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (schema.default !== undefined) {
    const empty = typeof schema.default === 'object' && schema.default !== null && Object.keys(schema.default).length === 0;
    const listOrValue = Array.isArray(schema.default) || typeof schema.default !== 'object' || empty;
    return listOrValue ? `\`${JSON.stringify(schema.default)}\`` : 'see fields';
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
  writeFileSync(ACCOUNT_CONFIGURATION_DOC, renderAccountConfigurationDoc());
  console.log(`wrote ${ACCOUNT_CONFIGURATION_DOC}`);
}
