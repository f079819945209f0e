/**
 * THE ONE PLACE where the policy gate changes what checkov sees.
 *
 * checkov's `terraform_json` parser crashes on a `terraform.required_version`
 * string (it passes every value of the `terraform` block to `hclify()`, which
 * accepts only objects) and then reports the whole file as a parsing error with
 * zero checks: checkov issue #7454, fix proposed in PR #7467 (unmerged as of
 * checkov 3.3.30). Every LQ3 stack sets required_version (>= 1.10 for S3 native
 * locking), so the gate scans a prepared copy without that one key. The key
 * holds no resource and no security setting, so no check loses input; the
 * coverage assertion in scan.ts proves checkov still parsed every resource.
 *
 * Remove this workaround once the pinned checkov contains the fix: the
 * "scans the unmodified stack" test in test/checkov.test.ts starts passing then.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SynthesizedStack, TerraformJson } from './terraform-json';

/** A copy of the stack JSON that checkov 3.3.30 can parse. The input is not modified. */
export function prepareForCheckov(json: TerraformJson): TerraformJson {
  if (json.terraform === undefined || !('required_version' in json.terraform)) return json;
  const { required_version: _dropped, ...terraform } = json.terraform;
  return { ...json, terraform };
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
