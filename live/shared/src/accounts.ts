/**
 * The AWS accounts environments live in: Terragrunt's account.hcl, all in one file.
 * Ids are placeholders until the client's accounts are wired up; the CI role in each
 * account assumes `roleArn`, and the state bucket lives in the same account.
 */
export interface AwsAccount {
  readonly name: AccountName;
  /** 12-digit AWS account id; the provider refuses to touch any other account. */
  readonly id: string;
  /** Role Terraform assumes in this account. */
  readonly roleArn: string;
  /** S3 bucket holding this account's Terraform state (versioned, encrypted). */
  readonly stateBucket: string;
  /** Region of the state bucket. */
  readonly stateRegion: string;
}

export const ACCOUNT_NAMES = ['staging', 'production'] as const;
export type AccountName = (typeof ACCOUNT_NAMES)[number];

export const ACCOUNTS: Readonly<Record<AccountName, AwsAccount>> = {
  staging: {
    name: 'staging',
    id: '111111111111',
    roleArn: 'arn:aws:iam::111111111111:role/lq3-terraform',
    stateBucket: 'lq3-terraform-state-111111111111',
    stateRegion: 'eu-central-1',
  },
  production: {
    name: 'production',
    id: '222222222222',
    roleArn: 'arn:aws:iam::222222222222:role/lq3-terraform',
    stateBucket: 'lq3-terraform-state-222222222222',
    stateRegion: 'eu-central-1',
  },
};
