/**
 * What the synthesized stacks need from provider plugins: each provider's
 * registry address and pinned version, and the resource and data source types
 * used of it. Read from every live project's cdktf.out, so a new resource type
 * in any stack is built into the next provider build.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OUTPUT_DIR, readSynthOutput } from '@lq3/live-shared';

export interface ProviderRequirement {
  /** `registry.terraform.io/hashicorp/aws` */
  readonly address: string;
  /** `hashicorp` */
  readonly namespace: string;
  /** `aws` (also the prefix of its type names) */
  readonly name: string;
  /** The exact version every stack pins. */
  readonly version: string;
  /** Resource and data source type names used of it, sorted. */
  readonly types: readonly string[];
}

interface StackJson {
  terraform?: { required_providers?: Record<string, { source?: string; version?: string }> };
  resource?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/** Synth output directories of every live project that has one (`live/<project>/cdktf.out`). */
export function synthOutputDirs(workspaceRoot: string): string[] {
  const liveDir = join(workspaceRoot, 'live');
  return readdirSync(liveDir)
    .sort()
    .map((project) => join(liveDir, project, OUTPUT_DIR))
    .filter((dir) => existsSync(join(dir, 'manifest.json')));
}

export function readProviderRequirements(outputDirs: readonly string[]): ProviderRequirement[] {
  if (outputDirs.length === 0) throw new Error('no synthesized stacks found under live/*/cdktf.out; run `npx nx run-many -t synth` first.');
  const byAddress = new Map<string, { namespace: string; name: string; version: string; pinnedBy: string; types: Set<string> }>();
  for (const dir of outputDirs) {
    for (const stack of readSynthOutput<StackJson>(dir)) {
      const required = stack.json.terraform?.required_providers ?? {};
      for (const [localName, requirement] of Object.entries(required)) {
        const { address, namespace, name } = registryAddress(requirement.source ?? localName);
        const version = requirement.version ?? '';
        if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`${stack.file}: terraform.required_providers.${localName}.version must be an exact version, got "${version}".`);
        const entry = byAddress.get(address) ?? { namespace, name, version, pinnedBy: stack.file, types: new Set<string>() };
        if (entry.version !== version) {
          throw new Error(`${stack.file} pins ${address} ${version}, but ${entry.pinnedBy} pins ${entry.version}; every stack must use the same provider version.`);
        }
        for (const block of [stack.json.resource, stack.json.data]) {
          for (const type of Object.keys(block ?? {})) if (type.startsWith(`${localName}_`)) entry.types.add(type);
        }
        byAddress.set(address, entry);
      }
    }
  }
  return [...byAddress.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([address, entry]) => ({ address, namespace: entry.namespace, name: entry.name, version: entry.version, types: [...entry.types].sort() }));
}

/** `aws` → registry.terraform.io/hashicorp/aws; `cloudflare/cloudflare` → registry.terraform.io/cloudflare/cloudflare. */
export function registryAddress(source: string): { address: string; namespace: string; name: string } {
  const parts = source.toLowerCase().split('/');
  const [host, namespace, name] =
    parts.length === 1 ? ['registry.terraform.io', 'hashicorp', parts[0]] : parts.length === 2 ? ['registry.terraform.io', parts[0], parts[1]] : parts;
  if (parts.length > 3 || !host || !namespace || !name) throw new Error(`"${source}" is not a provider source address.`);
  return { address: `${host}/${namespace}/${name}`, namespace, name };
}
