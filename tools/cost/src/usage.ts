/**
 * Usage assumptions: tools/cost/usage.yaml (defaults, and the production base profile), then
 * the env's own `usage:` from env.yaml, field by field. Every field of the resolved usage is
 * set; the defaults file is checked to set each one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usageSchema, type UsageOverrides } from '@lq3/live-shared';
import { parse } from 'yaml';
import { z } from 'zod';

export const USAGE_FILE = join(__dirname, '..', 'usage.yaml');

/** Every leaf of the usage schema, set. */
export type Usage = DeepRequired<UsageOverrides>;
type DeepRequired<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? number : DeepRequired<NonNullable<T[K]>> };

const usageFileSchema = z.object({ defaults: usageSchema, productionBase: usageSchema }).strict();

export interface UsageFile {
  readonly defaults: Usage;
  readonly productionBase: UsageOverrides;
}

/** Which profile applies: production base envs carry real traffic. */
export interface UsageSubject {
  readonly account: string;
  readonly role: 'base' | 'copy';
}

export function loadUsageFile(file = USAGE_FILE): UsageFile {
  const parsed = usageFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  const missing = missingLeaves(parsed.data.defaults, z.toJSONSchema(usageSchema) as JsonSchema, 'defaults');
  if (missing.length > 0) throw new Error(`${file}: ${missing.join(', ')}: every assumption needs a default`);
  return { defaults: parsed.data.defaults as Usage, productionBase: parsed.data.productionBase };
}

/** Defaults, then the production base profile where it applies, then the env's own overrides. */
export function resolveUsage(file: UsageFile, subject: UsageSubject, overrides: UsageOverrides | undefined): Usage {
  const profile = subject.account === 'production' && subject.role === 'base' ? file.productionBase : {};
  return merge(merge(file.defaults, profile), overrides ?? {}) as Usage;
}

function merge(base: object, over: object): object {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = typeof value === 'object' && value !== null && typeof current === 'object' && current !== null ? merge(current, value) : value;
  }
  return result;
}

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
}

function missingLeaves(value: unknown, schema: JsonSchema, path: string): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => {
    const here = (value as Record<string, unknown> | undefined)?.[key];
    if (child.properties) return missingLeaves(here, child, `${path}.${key}`);
    return here === undefined ? [`${path}.${key}`] : [];
  });
}
