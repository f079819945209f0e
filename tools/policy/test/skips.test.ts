import { parseSkips } from '../src/skips';

const FILE = '.checkov.yaml';

describe('parseSkips', () => {
  it('reads each check id with the reason from its trailing comment', () => {
    const skips = parseSkips('# header\nskip-check:\n  - CKV2_AWS_28 # WAF runs in Cloudflare\n  - CKV_AWS_91   #  no access logs needed \n', FILE);
    expect([...skips]).toEqual([
      ['CKV2_AWS_28', 'WAF runs in Cloudflare'],
      ['CKV_AWS_91', 'no access logs needed'],
    ]);
  });

  it('accepts an empty file', () => {
    expect(parseSkips('# nothing skipped\n', FILE).size).toBe(0);
  });

  it.each([
    ['a skip without a reason', 'skip-check:\n  - CKV_AWS_91\n', '.checkov.yaml: skip-check: CKV_AWS_91 needs a one-line reason as a trailing comment (- CKV_AWS_91 # why it does not apply)'],
    ['a blanket skip by framework', 'skip-framework:\n  - terraform_json # too noisy\n', '.checkov.yaml: skip-framework: not allowed; the policy gate accepts only skip-check with explicit check ids and reasons'],
    ['a soft-fail setting', 'soft-fail: true\n', '.checkov.yaml: soft-fail: not allowed; the policy gate accepts only skip-check with explicit check ids and reasons'],
    ['a wildcard id', 'skip-check:\n  - CKV_AWS_* # all of them\n', '.checkov.yaml: skip-check: "CKV_AWS_*" is not a checkov check id like CKV_AWS_91 (no wildcards)'],
    ['a severity', 'skip-check:\n  - LOW # low severity\n', '.checkov.yaml: skip-check: "LOW" is not a checkov check id like CKV_AWS_91 (no wildcards)'],
    ['a duplicate', 'skip-check:\n  - CKV_AWS_91 # a\n  - CKV_AWS_91 # b\n', '.checkov.yaml: skip-check: CKV_AWS_91 is listed twice'],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseSkips(text, FILE)).toThrow(message);
  });
});
