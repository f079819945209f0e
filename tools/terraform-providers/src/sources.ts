/**
 * Where each provider our stacks pin is built from. The Terraform registry is
 * out of reach on our build machines, so every provider comes from source:
 *  - hashicorp/aws from the Go module proxy. The proxy refuses the v6.25.0 tag
 *    the stacks pin, but serves the provider's main branch as a pseudo-version;
 *    we install that newer build of the same major under the pinned version.
 *  - cloudflare/cloudflare: no reachable registry serves its source, so a
 *    stand-in (tools/cloudflare-standin) with the v5 schemas of the types we
 *    use, backed by a fake API — a test double, never for real Cloudflare.
 */
import { join } from 'node:path';

export interface GoModuleSource {
  readonly kind: 'go-module';
  readonly module: string;
  /** Exact version as the Go proxy serves it. */
  readonly version: string;
  /** What the source really is, for logs, docs and the provider's own version string. */
  readonly upstreamVersion: string;
  /** The only major version of the pinned provider this source may stand in for. */
  readonly major: number;
}

export interface WorkspaceSource {
  readonly kind: 'workspace';
  /** Go module directory, relative to the workspace root. */
  readonly directory: string;
  /** Package to build inside it. */
  readonly package: string;
  readonly major: number;
  readonly description: string;
  /** Other commands of the same Go module built with it (same cache key), e.g. the provider's fake API. */
  readonly companions?: Readonly<Record<string, string>>;
}

export type ProviderSource = GoModuleSource | WorkspaceSource;

export const PROVIDER_SOURCES: Readonly<Record<string, ProviderSource>> = {
  'registry.terraform.io/hashicorp/aws': {
    kind: 'go-module',
    module: 'github.com/hashicorp/terraform-provider-aws',
    version: 'v1.60.1-0.20260602190131-5f2286d6d836',
    upstreamVersion: '6.48.0-dev',
    major: 6,
  },
  'registry.terraform.io/cloudflare/cloudflare': {
    kind: 'workspace',
    directory: join('tools', 'cloudflare-standin'),
    package: './cmd/terraform-provider-cloudflare',
    major: 5,
    description: 'LQ3 stand-in (test double) with the v5 schemas of the types our stacks use',
    companions: { 'fake-cloudflare-api': './cmd/fake-cloudflare-api' },
  },
};
