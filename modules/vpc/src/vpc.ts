import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc as AwsVpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { parseCidr, subnetCidr, type Tier, TIERS, vpcCidrProblem } from './cidr';
import { announceModule } from './module-metadata';
import type { VpcNetwork } from './network';

export const NAT_MODES = ['none', 'single', 'perAz'] as const;
export type NatMode = (typeof NAT_MODES)[number];

export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const MIN_AZS = 2;
const MAX_AZS = 3;
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const ANYWHERE = '0.0.0.0/0';

export interface VpcProps {
  /**
   * Prefix of every resource name and `Name` tag; the VPC's own `Name` tag.
   * Lowercase letters, digits and hyphens, at most 40 characters (it also names
   * the DB subnet group `<name>-database` and the flow-log IAM role).
   */
  readonly name: string;
  /**
   * The VPC's IPv4 CIDR block, /16 to /24. Subnets are carved from it as
   * /(prefix + 4): public, private and database tiers each own a quarter of
   * the VPC with one slot per AZ; the last quarter is left free.
   */
  readonly cidr: string;
  /**
   * Number of AZs (2 or 3), taken in order from the region's available AZs
   * that need no opt-in. Mutually exclusive with `availabilityZones`.
   * @default 2 (when `availabilityZones` is not given)
   */
  readonly azCount?: number;
  /**
   * Explicit AZ names (2 or 3, e.g. `['eu-central-1a', 'eu-central-1b']`).
   * Prefer this in production: it pins the subnets' AZs even if the region's
   * list of available AZs changes. Mutually exclusive with `azCount`.
   * @default the first `azCount` available AZs of the region
   */
  readonly availabilityZones?: string[];
  /**
   * NAT gateways for the private tier's outbound traffic: `none`, one shared
   * `single` gateway (cheaper, one AZ's failure cuts egress), or `perAz`
   * (highly available; each AZ routes through its own gateway).
   * @default 'single'
   */
  readonly nat?: NatMode;
  /**
   * Publish VPC flow logs (traffic ALL) to a CloudWatch Logs group
   * `/aws/vpc-flow-log/<name>`.
   * @default true
   */
  readonly flowLogs?: boolean;
  /**
   * Retention of the flow-log group, in days; one of the values CloudWatch accepts.
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * KMS key ARN encrypting the flow-log group. The key policy must allow the
   * `logs.<region>.amazonaws.com` service principal to use it.
   * @default none (CloudWatch Logs' own encryption)
   */
  readonly flowLogKmsKeyArn?: string;
  /**
   * Interface endpoints created in the private subnets, with private DNS and a
   * security group admitting 443 from the VPC CIDR. They keep ECR pulls, logs
   * and secrets off the NAT gateway (cheaper, and work with `nat: 'none'`).
   * @default [] (the S3 gateway endpoint is always created)
   */
  readonly interfaceEndpoints?: InterfaceEndpointService[];
  /**
   * Tags added to every resource (the provider's default tags still apply).
   * `Name` and `Tier` are reserved: the construct sets them.
   * @default {}
   */
  readonly tags?: Record<string, string>;
}

/**
 * A three-tier VPC: public subnets (internet gateway), private subnets for apps
 * (NAT egress), database subnets without any route to the internet; with flow
 * logs, an S3 gateway endpoint, optional interface endpoints and a locked-down
 * default security group.
 */
export class Vpc extends Construct implements VpcNetwork {
  readonly vpcId: string;
  /** The literal CIDR given in props (known at synth, usable in security group rules). */
  readonly cidrBlock: string;
  readonly availabilityZones: string[];
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly databaseSubnetIds: string[];
  /** Subnet CIDRs, literal at synth (usable in security group rules without remote state). */
  readonly publicSubnetCidrs: string[];
  readonly privateSubnetCidrs: string[];
  readonly databaseSubnetCidrs: string[];
  readonly dbSubnetGroupName: string;
  readonly natPublicIps: string[];
  readonly natGatewayIds: string[];
  readonly internetGatewayId: string;
  readonly publicRouteTableIds: string[];
  readonly privateRouteTableIds: string[];
  readonly databaseRouteTableIds: string[];
  readonly defaultSecurityGroupId: string;
  readonly s3EndpointId: string;
  /** Security group of the interface endpoints; undefined when there are none. */
  readonly endpointSecurityGroupId?: string;
  /** Interface endpoint ids by service. */
  readonly interfaceEndpointIds: Partial<Record<InterfaceEndpointService, string>>;
  /** Flow-log group name; undefined when flow logs are off. */
  readonly flowLogGroupName?: string;

  private readonly name: string;
  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: VpcProps) {
    // Validated before super() so a rejected Vpc leaves nothing in the tree.
    const validated = validateProps(scope, props);
    super(scope, id);
    announceModule(this);
    const nat = validated.nat;
    this.name = props.name;
    this.tags = props.tags ?? {};
    this.cidrBlock = props.cidr;

    const vpc = new AwsVpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: this.tagged(props.name),
    });
    this.vpcId = vpc.id;

    // Without rules the default group denies everything, so nothing that
    // falls back to it by omission gets network access.
    const defaultSecurityGroup = new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: vpc.id,
      tags: this.tagged(`${props.name}-default`),
    });
    this.defaultSecurityGroupId = defaultSecurityGroup.id;

    this.availabilityZones = this.availabilityZoneNames(validated.availabilityZones, validated.azCount);
    const azs = this.availabilityZones;
    const cidrsOf = (tier: Tier): string[] => azs.map((_, index) => subnetCidr(validated.cidr, tier, index));
    [this.publicSubnetCidrs, this.privateSubnetCidrs, this.databaseSubnetCidrs] = TIERS.map(cidrsOf);
    const subnetsOf = (tier: Tier, cidrs: string[]): Subnet[] =>
      azs.map(
        (az, index) =>
          new Subnet(this, `${tier}-subnet-${index}`, {
            vpcId: vpc.id,
            cidrBlock: cidrs[index],
            availabilityZone: az,
            // Public addresses are given deliberately (EIPs, load balancers), never by default.
            mapPublicIpOnLaunch: false,
            tags: this.tagged(`${props.name}-${tier}-${az}`, { Tier: tier }),
          }),
      );
    const publicSubnets = subnetsOf('public', this.publicSubnetCidrs);
    const privateSubnets = subnetsOf('private', this.privateSubnetCidrs);
    const databaseSubnets = subnetsOf('database', this.databaseSubnetCidrs);
    this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
    this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
    this.databaseSubnetIds = databaseSubnets.map((subnet) => subnet.id);

    const internetGateway = new InternetGateway(this, 'internet-gateway', {
      vpcId: vpc.id,
      tags: this.tagged(props.name),
    });
    this.internetGatewayId = internetGateway.id;

    const publicRouteTable = this.routeTable('public', publicSubnets);
    new Route(this, 'public-internet-route', {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: ANYWHERE,
      gatewayId: internetGateway.id,
    });
    this.publicRouteTableIds = [publicRouteTable.id];

    const natGateways = this.natGateways(nat, publicSubnets, internetGateway);
    this.natGatewayIds = natGateways.map(({ gateway }) => gateway.id);
    this.natPublicIps = natGateways.map(({ eip }) => eip.publicIp);

    // perAz keeps each AZ's egress in its AZ; otherwise one table serves all.
    const privateRouteTables =
      nat === 'perAz'
        ? privateSubnets.map((subnet, index) => this.routeTable('private', [subnet], index))
        : [this.routeTable('private', privateSubnets)];
    if (natGateways.length > 0) {
      privateRouteTables.forEach((table, index) => {
        new Route(this, `${table.node.id}-nat-route`, {
          routeTableId: table.id,
          destinationCidrBlock: ANYWHERE,
          natGatewayId: natGateways[index].gateway.id,
        });
      });
    }
    this.privateRouteTableIds = privateRouteTables.map((table) => table.id);

    // The database tier gets a table of its own with no default route, so no
    // NAT or internet gateway is reachable from it.
    const databaseRouteTable = this.routeTable('database', databaseSubnets);
    this.databaseRouteTableIds = [databaseRouteTable.id];

    const region = new DataAwsRegion(this, 'region');
    const s3Endpoint = new VpcEndpoint(this, 's3-endpoint', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${region.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...this.privateRouteTableIds, ...this.databaseRouteTableIds],
      tags: this.tagged(`${props.name}-s3`),
    });
    this.s3EndpointId = s3Endpoint.id;

    this.interfaceEndpointIds = {};
    if (validated.interfaceEndpoints.length > 0) {
      const endpointSecurityGroup = new SecurityGroup(this, 'endpoint-security-group', {
        name: `${props.name}-vpc-endpoints`,
        description: `Interface VPC endpoints of ${props.name}: HTTPS from inside the VPC`,
        vpcId: vpc.id,
        tags: this.tagged(`${props.name}-vpc-endpoints`),
      });
      new VpcSecurityGroupIngressRule(this, 'endpoint-https-ingress', {
        securityGroupId: endpointSecurityGroup.id,
        description: 'HTTPS from the VPC',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: props.cidr,
      });
      this.endpointSecurityGroupId = endpointSecurityGroup.id;
      for (const service of validated.interfaceEndpoints) {
        const endpoint = new VpcEndpoint(this, `${service.replace('.', '-')}-endpoint`, {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${region.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [endpointSecurityGroup.id],
          tags: this.tagged(`${props.name}-${service}`),
        });
        this.interfaceEndpointIds[service] = endpoint.id;
      }
    }

    const dbSubnetGroup = new DbSubnetGroup(this, 'db-subnet-group', {
      name: `${props.name}-database`,
      description: `Database tier of ${props.name}`,
      subnetIds: this.databaseSubnetIds,
      tags: this.tagged(`${props.name}-database`),
    });
    this.dbSubnetGroupName = dbSubnetGroup.name;

    if (props.flowLogs ?? true) {
      this.flowLogGroupName = this.flowLog(vpc, region, validated.flowLogRetentionDays, props.flowLogKmsKeyArn);
    }
  }

  private tagged(name: string, extra: Record<string, string> = {}): Record<string, string> {
    return { ...this.tags, Name: name, ...extra };
  }

  /**
   * Explicit AZs are used as given; otherwise the first `azCount` of the
   * region's available, opt-in-free AZs. Either way the data source carries a
   * postcondition so a missing AZ fails the plan with a clear message.
   */
  private availabilityZoneNames(explicit: string[] | undefined, azCount: number): string[] {
    const available = new DataAwsAvailabilityZones(this, 'availability-zones', {
      state: 'available',
      // Local and Wavelength zones lack most services; never place tiers there.
      filter: [
        { name: 'opt-in-status', values: ['opt-in-not-required'] },
        // Explicit AZs pin the result to exactly those zones, so a new AZ in the region changes nothing.
        ...(explicit ? [{ name: 'zone-name', values: explicit }] : []),
      ],
      lifecycle: {
        postcondition: [
          explicit
            ? {
                condition: `\${length(setsubtract(${JSON.stringify(explicit)}, self.names)) == 0}`,
                errorMessage: `availabilityZones ${explicit.join(', ')} must all be available AZs of the provider's region.`,
              }
            : {
                condition: `\${length(self.names) >= ${azCount}}`,
                errorMessage: `azCount is ${azCount} but the region offers fewer available AZs; lower azCount.`,
              },
        ],
      },
    });
    if (explicit) return explicit;
    return Array.from({ length: azCount }, (_, index) => Token.asString(Fn.element(available.names, index)));
  }

  /** A route table for `subnets` of `tier`; `azIndex` when the tier has one table per AZ. */
  private routeTable(tier: Tier, subnets: Subnet[], azIndex?: number): RouteTable {
    const perAz = azIndex === undefined ? '' : `-${azIndex}`;
    const az = azIndex === undefined ? '' : `-${this.availabilityZones[azIndex]}`;
    const table = new RouteTable(this, `${tier}${perAz}-route-table`, {
      vpcId: this.vpcId,
      tags: this.tagged(`${this.name}-${tier}${az}`, { Tier: tier }),
    });
    subnets.forEach((subnet) => {
      new RouteTableAssociation(this, `${subnet.node.id}-route-table-association`, {
        subnetId: subnet.id,
        routeTableId: table.id,
      });
    });
    return table;
  }

  private natGateways(
    nat: NatMode,
    publicSubnets: Subnet[],
    internetGateway: InternetGateway,
  ): { gateway: NatGateway; eip: Eip }[] {
    const count = { none: 0, single: 1, perAz: publicSubnets.length }[nat];
    return publicSubnets.slice(0, count).map((subnet, index) => {
      const az = this.availabilityZones[index];
      // An EIP and a NAT gateway need the internet gateway attached first.
      const eip = new Eip(this, `nat-eip-${index}`, {
        domain: 'vpc',
        dependsOn: [internetGateway],
        tags: this.tagged(`${this.name}-nat-${az}`),
      });
      const gateway = new NatGateway(this, `nat-gateway-${index}`, {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        dependsOn: [internetGateway],
        tags: this.tagged(`${this.name}-nat-${az}`),
      });
      return { gateway, eip };
    });
  }

  /** Flow logs (traffic ALL) into a CloudWatch group, through a role that can write only there. */
  private flowLog(vpc: AwsVpc, region: DataAwsRegion, retentionDays: number, kmsKeyArn?: string): string {
    const logGroup = new CloudwatchLogGroup(this, 'flow-log-group', {
      name: `/aws/vpc-flow-log/${this.name}`,
      retentionInDays: retentionDays,
      kmsKeyId: kmsKeyArn,
      tags: this.tagged(`${this.name}-flow-log`),
    });
    const account = new DataAwsCallerIdentity(this, 'account');
    const partition = new DataAwsPartition(this, 'partition');
    const assumeRole = new DataAwsIamPolicyDocument(this, 'flow-log-assume-role', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }],
          // Confused-deputy guard: only flow logs of this account and region may use the role.
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] },
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [`arn:${partition.partition}:ec2:${region.region}:${account.accountId}:vpc-flow-log/*`],
            },
          ],
        },
      ],
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: `${this.name}-vpc-flow-log`,
      description: `Delivers VPC flow logs of ${this.name} to ${logGroup.name}`,
      assumeRolePolicy: assumeRole.json,
      tags: this.tagged(`${this.name}-vpc-flow-log`),
    });
    const deliver = new DataAwsIamPolicyDocument(this, 'flow-log-delivery', {
      statement: [
        {
          sid: 'WriteThisLogGroupOnly',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [logGroup.arn, `${logGroup.arn}:*`],
        },
        {
          // A list action: it cannot be scoped to one group, only to the account and region.
          sid: 'FindLogGroups',
          actions: ['logs:DescribeLogGroups'],
          resources: [`arn:${partition.partition}:logs:${region.region}:${account.accountId}:log-group:*`],
        },
      ],
    });
    new IamRolePolicy(this, 'flow-log-role-policy', {
      name: 'deliver-flow-logs',
      role: role.id,
      policy: deliver.json,
    });
    new FlowLog(this, 'flow-log', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      tags: this.tagged(`${this.name}-flow-log`),
    });
    return logGroup.name;
  }
}

interface ValidatedProps {
  readonly cidr: ReturnType<typeof parseCidr>;
  readonly azCount: number;
  readonly availabilityZones?: string[];
  readonly nat: NatMode;
  readonly interfaceEndpoints: InterfaceEndpointService[];
  readonly flowLogRetentionDays: number;
}

/** Checks every prop before any resource exists; each error names the prop and what is expected. */
function validateProps(scope: Construct, props: VpcProps): ValidatedProps {
  if (Token.isUnresolved(props.name) || !NAME_PATTERN.test(props.name)) {
    throw new Error(
      `Vpc name "${props.name}" is invalid; expected 1-40 lowercase letters, digits or hyphens, not starting or ending with a hyphen.`,
    );
  }
  if (Token.isUnresolved(props.cidr)) {
    throw new Error('Vpc cidr must be a literal string: subnet CIDRs are computed from it at synth time.');
  }
  const cidrProblem = vpcCidrProblem(props.cidr);
  if (cidrProblem) throw new Error(`Vpc ${cidrProblem}`);
  const cidr = parseCidr(props.cidr);

  if (props.azCount !== undefined && props.availabilityZones !== undefined) {
    throw new Error('Vpc takes either azCount or availabilityZones, not both.');
  }
  const azCount = props.availabilityZones?.length ?? props.azCount ?? MIN_AZS;
  if (!Number.isInteger(azCount) || azCount < MIN_AZS || azCount > MAX_AZS) {
    const given = props.availabilityZones ? `${azCount} availabilityZones` : `azCount ${azCount}`;
    throw new Error(`Vpc ${given} is out of range; expected ${MIN_AZS} or ${MAX_AZS} AZs.`);
  }
  if (props.availabilityZones) validateAvailabilityZones(props.availabilityZones, providerRegion(scope));

  const nat = props.nat ?? 'single';
  if (!NAT_MODES.includes(nat)) {
    throw new Error(`Vpc nat "${nat}" is invalid; expected one of ${NAT_MODES.join(', ')}.`);
  }

  const interfaceEndpoints = props.interfaceEndpoints ?? [];
  const unknown = interfaceEndpoints.filter((service) => !INTERFACE_ENDPOINT_SERVICES.includes(service));
  if (unknown.length > 0) {
    throw new Error(
      `Vpc interfaceEndpoints has unsupported ${unknown.join(', ')}; expected some of ${INTERFACE_ENDPOINT_SERVICES.join(', ')}.`,
    );
  }
  if (new Set(interfaceEndpoints).size !== interfaceEndpoints.length) {
    throw new Error(`Vpc interfaceEndpoints lists a service twice (${interfaceEndpoints.join(', ')}); list each once.`);
  }

  const reserved = Object.keys(props.tags ?? {}).filter((key) => key === 'Name' || key === 'Tier');
  if (reserved.length > 0) {
    throw new Error(`Vpc tags must not set Name or Tier (got ${reserved.join(', ')}); the construct sets them from name and the subnet tier.`);
  }

  const flowLogRetentionDays = props.flowLogRetentionDays ?? 365;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(flowLogRetentionDays)) {
    throw new Error(
      `Vpc flowLogRetentionDays ${flowLogRetentionDays} is not a CloudWatch Logs retention; expected one of ${LOG_RETENTION_DAYS.join(', ')}.`,
    );
  }
  if (props.flowLogKmsKeyArn !== undefined && !Token.isUnresolved(props.flowLogKmsKeyArn) && !/^arn:[^:]+:kms:/.test(props.flowLogKmsKeyArn)) {
    throw new Error(`Vpc flowLogKmsKeyArn "${props.flowLogKmsKeyArn}" is not a KMS key ARN; expected arn:<partition>:kms:<region>:<account>:key/<id>.`);
  }
  return { cidr, azCount, availabilityZones: props.availabilityZones, nat, interfaceEndpoints, flowLogRetentionDays };
}

function validateAvailabilityZones(names: string[], region: string | undefined): void {
  if (new Set(names).size !== names.length) {
    throw new Error(`Vpc availabilityZones lists an AZ twice (${names.join(', ')}); each tier needs distinct AZs.`);
  }
  if (region === undefined) return;
  const foreign = names.filter((name) => !new RegExp(`^${region}[a-z]$`).test(name));
  if (foreign.length > 0) {
    throw new Error(
      `Vpc availabilityZones ${foreign.join(', ')} are not AZs of the provider's region ${region}; expected names like ${region}a.`,
    );
  }
}

/**
 * The region of the stack's default AWS provider when it is a literal, so AZ
 * names can be checked at synth; otherwise the plan-time postcondition on the
 * AZ data source does the check.
 */
function providerRegion(scope: Construct): string | undefined {
  const providers = TerraformStack.of(scope)
    .node.findAll()
    .filter((construct): construct is AwsProvider => construct instanceof AwsProvider && construct.alias === undefined);
  const region = providers.length === 1 ? providers[0].region : undefined;
  return region !== undefined && !Token.isUnresolved(region) ? region : undefined;
}
