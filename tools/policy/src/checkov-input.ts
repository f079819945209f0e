/**
 * THE ONE PLACE where the policy gate changes what checkov sees.
 *
 * checkov's `terraform_json` parser passes every entry of a top-level block to
 * `hclify()`, which accepts only objects, so a plain value crashes the parse and
 * checkov reports the whole file as a parsing error with zero checks (checkov
 * issue #7454; the fix proposed in PR #7467 is unmerged as of checkov 3.3.30
 * and covers only the first case below). CDKTF output has such values in:
 *
 *  - `terraform.required_version`: every LQ3 stack sets it (>= 1.10 for S3
 *    native locking);
 *  - the state-operation blocks `import`, `moved` and `removed` (lists of
 *    `{id, to}` / `{from, to}`), e.g. cloudflare-dns adopting existing records.
 *
 * So the gate scans a prepared copy without them. None holds a resource or a
 * security setting (they only steer Terraform's version check and state
 * bookkeeping), so no check loses input, and scan.ts proves checkov still
 * parsed every resource.
 *
 * Remove this once the pinned checkov parses them: test/checkov.test.ts
 * reports when the unmodified stack starts to parse.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SynthesizedStack, TerraformJson } from './terraform-json';

/** Top-level blocks checkov cannot parse and that carry nothing it checks. */
export const STATE_OPERATION_BLOCKS = ['import', 'moved', 'removed'] as const;

/** A copy of the stack JSON that checkov 3.3.30 can parse. The input is not modified. */
export function prepareForCheckov(json: TerraformJson): TerraformJson {
  const prepared: Record<string, unknown> = { ...json };
  for (const block of STATE_OPERATION_BLOCKS) delete prepared[block];
  if (json.terraform !== undefined && 'required_version' in json.terraform) {
    const terraform = { ...json.terraform };
    delete terraform['required_version'];
    prepared['terraform'] = terraform;
  }
  return prepared as TerraformJson;
}

/** File name of a stack inside the checkov input directory: `<stack>/cdk.tf.json`. */
export function checkovInputPath(stackName: string): string {
  return `${stackName}/cdk.tf.json`;
}

/** Writes the prepared copy of every stack under `dir`, one folder per stack. */
export function writeCheckovInput(stacks: readonly SynthesizedStack[], dir: string): void {
  for (const stack of stacks) {
    const file = join(dir, checkovInputPath(stack.name));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(prepareForCheckov(stack.json), null, 2)}\n`);
  }
}
