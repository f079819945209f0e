import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { EnvironmentStack, loadProjectEnvironments, MODULE_METADATA_TYPE, REQUIRED_TAG_KEYS } from '../src';
import sharedLayer from '../package.json';
import { envYaml, tempWorkspace } from './helpers';

function environment() {
  const root = tempWorkspace({ a: envYaml('alpha') });
  return loadProjectEnvironments(join(root, 'live', 'a'), root)[0];
}

class FakeModule extends Construct {
  constructor(scope: Construct, id: string, version: string) {
    super(scope, id);
    this.node.addMetadata(MODULE_METADATA_TYPE, { name: '@lq3/fake', version });
  }
}

function synth(build?: (stack: EnvironmentStack) => void) {
  const stack = new EnvironmentStack(Testing.app(), environment(), 'data');
  build?.(stack);
  return JSON.parse(Testing.synth(stack));
}

describe('EnvironmentStack', () => {
  it('keeps state in the account bucket under <env>/<unit>.tfstate, encrypted, with S3 native locking', () => {
    const json = synth();
    expect(json.terraform.backend.s3).toEqual({
      bucket: 'lq3-terraform-state-111111111111',
      key: 'alpha/data.tfstate',
      region: 'eu-central-1',
      encrypt: true,
      use_lockfile: true,
      assume_role: { role_arn: 'arn:aws:iam::111111111111:role/lq3-terraform' },
    });
    expect(json.terraform.backend.s3).not.toHaveProperty('dynamodb_table');
    expect(json.terraform.required_version).toBe('>= 1.10');
  });

  it('pins the AWS provider to the env account, assumes its role and tags everything', () => {
    const [aws] = synth().provider.aws;
    expect(aws.allowed_account_ids).toEqual(['111111111111']);
    expect(aws.assume_role).toEqual([{ role_arn: 'arn:aws:iam::111111111111:role/lq3-terraform', session_name: 'lq3-alpha-data' }]);
    expect(Object.keys(aws.default_tags[0].tags).sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
    expect(aws.default_tags[0].tags.Environment).toBe('alpha');
  });

  it('declares Cloudflare only when a stack uses it, with no token in the JSON', () => {
    expect(synth().provider.cloudflare).toBeUndefined();
    const json = synth((stack) => stack.useCloudflare());
    expect(json.provider.cloudflare).toEqual([{}]);
    expect(json.terraform.required_providers.cloudflare.source).toBe('cloudflare/cloudflare');
  });

  it('records its own version and those of the modules whose constructs it holds', () => {
    const stack = new EnvironmentStack(Testing.app(), environment(), 'data');
    new FakeModule(stack, 'one', '1.2.3');
    // Testing.synth strips `//` comments, so read the stack's own JSON.
    expect((stack.toTerraform()['//'] as Record<string, unknown>).lq3).toEqual({ environment: 'alpha', account: 'staging', unit: 'data', stateKey: 'alpha/data.tfstate', modules: { '@lq3/fake': '1.2.3', '@lq3/live-shared': sharedLayer.version } });
  });
});
