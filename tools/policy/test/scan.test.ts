import { checkovInputPath, prepareForCheckov } from '../src/checkov-input';
import { PARSED_DATA_SENTINEL_ID, PARSED_SENTINEL_ID, parseCheckovOutput, type CheckovRecord, type CheckovReport } from '../src/checkov';
import { evaluateScan, projectProblems } from '../src/scan';
import type { SynthesizedStack, TerraformJson } from '../src/terraform-json';

const stackJson: TerraformJson = {
  '//': { lq3: { environment: 'staging01', unit: 'network' } },
  terraform: { required_version: '>= 1.10', backend: { s3: { bucket: 'b', key: 'k', encrypt: true, use_lockfile: true } } },
  provider: { aws: [{ region: 'eu-central-1' }] },
  resource: { aws_vpc: { vpc: { cidr_block: '10.0.0.0/16' } }, aws_flow_log: { vpc: { vpc_id: '${aws_vpc.vpc.id}' } } },
  data: { aws_availability_zones: { zones: { state: 'available' } } },
};
const stack: SynthesizedStack = { name: 'staging01-network', file: '/x/cdk.tf.json', json: stackJson };
const file = `/${checkovInputPath(stack.name)}`;

const record = (check_id: string, resource: string, check_name = `check ${check_id}`): CheckovRecord => ({ check_id, check_name, file_path: file, resource });
const sentinels = [record(PARSED_SENTINEL_ID, 'resource.vpc'), record(PARSED_SENTINEL_ID, 'resource.vpc'), record(PARSED_DATA_SENTINEL_ID, 'data.zones')];
const report = (partial: Partial<CheckovReport>): CheckovReport => ({ checkovVersion: '3.3.30', passed: [], failed: [], skipped: [], parsingErrors: [], ...partial });

describe('prepareForCheckov (the checkov #7454 workaround)', () => {
  it('drops only terraform.required_version and leaves the input untouched', () => {
    const prepared = prepareForCheckov(stackJson);
    expect(prepared.terraform).toEqual({ backend: stackJson.terraform?.['backend'] });
    expect(prepared.resource).toBe(stackJson.resource);
    expect(stackJson.terraform?.['required_version']).toBe('>= 1.10');
  });

  it('drops import, moved and removed blocks', () => {
    const withStateOperations = { ...stackJson, import: [{ id: 'zone/record', to: 'cloudflare_dns_record.www' }], moved: [{ from: 'a.b', to: 'a.c' }], removed: [{ from: 'a.d' }] };
    expect(prepareForCheckov(withStateOperations)).toEqual(prepareForCheckov(stackJson));
  });
});

describe('evaluateScan', () => {
  it('counts passed and failed checks per stack and trusts a scan that saw every resource', () => {
    const failed = [record('CKV2_AWS_11', 'aws_vpc.vpc'), record('CKV_AWS_999', 'resource.vpc')];
    const scan = evaluateScan('staging01', [stack], report({ passed: [...sentinels, record('CKV_AWS_41', 'provider.aws')], failed }), new Map());
    expect(scan.stacks).toEqual([
      expect.objectContaining({ stack: 'staging01-network', environment: 'staging01', resources: 3, parsedResources: 3, problems: [], skipped: [] }),
    ]);
    expect(scan.stacks[0].passed.map((result) => result.checkId)).toEqual(['CKV_AWS_41']);
    // `resource.vpc` names two resources (aws_vpc.vpc, aws_flow_log.vpc): the type cannot be restored.
    expect(projectProblems(scan)).toEqual([
      'staging01-network: CKV2_AWS_11 failed on aws_vpc.vpc: check CKV2_AWS_11',
      'staging01-network: CKV_AWS_999 failed on resource.vpc: check CKV_AWS_999',
    ]);
  });

  it('moves a failure listed in .checkov.yaml to skipped, with its reason', () => {
    const scan = evaluateScan('staging01', [stack], report({ passed: sentinels, failed: [record('CKV2_AWS_11', 'aws_vpc.vpc')] }), new Map([['CKV2_AWS_11', 'flow logs elsewhere']]));
    expect(scan.stacks[0].failed).toEqual([]);
    expect(scan.stacks[0].skipped).toEqual([{ checkId: 'CKV2_AWS_11', checkName: 'check CKV2_AWS_11', resource: 'aws_vpc.vpc', reason: 'flow logs elsewhere' }]);
    expect(projectProblems(scan)).toEqual([]);
  });

  it('fails a stack checkov could not parse, even with zero failed checks', () => {
    const scan = evaluateScan('staging01', [stack], report({ parsingErrors: [`/tmp/lq3-policy-x${file}`] }), new Map());
    expect(projectProblems(scan)).toEqual([
      'staging01-network: checkov could not parse this stack',
      'staging01-network: checkov reported no result at all for this stack',
      'staging01-network: checkov parsed 0 of 3 resources and data sources; missing: data.zones, resource.vpc, resource.vpc',
    ]);
  });

  it('fails a scan that silently skipped a resource', () => {
    const scan = evaluateScan('staging01', [stack], report({ passed: [sentinels[0], sentinels[2], record('CKV_AWS_41', 'provider.aws')] }), new Map());
    expect(projectProblems(scan)).toEqual(['staging01-network: checkov parsed 2 of 3 resources and data sources; missing: resource.vpc']);
  });

  it('accepts a stack without resources when checkov still read it', () => {
    const empty: SynthesizedStack = { ...stack, json: { ...stackJson, resource: {}, data: {} } };
    expect(projectProblems(evaluateScan('p', [empty], report({ passed: [record('CKV_AWS_41', 'provider.aws')] }), new Map()))).toEqual([]);
    expect(projectProblems(evaluateScan('p', [empty], report({}), new Map()))).toEqual(['staging01-network: checkov reported no result at all for this stack']);
  });

  it('fails a stack that violates an invariant', () => {
    const violation = { invariant: 'noWorldIngress' as const, stack: 'staging01-network', where: 'aws_security_group.app.ingress[0]', problem: 'ingress from 0.0.0.0/0' };
    const scan = evaluateScan('staging01', [stack], report({ passed: sentinels }), new Map(), [violation, { ...violation, stack: 'other-stack' }]);
    expect(projectProblems(scan)).toEqual(['staging01-network: invariant noWorldIngress: aws_security_group.app.ingress[0]: ingress from 0.0.0.0/0']);
  });

  it('fails a project without stacks', () => {
    expect(projectProblems(evaluateScan('p', [], report({}), new Map()))).toEqual(['no stacks in the synth output']);
  });
});

describe('parseCheckovOutput', () => {
  it('reads the terraform_json report out of a list of reports', () => {
    const out = JSON.stringify([
      { check_type: 'secrets', results: { failed_checks: [record('CKV_SECRET_1', 'x')] } },
      { check_type: 'terraform_json', results: { passed_checks: sentinels, parsing_errors: [] }, summary: { checkov_version: '3.3.30' } },
    ]);
    expect(parseCheckovOutput(out)).toEqual(report({ passed: sentinels }));
  });

  it('treats the empty-scan summary as no results', () => {
    expect(parseCheckovOutput(JSON.stringify({ passed: 0, failed: 0, skipped: 0, parsing_errors: 0 }))).toEqual(report({ checkovVersion: 'unknown' }));
  });

  it('says so when checkov printed no JSON', () => {
    expect(() => parseCheckovOutput('Traceback ...', 'Exception: boom')).toThrow('checkov printed no JSON report: Exception: boom');
  });
});
