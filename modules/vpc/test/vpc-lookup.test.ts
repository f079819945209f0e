import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { Vpc, VpcLookup, type VpcLookupProps, type VpcNetwork } from '../src';
import pkg from '../package.json';
import { block, exposeOutputs, list, output, ref, synth, type TerraformJson } from './helpers';

const OUTPUTS: (keyof VpcLookup & string)[] = [
  'vpcId',
  'cidrBlock',
  'vpcName',
  'publicSubnetIds',
  'privateSubnetIds',
  'databaseSubnetIds',
  'dbSubnetGroupName',
  'natPublicIps',
];

function build(props: VpcLookupProps): { json: TerraformJson; lookup: VpcLookup } {
  let lookup: VpcLookup | undefined;
  const json = synth((stack) => {
    lookup = new VpcLookup(stack, 'base', props);
    exposeOutputs(lookup, OUTPUTS);
  });
  return { json, lookup: lookup as VpcLookup };
}

describe('VpcLookup', () => {
  it('reads a VPC by id through a data source', () => {
    const { json } = build({ vpcId: 'vpc-0123456789abcdef0' });
    expect(block(json, 'aws_vpc', 'vpc', 'data')).toMatchObject({ id: 'vpc-0123456789abcdef0' });
    expect(block(json, 'aws_vpc', 'vpc', 'data')).not.toHaveProperty('tags');
    expect(output(json, 'vpcId')).toBe(ref(json, 'aws_vpc', 'vpc', 'id', 'data'));
    expect(output(json, 'cidrBlock')).toBe(ref(json, 'aws_vpc', 'vpc', 'cidr_block', 'data'));
  });

  it('reads a VPC by tags through a data source', () => {
    const { json } = build({ tags: { Name: 'acme-staging' } });
    expect(block(json, 'aws_vpc', 'vpc', 'data')).toMatchObject({ tags: { Name: 'acme-staging' } });
    expect(block(json, 'aws_vpc', 'vpc', 'data')).not.toHaveProperty('id');
  });

  it.each([{ vpcId: 'vpc-0123456789abcdef0' }, { tags: { Name: 'acme-staging' } }])(
    'creates no resource at all, so no VPC and no NAT gateway (%o)',
    (props) => {
      const { json } = build(props);
      expect(json.resource).toBeUndefined();
    },
  );

  it('finds each tier by its Tier tag inside the VPC and fails the plan when a tier is missing', () => {
    const { json } = build({ tags: { Name: 'acme-staging' } });
    for (const tier of ['public', 'private', 'database']) {
      const subnets = block(json, 'aws_subnets', `${tier}-subnets`, 'data');
      expect(subnets.filter).toEqual([
        { name: 'vpc-id', values: [ref(json, 'aws_vpc', 'vpc', 'id', 'data')] },
        { name: 'tag:Tier', values: [tier] },
      ]);
      expect(subnets.lifecycle.postcondition).toEqual([
        expect.objectContaining({ condition: '${length(self.ids) > 0}', error_message: expect.stringContaining(`Tier=${tier}`) }),
      ]);
      const ids = ref(json, 'aws_subnets', `${tier}-subnets`, 'ids', 'data').slice(2, -1);
      expect(output(json, `${tier}SubnetIds`)).toBe(`\${sort(${ids})}`);
    }
  });

  it('finds the DB subnet group by the "<VPC Name tag>-database" convention', () => {
    const { json } = build({ vpcId: 'vpc-0123456789abcdef0' });
    const vpc = block(json, 'aws_vpc', 'vpc', 'data');
    expect(vpc.lifecycle.postcondition).toEqual([
      expect.objectContaining({ condition: '${contains(keys(self.tags), "Name")}' }),
    ]);
    const vpcTags = ref(json, 'aws_vpc', 'vpc', 'tags', 'data').slice(2, -1);
    expect(block(json, 'aws_db_subnet_group', 'db-subnet-group', 'data').name).toBe(`\${${vpcTags}.Name}-database`);
    expect(output(json, 'dbSubnetGroupName')).toBe(ref(json, 'aws_db_subnet_group', 'db-subnet-group', 'name', 'data'));
    expect(output(json, 'vpcName')).toBe(`\${${vpcTags}.Name}`);
  });

  it("exposes the Elastic IPs of the VPC's available NAT gateways", () => {
    const { json } = build({ vpcId: 'vpc-0123456789abcdef0' });
    const gateways = block(json, 'aws_nat_gateways', 'nat-gateways', 'data');
    expect(gateways).toEqual({
      vpc_id: ref(json, 'aws_vpc', 'vpc', 'id', 'data'),
      filter: [{ name: 'state', values: ['available'] }],
    });
    const gatewayIds = ref(json, 'aws_nat_gateways', 'nat-gateways', 'ids', 'data').slice(2, -1);
    const natGateway = ref(json, 'aws_nat_gateway', 'nat-gateway', 'public_ip', 'data').slice(2, -1).replace('.public_ip', '');
    expect(block(json, 'aws_nat_gateway', 'nat-gateway', 'data')).toEqual({ for_each: `\${toset(${gatewayIds})}`, id: '${each.value}' });
    expect(output(json, 'natPublicIps')).toBe(`\${sort([ for key, val in ${natGateway}: val.public_ip])}`);
  });

  it('announces its module name and version', () => {
    const { lookup } = build({ vpcId: 'vpc-0123456789abcdef0' });
    expect(lookup.node.metadata.filter((entry) => entry.type === 'lq3:module').map((entry) => entry.data)).toEqual([
      { name: '@lq3/vpc', version: pkg.version },
    ]);
  });

  it('serves the same consumer code as Vpc through VpcNetwork', () => {
    class AppSecurityGroup extends Construct {
      constructor(scope: Construct, id: string, network: VpcNetwork) {
        super(scope, id);
        new SecurityGroup(this, 'group', { name: id, description: 'app', vpcId: network.vpcId });
      }
    }
    const json = synth((stack) => {
      new AppSecurityGroup(stack, 'own', new Vpc(stack, 'net', { name: 'acme', cidr: '10.0.0.0/16' }));
      new AppSecurityGroup(stack, 'reused', new VpcLookup(stack, 'base', { vpcId: 'vpc-0123456789abcdef0' }));
    });
    const vpcIds = list(json, 'aws_security_group').map((group) => group.vpc_id);
    expect(vpcIds).toEqual([ref(json, 'aws_vpc', 'vpc'), ref(json, 'aws_vpc', 'vpc', 'id', 'data')]);
  });
});

describe('VpcLookup validation', () => {
  it.each<[string, VpcLookupProps, RegExp]>([
    ['both vpcId and tags', { vpcId: 'vpc-0123456789abcdef0', tags: { Name: 'acme' } }, /exactly one of vpcId or tags, got both/],
    ['neither vpcId nor tags', {}, /exactly one of vpcId or tags, got neither/],
    ['a malformed vpcId', { vpcId: 'acme-staging' }, /vpcId "acme-staging" is not a VPC id/],
    ['empty tags', { tags: {} }, /tags is empty and would match any VPC/],
  ])('rejects %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  it('accepts an 8-digit legacy VPC id', () => {
    expect(() => build({ vpcId: 'vpc-0a1b2c3d' })).not.toThrow();
  });
});
