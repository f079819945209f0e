/**
 * The repo-root `.checkov.yaml`: checks that truly do not apply to LQ3, each
 * with a one-line reason as the trailing comment of its list entry:
 *
 *   skip-check:
 *     - CKV2_AWS_28 # WAF sits in Cloudflare in front of the ALB; the ALB admits Cloudflare ranges only
 *
 * The file stays valid checkov config (for a hand-run `checkov --config-file`),
 * but only `skip-check` with explicit check ids is accepted: no skips by
 * framework, severity or pattern, and no id without a reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

export const SKIP_KEY = 'skip-check';
const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

/** check id -> reason */
export type Skips = ReadonlyMap<string, string>;

export function loadSkips(file: string): Skips {
  if (!existsSync(file)) return new Map();
  return parseSkips(readFileSync(file, 'utf8'), file);
}

export function parseSkips(text: string, file: string): Skips {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`${file}: YAML syntax error: ${document.errors[0].message.split('\n')[0]}`);
  const skips = new Map<string, string>();
  if (document.contents === null) return skips;
  if (!isMap(document.contents)) throw new Error(`${file}: expected a mapping with one key, ${SKIP_KEY}`);
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (key !== SKIP_KEY) {
      throw new Error(`${file}: ${key}: not allowed; the policy gate accepts only ${SKIP_KEY} with explicit check ids and reasons`);
    }
    if (!isSeq(pair.value)) throw new Error(`${file}: ${SKIP_KEY}: expected a list of check ids`);
    for (const item of pair.value.items) {
      const id = isScalar(item) ? String(item.value) : String(item);
      if (!CHECK_ID.test(id)) throw new Error(`${file}: ${SKIP_KEY}: "${id}" is not a checkov check id like CKV_AWS_91 (no wildcards)`);
      const reason = isScalar(item) ? (item.comment ?? '').trim() : '';
      if (!reason) throw new Error(`${file}: ${SKIP_KEY}: ${id} needs a one-line reason as a trailing comment (- ${id} # why it does not apply)`);
      if (skips.has(id)) throw new Error(`${file}: ${SKIP_KEY}: ${id} is listed twice`);
      skips.set(id, reason);
    }
  }
  return skips;
}
