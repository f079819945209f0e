/** What every consumer of a network needs; implemented by both Vpc and VpcLookup. */
export interface VpcNetwork {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly publicSubnetIds: string[];
  /** App tier: outbound through NAT when the VPC has NAT gateways. */
  readonly privateSubnetIds: string[];
  /** No route to the internet at all (only the VPC and the S3 gateway endpoint). */
  readonly databaseSubnetIds: string[];
  readonly dbSubnetGroupName: string;
  /** Elastic IPs of the NAT gateways ([] when the VPC has none), for outbound allow-lists. */
  readonly natPublicIps: string[];
}
