/**
 * A base environment owns a VPC; a parallel environment reuses it through
 * VpcLookup and creates no network resource (no extra NAT gateway).
 * Type-checked by the `typecheck` target; synth it with
 * `node --require sucrase/register/ts examples/basic.ts`.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { App, TerraformStack } from 'cdktf';
import { Vpc, VpcLookup, type VpcNetwork } from '../src';

const app = new App();

const base = new TerraformStack(app, 'base-network');
new AwsProvider(base, 'aws', { region: 'eu-central-1' });
const vpc = new Vpc(base, 'vpc', {
  name: 'example-base',
  cidr: '10.10.0.0/16',
  availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'],
  nat: 'perAz',
  interfaceEndpoints: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'],
  tags: { CostCenter: 'platform' },
});

const parallel = new TerraformStack(app, 'parallel-services');
new AwsProvider(parallel, 'aws', { region: 'eu-central-1' });
const reused = new VpcLookup(parallel, 'vpc', { tags: { Name: 'example-base' } });

/** Consumers depend on VpcNetwork, so they take either an owned or a looked-up VPC. */
function appSecurityGroup(stack: TerraformStack, network: VpcNetwork): SecurityGroup {
  return new SecurityGroup(stack, 'app', { name: 'example-app', description: 'App tasks', vpcId: network.vpcId });
}
appSecurityGroup(base, vpc);
appSecurityGroup(parallel, reused);

app.synth();
