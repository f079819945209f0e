/**
 * The AWS regions an environment may name: every region of the commercial `aws`
 * partition, the one the accounts' `arn:aws:` roles live in (China, GovCloud and
 * the ISO partitions need other accounts and ARNs).
 *
 * Source: the `aws` partition's `regions` in aws-sdk-go-v2 v1.41.9,
 * `internal/endpoints/awsrulesfn/partitions.json` (the SDK the hashicorp/aws
 * provider we build is compiled with), without its `aws-global` pseudo-region.
 * When AWS opens a region, add it here in the same commit that first uses it.
 */
export const AWS_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
] as const;

export type AwsRegion = (typeof AWS_REGIONS)[number];

export function isAwsRegion(name: string): name is AwsRegion {
  return (AWS_REGIONS as readonly string[]).includes(name);
}
