import { TerraformVariable } from 'cdktf';
import { Vpc, type VpcProps } from '../src';
import pkg from '../package.json';
import { block, blocks, exposeOutputs, list, output, ref, synth, type TerraformJson } from './helpers';

const BASE: VpcProps = { name: 'acme', cidr: '10.10.0.0/16' };

const OUTPUTS: (keyof Vpc & string)[] = [
  'vpcId',
  'cidrBlock',
  'publicSubnetIds',
  'privateSubnetIds',
  'databaseSubnetIds',
  'dbSubnetGroupName',
  'natPublicIps',
  'endpointSecurityGroupId',
  'flowLogGroupName',
];

function build(props: Partial<VpcProps> = {}, region?: string | null): { json: TerraformJson; vpc: Vpc } {
  let vpc: Vpc | undefined;
  const json = synth((stack) => {
    vpc = new Vpc(stack, 'net', { ...BASE, ...props });
    exposeOutputs(vpc, OUTPUTS);
  }, region);
  return { json, vpc: vpc as Vpc };
}

/** Route tables associated with the subnets of `tier`, as interpolations. */
function routeTablesOfTier(json: TerraformJson, tier: string): string[] {
  const subnetRefs = Object.entries(blocks(json, 'aws_subnet'))
    .filter(([, subnet]) => subnet.tags.Tier === tier)
    .map(([id]) => `\${aws_subnet.${id}.id}`);
  return list(json, 'aws_route_table_association')
    .filter((association) => subnetRefs.includes(association.subnet_id))
    .map((association) => association.route_table_id);
}

function routesOf(json: TerraformJson, routeTableRef: string) {
  return list(json, 'aws_route').filter((route) => route.route_table_id === routeTableRef);
}

describe('Vpc defaults', () => {
  const { json, vpc } = build();

  it('creates the VPC with DNS support and hostnames and Name = name', () => {
    expect(list(json, 'aws_vpc')).toEqual([
      { cidr_block: '10.10.0.0/16', enable_dns_support: true, enable_dns_hostnames: true, tags: { Name: 'acme' } },
    ]);
  });

  it('spreads three tiers over the first two available, opt-in-free AZs', () => {
    const azs = block(json, 'aws_availability_zones', 'availability-zones', 'data');
    expect(azs.state).toBe('available');
    expect(azs.filter).toEqual([{ name: 'opt-in-status', values: ['opt-in-not-required'] }]);
    expect(azs.lifecycle.postcondition[0].condition).toBe('${length(self.names) >= 2}');
    const names = ref(json, 'aws_availability_zones', 'availability-zones', 'names', 'data').slice(2, -1);
    expect(block(json, 'aws_subnet', 'private-subnet-1').availability_zone).toBe(`\${element(${names}, 1)}`);
    expect(list(json, 'aws_subnet')).toHaveLength(6);
  });

  it('computes subnet CIDRs from the VPC CIDR, one quarter per tier', () => {
    const cidrs = Object.fromEntries(list(json, 'aws_subnet').map((subnet) => [subnet.cidr_block, subnet.tags.Tier]));
    expect(cidrs).toEqual({
      '10.10.0.0/20': 'public',
      '10.10.16.0/20': 'public',
      '10.10.64.0/20': 'private',
      '10.10.80.0/20': 'private',
      '10.10.128.0/20': 'database',
      '10.10.144.0/20': 'database',
    });
    expect(vpc.privateSubnetCidrs).toEqual(['10.10.64.0/20', '10.10.80.0/20']);
  });

  it('never assigns public IPs on launch and tags each subnet with Tier and Name', () => {
    for (const subnet of list(json, 'aws_subnet')) {
      expect(subnet.map_public_ip_on_launch).toBe(false);
      expect(subnet.tags.Name).toMatch(new RegExp(`^acme-${subnet.tags.Tier}-\\$\\{element\\(`));
    }
  });

  it('uses a single NAT gateway with its own Elastic IP in the first public subnet', () => {
    expect(list(json, 'aws_eip')).toEqual([expect.objectContaining({ domain: 'vpc' })]);
    expect(list(json, 'aws_nat_gateway')).toEqual([
      expect.objectContaining({
        allocation_id: ref(json, 'aws_eip', 'nat-eip-0', 'allocation_id'),
        subnet_id: ref(json, 'aws_subnet', 'public-subnet-0'),
      }),
    ]);
    expect(output(json, 'natPublicIps')).toEqual([ref(json, 'aws_eip', 'nat-eip-0', 'public_ip')]);
  });

  it('manages the default security group with no rules', () => {
    const group = block(json, 'aws_default_security_group', 'default-security-group');
    expect(group.vpc_id).toBe(ref(json, 'aws_vpc', 'vpc'));
    expect(group).not.toHaveProperty('ingress');
    expect(group).not.toHaveProperty('egress');
  });

  it('creates no interface endpoints and no endpoint security group', () => {
    expect(list(json, 'aws_vpc_endpoint').filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface')).toEqual([]);
    expect(list(json, 'aws_security_group')).toEqual([]);
    expect(vpc.endpointSecurityGroupId).toBeUndefined();
    expect(vpc.interfaceEndpointIds).toEqual({});
  });

  it('always adds the S3 gateway endpoint to the private and database route tables', () => {
    const s3 = block(json, 'aws_vpc_endpoint', 's3-endpoint');
    expect(s3.vpc_endpoint_type).toBe('Gateway');
    expect(s3.service_name).toBe(`com.amazonaws.${ref(json, 'aws_region', 'region', 'region', 'data')}.s3`);
    expect(s3.route_table_ids).toEqual([
      ref(json, 'aws_route_table', 'private-route-table'),
      ref(json, 'aws_route_table', 'database-route-table'),
    ]);
  });

  it('groups the database subnets into "<name>-database"', () => {
    const group = block(json, 'aws_db_subnet_group', 'db-subnet-group');
    expect(group.name).toBe('acme-database');
    expect(group.subnet_ids).toEqual([ref(json, 'aws_subnet', 'database-subnet-0'), ref(json, 'aws_subnet', 'database-subnet-1')]);
    expect(output(json, 'dbSubnetGroupName')).toBe(ref(json, 'aws_db_subnet_group', 'db-subnet-group', 'name'));
  });

  it('exposes the typed network outputs', () => {
    expect(vpc.cidrBlock).toBe('10.10.0.0/16');
    expect(output(json, 'vpcId')).toBe(ref(json, 'aws_vpc', 'vpc'));
    expect(output(json, 'publicSubnetIds')).toEqual([ref(json, 'aws_subnet', 'public-subnet-0'), ref(json, 'aws_subnet', 'public-subnet-1')]);
    expect(output(json, 'privateSubnetIds')).toEqual([ref(json, 'aws_subnet', 'private-subnet-0'), ref(json, 'aws_subnet', 'private-subnet-1')]);
    expect(output(json, 'databaseSubnetIds')).toEqual([ref(json, 'aws_subnet', 'database-subnet-0'), ref(json, 'aws_subnet', 'database-subnet-1')]);
  });

  it('announces its module name and version', () => {
    expect(vpc.node.metadata.filter((entry) => entry.type === 'lq3:module').map((entry) => entry.data)).toEqual([
      { name: '@lq3/vpc', version: pkg.version },
    ]);
  });
});

describe('Vpc NAT modes', () => {
  it.each([
    // nat, EIPs and NAT gateways, route tables (public + private + database), NAT routes
    ['none', 0, 3, 0],
    ['single', 1, 3, 1],
    ['perAz', 3, 5, 3],
  ] as const)('nat %s with 3 AZs: %i NAT gateways, %i route tables', (nat, gateways, routeTables, natRoutes) => {
    const { json, vpc } = build({ nat, azCount: 3 });
    expect(list(json, 'aws_eip')).toHaveLength(gateways);
    expect(list(json, 'aws_nat_gateway')).toHaveLength(gateways);
    expect(vpc.natPublicIps).toHaveLength(gateways);
    expect(list(json, 'aws_route_table')).toHaveLength(routeTables);
    expect(list(json, 'aws_route').filter((route) => route.nat_gateway_id)).toHaveLength(natRoutes);
  });

  it('perAz routes each private subnet through the NAT gateway in its own AZ', () => {
    const { json } = build({ nat: 'perAz', azCount: 3 });
    for (const index of [0, 1, 2]) {
      const table = ref(json, 'aws_route_table', `private-${index}-route-table`);
      expect(block(json, 'aws_route_table_association', `private-subnet-${index}-route-table-association`).route_table_id).toBe(table);
      expect(routesOf(json, table)).toEqual([
        expect.objectContaining({ destination_cidr_block: '0.0.0.0/0', nat_gateway_id: ref(json, 'aws_nat_gateway', `nat-gateway-${index}`) }),
      ]);
      expect(block(json, 'aws_nat_gateway', `nat-gateway-${index}`).subnet_id).toBe(ref(json, 'aws_subnet', `public-subnet-${index}`));
    }
  });

  it('single routes every private subnet through the one NAT gateway', () => {
    const { json } = build({ nat: 'single', azCount: 3 });
    const table = ref(json, 'aws_route_table', 'private-route-table');
    expect(routeTablesOfTier(json, 'private')).toEqual([table, table, table]);
    expect(routesOf(json, table)).toEqual([
      expect.objectContaining({ destination_cidr_block: '0.0.0.0/0', nat_gateway_id: ref(json, 'aws_nat_gateway', 'nat-gateway-0') }),
    ]);
  });

  it('none leaves the private tier without a default route and natPublicIps empty', () => {
    const { json, vpc } = build({ nat: 'none' });
    expect(routesOf(json, ref(json, 'aws_route_table', 'private-route-table'))).toEqual([]);
    expect(vpc.natPublicIps).toEqual([]);
    expect(vpc.natGatewayIds).toEqual([]);
  });
});

describe('Vpc public and database tiers', () => {
  it('routes the public tier to the internet gateway', () => {
    const { json } = build();
    const table = ref(json, 'aws_route_table', 'public-route-table');
    expect(routeTablesOfTier(json, 'public')).toEqual([table, table]);
    expect(routesOf(json, table)).toEqual([
      expect.objectContaining({ destination_cidr_block: '0.0.0.0/0', gateway_id: ref(json, 'aws_internet_gateway', 'internet-gateway') }),
    ]);
  });

  it.each(['none', 'single', 'perAz'] as const)('with nat %s the database tier has no route to the internet', (nat) => {
    const { json } = build({ nat, azCount: 3 });
    const table = ref(json, 'aws_route_table', 'database-route-table');
    expect(routeTablesOfTier(json, 'database')).toEqual([table, table, table]);
    expect(routesOf(json, table)).toEqual([]);
    expect(block(json, 'aws_route_table', 'database-route-table')).not.toHaveProperty('route');
    // Only the S3 gateway endpoint (an AWS prefix list, not the internet) may add routes to it.
    const endpointsOnTable = list(json, 'aws_vpc_endpoint').filter((endpoint) => endpoint.route_table_ids?.includes(table));
    expect(endpointsOnTable.map((endpoint) => endpoint.vpc_endpoint_type)).toEqual(['Gateway']);
  });
});

describe('Vpc flow logs', () => {
  it('are on by default: traffic ALL to a CloudWatch group kept 365 days', () => {
    const { json } = build();
    const group = block(json, 'aws_cloudwatch_log_group', 'flow-log-group');
    expect(group).toMatchObject({ name: '/aws/vpc-flow-log/acme', retention_in_days: 365 });
    expect(group).not.toHaveProperty('kms_key_id');
    expect(list(json, 'aws_flow_log')).toEqual([
      expect.objectContaining({
        vpc_id: ref(json, 'aws_vpc', 'vpc'),
        traffic_type: 'ALL',
        log_destination_type: 'cloud-watch-logs',
        log_destination: ref(json, 'aws_cloudwatch_log_group', 'flow-log-group', 'arn'),
        iam_role_arn: ref(json, 'aws_iam_role', 'flow-log-role', 'arn'),
      }),
    ]);
    expect(output(json, 'flowLogGroupName')).toBe(ref(json, 'aws_cloudwatch_log_group', 'flow-log-group', 'name'));
  });

  it('deliver through a role only VPC flow logs of this account and region can assume', () => {
    const { json } = build();
    const [statement] = block(json, 'aws_iam_policy_document', 'flow-log-assume-role', 'data').statement;
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
    const account = ref(json, 'aws_caller_identity', 'account', 'account_id', 'data');
    expect(statement.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account] },
      expect.objectContaining({ test: 'ArnLike', variable: 'aws:SourceArn' }),
    ]);
    expect(block(json, 'aws_iam_role', 'flow-log-role').assume_role_policy).toBe(
      ref(json, 'aws_iam_policy_document', 'flow-log-assume-role', 'json', 'data'),
    );
  });

  it('let the role write only to its own log group (least privilege)', () => {
    const { json } = build();
    const statements = block(json, 'aws_iam_policy_document', 'flow-log-delivery', 'data').statement;
    const groupArn = ref(json, 'aws_cloudwatch_log_group', 'flow-log-group', 'arn');
    expect(statements[0].resources).toEqual([groupArn, `${groupArn}:*`]);
    expect(statements.flatMap((statement: { actions: string[] }) => statement.actions).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:DescribeLogGroups',
      'logs:DescribeLogStreams',
      'logs:PutLogEvents',
    ]);
    for (const statement of statements) expect(statement.resources).not.toContain('*');
    expect(block(json, 'aws_iam_role_policy', 'flow-log-role-policy').policy).toBe(
      ref(json, 'aws_iam_policy_document', 'flow-log-delivery', 'json', 'data'),
    );
  });

  it('take a retention and a KMS key', () => {
    const kms = 'arn:aws:kms:eu-central-1:111111111111:key/0b8a8c1e-0000-4000-8000-000000000000';
    const { json } = build({ flowLogRetentionDays: 30, flowLogKmsKeyArn: kms });
    expect(block(json, 'aws_cloudwatch_log_group', 'flow-log-group')).toMatchObject({ retention_in_days: 30, kms_key_id: kms });
  });

  it('can be turned off, leaving no log group, role or flow log', () => {
    const { json, vpc } = build({ flowLogs: false });
    for (const type of ['aws_flow_log', 'aws_cloudwatch_log_group', 'aws_iam_role', 'aws_iam_role_policy']) {
      expect(list(json, type)).toEqual([]);
    }
    expect(list(json, 'aws_iam_policy_document', 'data')).toEqual([]);
    expect(vpc.flowLogGroupName).toBeUndefined();
  });
});

describe('Vpc interface endpoints', () => {
  const services = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] as const;
  const { json, vpc } = build({ interfaceEndpoints: [...services] });
  const region = ref(json, 'aws_region', 'region', 'region', 'data');

  it('puts each requested service in the private subnets with private DNS', () => {
    const interfaces = list(json, 'aws_vpc_endpoint').filter((endpoint) => endpoint.vpc_endpoint_type === 'Interface');
    expect(interfaces.map((endpoint) => endpoint.service_name)).toEqual(services.map((service) => `com.amazonaws.${region}.${service}`));
    for (const endpoint of interfaces) {
      expect(endpoint.private_dns_enabled).toBe(true);
      expect(endpoint.subnet_ids).toEqual([ref(json, 'aws_subnet', 'private-subnet-0'), ref(json, 'aws_subnet', 'private-subnet-1')]);
      expect(endpoint.security_group_ids).toEqual([ref(json, 'aws_security_group', 'endpoint-security-group')]);
    }
    expect(Object.keys(vpc.interfaceEndpointIds)).toEqual([...services]);
  });

  it('gives them a security group admitting only HTTPS from the VPC CIDR', () => {
    const group = block(json, 'aws_security_group', 'endpoint-security-group');
    expect(group).not.toHaveProperty('ingress');
    expect(group).not.toHaveProperty('egress');
    expect(list(json, 'aws_vpc_security_group_ingress_rule')).toEqual([
      expect.objectContaining({
        security_group_id: ref(json, 'aws_security_group', 'endpoint-security-group'),
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '10.10.0.0/16',
      }),
    ]);
    expect(list(json, 'aws_vpc_security_group_egress_rule')).toEqual([]);
    expect(output(json, 'endpointSecurityGroupId')).toBe(ref(json, 'aws_security_group', 'endpoint-security-group'));
  });

  it('creates only the services asked for', () => {
    const { json: logsOnly } = build({ interfaceEndpoints: ['logs'] });
    const names = list(logsOnly, 'aws_vpc_endpoint').map((endpoint) => endpoint.service_name);
    expect(names.sort()).toEqual([expect.stringMatching(/\.logs$/), expect.stringMatching(/\.s3$/)]);
  });
});

describe('Vpc availability zones', () => {
  it('takes three AZs by count: nine subnets', () => {
    const { json, vpc } = build({ azCount: 3 });
    expect(list(json, 'aws_subnet')).toHaveLength(9);
    expect(block(json, 'aws_subnet', 'database-subnet-2').cidr_block).toBe('10.10.160.0/20');
    expect(vpc.availabilityZones).toHaveLength(3);
  });

  it('uses explicit AZ names as given and checks them at plan time too', () => {
    const { json, vpc } = build({ availabilityZones: ['eu-central-1b', 'eu-central-1c'] });
    expect(block(json, 'aws_subnet', 'public-subnet-1')).toMatchObject({
      availability_zone: 'eu-central-1c',
      tags: { Name: 'acme-public-eu-central-1c', Tier: 'public' },
    });
    const azs = block(json, 'aws_availability_zones', 'availability-zones', 'data');
    expect(azs.lifecycle.postcondition[0].condition).toBe('${length(setsubtract(["eu-central-1b","eu-central-1c"], self.names)) == 0}');
    // Pinned by name, so a new AZ in the region never changes the result.
    expect(azs.filter).toContainEqual({ name: 'zone-name', values: ['eu-central-1b', 'eu-central-1c'] });
    expect(vpc.availabilityZones).toEqual(['eu-central-1b', 'eu-central-1c']);
  });

  it('adding a third AZ keeps the existing subnets where they are', () => {
    const two = build({ azCount: 2 }).json;
    const three = build({ azCount: 3 }).json;
    for (const [id, subnet] of Object.entries(blocks(two, 'aws_subnet'))) {
      expect(blocks(three, 'aws_subnet')[id].cidr_block).toBe(subnet.cidr_block);
    }
  });

  it('skips the region check at synth when the provider region is not known', () => {
    const { json } = build({ availabilityZones: ['xx-nowhere-1a', 'xx-nowhere-1b'] }, null);
    expect(list(json, 'aws_subnet')).toHaveLength(6);
  });
});

describe('Vpc tags', () => {
  it('adds the tags prop to every tagged resource', () => {
    const { json } = build({ tags: { CostCenter: 'web' }, interfaceEndpoints: ['logs'] });
    const tagged = Object.values(json.resource ?? {}).flatMap((byId) => Object.values(byId)).filter((resource) => resource.tags);
    expect(tagged.length).toBeGreaterThan(20);
    for (const resource of tagged) {
      expect(resource.tags.CostCenter).toBe('web');
      expect(resource.tags.Name).toMatch(/^acme/);
    }
  });
});

describe('Vpc validation', () => {
  const cases: [string, Partial<VpcProps>, RegExp][] = [
    ['an invalid CIDR', { cidr: '10.0.0/16' }, /cidr "10.0.0\/16" is not a valid IPv4 CIDR block; expected a.b.c.d\/n/],
    ['an octet above 255', { cidr: '10.256.0.0/16' }, /not a valid IPv4 CIDR block/],
    ['host bits in the CIDR', { cidr: '10.0.1.0/16' }, /has host bits set; expected the network address "10.0.0.0\/16"/],
    ['a CIDR too small for three tiers', { cidr: '10.0.0.0/25' }, /too small for three tiers: subnets are \/29 .* use \/24 or larger/],
    ['a CIDR larger than AWS allows', { cidr: '10.0.0.0/8' }, /larger than AWS allows; expected a prefix from \/16 to \/24/],
    ['azCount below range', { azCount: 1 }, /azCount 1 is out of range; expected 2 or 3 AZs/],
    ['azCount above range', { azCount: 4 }, /azCount 4 is out of range; expected 2 or 3 AZs/],
    ['a fractional azCount', { azCount: 2.5 }, /azCount 2.5 is out of range/],
    ['too many explicit AZs', { availabilityZones: ['eu-central-1a', 'eu-central-1b', 'eu-central-1c', 'eu-central-1d'] }, /4 availabilityZones is out of range/],
    ['both azCount and availabilityZones', { azCount: 2, availabilityZones: ['eu-central-1a', 'eu-central-1b'] }, /either azCount or availabilityZones, not both/],
    ['an AZ listed twice', { availabilityZones: ['eu-central-1a', 'eu-central-1a'] }, /lists an AZ twice/],
    ['AZs of another region', { availabilityZones: ['eu-central-1a', 'us-east-1a'] }, /us-east-1a are not AZs of the provider's region eu-central-1/],
    ['an unknown NAT mode', { nat: 'many' as never }, /nat "many" is invalid; expected one of none, single, perAz/],
    ['an invalid name', { name: 'Acme_VPC' }, /name "Acme_VPC" is invalid; expected 1-40 lowercase letters/],
    ['an unknown interface endpoint', { interfaceEndpoints: ['sqs' as never] }, /unsupported sqs; expected some of ecr.api, ecr.dkr, logs, secretsmanager/],
    ['an interface endpoint listed twice', { interfaceEndpoints: ['logs', 'logs'] }, /lists a service twice/],
    ['a retention CloudWatch does not offer', { flowLogRetentionDays: 42 }, /flowLogRetentionDays 42 is not a CloudWatch Logs retention/],
    ['tags that set Name', { tags: { Name: 'other' } }, /tags must not set Name or Tier/],
    ['tags that set Tier', { tags: { Tier: 'app' } }, /tags must not set Name or Tier/],
    ['a KMS key that is not an ARN', { flowLogKmsKeyArn: 'alias/logs' }, /flowLogKmsKeyArn "alias\/logs" is not a KMS key ARN/],
  ];

  it.each(cases)('rejects %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  it('rejects a CIDR that is a token, since subnets are computed at synth', () => {
    expect(() =>
      synth((stack) => {
        new Vpc(stack, 'net', { ...BASE, cidr: new TerraformVariable(stack, 'cidr', { type: 'string' }).stringValue });
      }),
    ).toThrow(/cidr must be a literal string/);
  });

  it('leaves nothing in the construct tree when it rejects its props', () => {
    synth((stack) => {
      expect(() => new Vpc(stack, 'net', { ...BASE, azCount: 5 })).toThrow();
      expect(stack.node.tryFindChild('net')).toBeUndefined();
    });
  });
});
