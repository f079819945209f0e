import { GENERATED_BELOW, renderSecurityDoc, spliceSecurityDoc } from '../src/security-report';
import type { ProjectScan, StackScan } from '../src/scan';

const stack = (partial: Partial<StackScan>): StackScan => ({
  stack: 'staging01-edge',
  environment: 'staging01',
  resources: 2,
  parsedResources: 2,
  passed: [{ checkId: 'CKV_AWS_91', checkName: 'access logs', resource: 'aws_lb.alb' }],
  failed: [],
  skipped: [],
  problems: [],
  invariantViolations: [],
  ...partial,
});

describe('renderSecurityDoc', () => {
  const scans: ProjectScan[] = [
    {
      project: 'staging01',
      checkovVersion: '3.3.30',
      stacks: [
        stack({ skipped: [{ checkId: 'CKV2_AWS_28', checkName: 'WAF', resource: 'aws_lb.alb', reason: 'WAF in Cloudflare' }] }),
        stack({
          stack: 'staging01-data',
          failed: [{ checkId: 'CKV_AWS_161', checkName: 'IAM auth | enabled', resource: 'aws_db_instance.db' }],
          invariantViolations: ['noWorldIngress: aws_security_group.db.ingress[0]: ingress from 0.0.0.0/0'],
        }),
      ],
    },
    { project: 'parallel-front', checkovVersion: '3.3.30', stacks: [stack({ stack: 'staging-front-edge', environment: 'staging-front', parsedResources: 1, problems: ['checkov parsed 1 of 2 resources; missing: alb'] })] },
  ];
  const doc = renderSecurityDoc(scans, new Map([['CKV2_AWS_28', 'WAF in Cloudflare']]));

  it('lists every skip with its reason', () => {
    expect(doc).toContain('| CKV2_AWS_28 | WAF in Cloudflare |');
  });

  it('has one table per environment, sorted, with counts per stack', () => {
    const headings = doc.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Skipped checks', '## staging-front (live/parallel-front)', '## staging01 (live/staging01)']);
    expect(doc).toContain('| staging01-edge | 2/2 | 1 | 0 | 1 | 0 |');
    expect(doc).toContain('| staging01-data | 2/2 | 1 | 1 | 0 | 1 |');
  });

  it('shows failures, skipped results, violated invariants and untrusted scans in detail, with table cells escaped', () => {
    expect(doc).toContain('| staging01-data | CKV_AWS_161 | aws_db_instance.db | **failed**: IAM auth \\| enabled |');
    expect(doc).toContain('| staging01-edge | CKV2_AWS_28 | aws_lb.alb | skipped: WAF in Cloudflare |');
    expect(doc).toContain('| staging-front-edge | 1/2 (untrusted) | 1 | 0 | 0 | 0 |');
    expect(doc).toContain('| staging01-data | invariant | | **violated**: noWorldIngress: aws_security_group.db.ingress[0]: ingress from 0.0.0.0/0 |');
    expect(doc).toContain('| staging-front-edge | scan | | **untrusted**: checkov parsed 1 of 2 resources; missing: alb |');
  });

  it('is deterministic', () => {
    expect(renderSecurityDoc(scans, new Map([['CKV2_AWS_28', 'WAF in Cloudflare']]))).toBe(doc);
  });

  it('keeps the hand-written part above the marker and replaces only what is below it', () => {
    const handWritten = `# Security\n\nThe origin path.\n\n${GENERATED_BELOW}`;
    const spliced = spliceSecurityDoc(`${handWritten}\n\nold results\n`, doc);
    expect(spliced).toBe(`${handWritten}\n\n${doc}`);
    expect(spliceSecurityDoc(spliced, doc)).toBe(spliced);
    expect(spliceSecurityDoc(undefined, doc)).toBe(doc);
  });
});
