/**
 * Plan JSON (`terraform show -json` format 1.2) made from two synth outputs of a live project,
 * without Terraform or state: each resource of the first is the state (`before`), each of the
 * second the configuration (`after`), compared by address — create, delete, update or no-op.
 * Values are the synthesized configuration (references stay `${...}`). For docs examples that
 * run the plan runner against its fake Terraform (docs/examples/plan-comment.md), never for a
 * real change: a real plan also knows what Terraform computes.
 *
 *   node --require sucrase/register/ts tools/cost/scripts/synth-plans.ts <before cdktf.out> <after cdktf.out> <out dir> [<stack>=<extra plan JSON> ...]
 *
 * writes `<out dir>/<stack>.plan.json` per stack; an extra plan's resource changes (and drift,
 * output changes) are added to that stack's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSynthOutput } from '@lq3/live-shared';

type Json = Record<string, unknown>;
type StackJson = { resource?: Record<string, Record<string, Json>> };

const META_KEYS = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'count', 'for_each']);

function resources(json: StackJson | undefined): Map<string, { type: string; name: string; values: Json }> {
  const found = new Map<string, { type: string; name: string; values: Json }>();
  for (const [type, byName] of Object.entries(json?.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      found.set(`${type}.${name}`, { type, name, values: Object.fromEntries(Object.entries(body).filter(([key]) => !META_KEYS.has(key))) });
    }
  }
  return found;
}

/** `<type> <identifier|bucket|name|family>` of a resource change, from whichever side has it. */
function identity(change: Json): string | undefined {
  const body = (change['change'] ?? {}) as Json;
  const values = ((body['after'] ?? body['before']) ?? {}) as Json;
  const key = ['identifier', 'bucket', 'name', 'family'].map((attribute) => values[attribute]).find((value) => typeof value === 'string');
  return key === undefined ? undefined : `${String(change['type'])} ${String(key)}`;
}

export function planFromSynth(before: StackJson | undefined, after: StackJson | undefined): Json {
  const was = resources(before);
  const will = resources(after);
  const changes = [...new Set([...was.keys(), ...will.keys()])].sort().map((address) => {
    const old = was.get(address);
    const next = will.get(address);
    const { type, name } = (next ?? old)!;
    const actions = !old ? ['create'] : !next ? ['delete'] : JSON.stringify(old.values) === JSON.stringify(next.values) ? ['no-op'] : ['update'];
    return { address, mode: 'managed', type, name, change: { actions, before: old?.values ?? null, after: next?.values ?? null, after_unknown: {} } };
  });
  return { format_version: '1.2', terraform_version: '1.11.4', resource_changes: changes, errored: false, complete: true };
}

if (require.main === module) {
  const [beforeDir, afterDir, outDir, ...extras] = process.argv.slice(2);
  if (!beforeDir || !afterDir || !outDir) {
    console.error('usage: synth-plans.ts <before cdktf.out> <after cdktf.out> <out dir> [<stack>=<extra plan JSON> ...]');
    process.exit(2);
  }
  const before = new Map(readSynthOutput<StackJson>(beforeDir).map((stack) => [stack.name, stack.json]));
  const after = new Map(readSynthOutput<StackJson>(afterDir).map((stack) => [stack.name, stack.json]));
  const extra = new Map(extras.map((entry) => entry.split('=') as [string, string]));
  mkdirSync(outDir, { recursive: true });
  for (const stack of new Set([...before.keys(), ...after.keys()])) {
    const plan = planFromSynth(before.get(stack), after.get(stack));
    const added = extra.get(stack);
    if (added) {
      const more = JSON.parse(readFileSync(added, 'utf8')) as Json;
      const extraChanges = (more['resource_changes'] as Json[]) ?? [];
      // An extra change stands for the synthesized resource of the same type and name attribute.
      const identities = new Set(extraChanges.map(identity).filter((key): key is string => key !== undefined));
      const kept = (plan['resource_changes'] as Json[]).filter((change) => !identities.has(identity(change) ?? ''));
      plan['resource_changes'] = [...kept, ...extraChanges];
      for (const key of ['resource_drift', 'output_changes', 'configuration', 'format_version', 'terraform_version']) if (more[key] !== undefined) plan[key] = more[key];
    }
    writeFileSync(join(outDir, `${stack}.plan.json`), `${JSON.stringify(plan, null, 2)}\n`);
  }
  console.log(`wrote ${before.size || after.size} plans to ${outDir}`);
}
