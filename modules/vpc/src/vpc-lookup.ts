import { DataAwsDbSubnetGroup } from '@cdktf/provider-aws/lib/data-aws-db-subnet-group';
import { DataAwsNatGateway } from '@cdktf/provider-aws/lib/data-aws-nat-gateway';
import { DataAwsNatGateways } from '@cdktf/provider-aws/lib/data-aws-nat-gateways';
import { DataAwsSubnets } from '@cdktf/provider-aws/lib/data-aws-subnets';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { Fn, TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { type Tier, TIERS } from './cidr';
import { announceModule } from './module-metadata';
import type { VpcNetwork } from './network';

export interface VpcLookupProps {
  /**
   * Id of the VPC to reuse. Give exactly one of `vpcId` and `tags`.
   * @default none (look up by `tags`)
   */
  readonly vpcId?: string;
  /**
   * Tags that match exactly one VPC, e.g. `{ Name: 'acme-staging' }`. Give
   * exactly one of `vpcId` and `tags`.
   * @default none (look up by `vpcId`)
   */
  readonly tags?: Record<string, string>;
}

/**
 * An existing VPC read through data sources only, exposing the same
 * {@link VpcNetwork} as {@link Vpc}: a second environment can run in a base
 * environment's network without a NAT gateway or any network resource of its own.
 *
 * It relies on the conventions {@link Vpc} follows: subnets tagged
 * `Tier` = public | private | database, the VPC tagged `Name`, and the DB
 * subnet group named `<Name tag>-database`. Each is checked at plan time with
 * an error saying which convention the VPC breaks.
 */
export class VpcLookup extends Construct implements VpcNetwork {
  readonly vpcId: string;
  readonly cidrBlock: string;
  /** The VPC's `Name` tag. */
  readonly vpcName: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly databaseSubnetIds: string[];
  readonly dbSubnetGroupName: string;
  readonly natPublicIps: string[];

  constructor(scope: Construct, id: string, props: VpcLookupProps) {
    validateProps(props);
    super(scope, id);
    announceModule(this);

    const vpc = new DataAwsVpc(this, 'vpc', {
      id: props.vpcId,
      tags: props.tags,
      lifecycle: {
        postcondition: [
          {
            condition: '${contains(keys(self.tags), "Name")}',
            errorMessage: 'The looked-up VPC has no Name tag; VpcLookup needs it to find the DB subnet group "<Name>-database".',
          },
        ],
      },
    });
    this.vpcId = vpc.id;
    this.cidrBlock = vpc.cidrBlock;
    this.vpcName = Token.asString(Fn.lookup(vpc.tags, 'Name'));

    const subnetIds = (tier: Tier): string[] => {
      const subnets = new DataAwsSubnets(this, `${tier}-subnets`, {
        filter: [
          { name: 'vpc-id', values: [vpc.id] },
          { name: 'tag:Tier', values: [tier] },
        ],
        lifecycle: {
          postcondition: [
            {
              condition: '${length(self.ids) > 0}',
              errorMessage: `The looked-up VPC has no subnet tagged Tier=${tier}; VpcLookup expects the tiers public, private and database.`,
            },
          ],
        },
      });
      // AWS returns ids in no promised order; sorting keeps consumers' plans stable.
      return Fn.sort(subnets.ids);
    };
    [this.publicSubnetIds, this.privateSubnetIds, this.databaseSubnetIds] = TIERS.map(subnetIds);

    const dbSubnetGroup = new DataAwsDbSubnetGroup(this, 'db-subnet-group', {
      name: `${this.vpcName}-database`,
    });
    this.dbSubnetGroupName = dbSubnetGroup.name;

    const natGatewayIds = new DataAwsNatGateways(this, 'nat-gateways', {
      vpcId: vpc.id,
      filter: [{ name: 'state', values: ['available'] }],
    });
    const eachNatGateway = TerraformIterator.fromList(natGatewayIds.ids);
    const natGateway = new DataAwsNatGateway(this, 'nat-gateway', {
      forEach: eachNatGateway,
      id: Token.asString(eachNatGateway.value),
    });
    this.natPublicIps = Fn.sort(Token.asList(TerraformIterator.fromDataSources(natGateway).pluckProperty('public_ip')));
  }
}

function validateProps(props: VpcLookupProps): void {
  const byId = props.vpcId !== undefined;
  const byTags = props.tags !== undefined;
  if (byId === byTags) {
    throw new Error(
      `VpcLookup needs exactly one of vpcId or tags, got ${byId ? 'both' : 'neither'}; pass { vpcId: 'vpc-…' } or { tags: { Name: '…' } }.`,
    );
  }
  if (byId && !Token.isUnresolved(props.vpcId) && !/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(props.vpcId ?? '')) {
    throw new Error(`VpcLookup vpcId "${props.vpcId}" is not a VPC id; expected vpc- followed by 8 or 17 hex digits.`);
  }
  if (byTags && Object.keys(props.tags ?? {}).length === 0) {
    throw new Error('VpcLookup tags is empty and would match any VPC; give at least one tag, e.g. { Name: "…" }.');
  }
}
