import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, 'fixtures');
/** staging01 as raw plan JSON (format 1.2 and 0.1), production01 as a runner summary. */
export const LIVE_FIXTURES = join(FIXTURES, 'live');
/** parallel-front summary: one failed stack, one with changes. */
export const ERROR_FIXTURES = join(FIXTURES, 'errors', 'live');
/** Made by real Terraform (`fixtures/terraform/generate.sh`): live/staging02/tfplan holds an outputs-only plan and a forget. */
export const TERRAFORM_FIXTURES = join(FIXTURES, 'terraform');
export const TERRAFORM_LIVE_FIXTURES = join(TERRAFORM_FIXTURES, 'live');

const tempDirs: string[] = [];
// Registered in every test file that imports this module.
afterAll(() => tempDirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plan-comment-'));
  tempDirs.push(dir);
  return dir;
}

/**
 * A `terraform show -json` plan (format 1.2) with `count` created resources,
 * each with a realistic spread of attributes, plus stateful deletes.
 */
export function hugePlan(count: number, statefulDeletes = 1): Record<string, unknown> {
  const creates = Array.from({ length: count }, (_, i) => ({
    address: `module.services.aws_route53_record.service_alias_with_a_long_name["api-${String(i).padStart(4, '0')}"]`,
    mode: 'managed',
    type: 'aws_route53_record',
    name: 'service_alias_with_a_long_name',
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: ['create'],
      before: null,
      after: { name: `api-${i}.lq3.example.com`, type: 'A', zone_id: 'Z123', allow_overwrite: false, health_check_id: null },
      after_unknown: { id: true, fqdn: true, alias: [{ evaluate_target_health: true }] },
      before_sensitive: false,
      after_sensitive: {},
    },
  }));
  const deletes = Array.from({ length: statefulDeletes }, (_, i) => ({
    address: `aws_s3_bucket.old_export_${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: `old_export_${i}`,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    action_reason: 'delete_because_no_resource_config',
    change: { actions: ['delete'], before: { bucket: `lq3-old-${i}` }, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false },
  }));
  return { format_version: '1.2', terraform_version: '1.10.5', resource_changes: [...deletes, ...creates], resource_drift: [] };
}

/** Writes `live/<project>/tfplan/<stack>.plan.json` under `root` and returns the tfplan dir. */
export function writePlan(root: string, project: string, stack: string, plan: unknown): string {
  const dir = join(root, 'live', project, 'tfplan');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${stack}.plan.json`), JSON.stringify(plan));
  return dir;
}

/** A port on 127.0.0.1 nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
