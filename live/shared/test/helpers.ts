import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway workspace with live/<project>/env.yaml files, for loader and synth tests. */
export function tempWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lq3-live-'));
  for (const [project, yaml] of Object.entries(files)) {
    mkdirSync(join(root, 'live', project), { recursive: true });
    writeFileSync(join(root, 'live', project, 'env.yaml'), yaml);
  }
  return root;
}

/** A valid single-environment env.yaml, with overridable parts. */
export function envYaml(name: string, overrides: { account?: string; cidr?: string; body?: string } = {}): string {
  const { account = 'staging', cidr = '10.10.0.0/16', body } = overrides;
  return (
    body ??
    `environments:
  ${name}:
    account: ${account}
    dnsZone: example.com
    network:
      cidr: ${cidr}
    apps:
      web:
        hostname: ${name}.example.com
        image: registry.example.com/web
        tag: "1.0.0"
    database:
      engineVersion: "8.0.40"
`
  );
}
