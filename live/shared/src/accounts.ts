/**
 * The AWS accounts environments live in: Terragrunt's account.hcl, all in one file.
 * Only the 12-digit id is written per account; the role Terraform assumes and the
 * state bucket are derived from it, so they cannot disagree with it. Ids are
 * placeholders until the client's accounts are wired up.
 */
import { z } from 'zod';
import { ConfigErrors, ConfigError } from './config-error';
import { ORGANISATION } from './organisation';

export const ACCOUNT_NAMES = ['staging', 'production'] as const;
export type AccountName = (typeof ACCOUNT_NAMES)[number];

/** What is written per account; everything else in `AwsAccount` follows from it. */
export const ACCOUNT_DEFINITIONS: Readonly<Record<AccountName, { readonly id: string }>> = {
  staging: { id: '111111111111' },
  production: { id: '222222222222' },
};

/** Role the CI and operators' Terraform assumes in every account. */
export const TERRAFORM_ROLE_NAME = 'lq3-terraform';
/** Region of every account's state bucket. */
export const STATE_REGION = ORGANISATION.defaultRegion;
/** This file, for messages about the definitions above. */
export const ACCOUNTS_FILE = __filename;

export interface AwsAccount {
  readonly name: AccountName;
  /** 12-digit AWS account id; the provider refuses to touch any other account. */
  readonly id: string;
  /** Role Terraform assumes in this account: `arn:aws:iam::<id>:role/lq3-terraform`. */
  readonly roleArn: string;
  /** S3 bucket holding this account's Terraform state: `lq3-terraform-state-<id>`. */
  readonly stateBucket: string;
  /** Region of the state bucket. */
  readonly stateRegion: string;
}

export function awsAccount(name: AccountName, id: string): AwsAccount {
  return {
    name,
    id,
    roleArn: `arn:aws:iam::${id}:role/${TERRAFORM_ROLE_NAME}`,
    stateBucket: `${ORGANISATION.namePrefix}-terraform-state-${id}`,
    stateRegion: STATE_REGION,
  };
}

export const ACCOUNTS: Readonly<Record<AccountName, AwsAccount>> = {
  staging: awsAccount('staging', ACCOUNT_DEFINITIONS.staging.id),
  production: awsAccount('production', ACCOUNT_DEFINITIONS.production.id),
};

const definitionsSchema = z
  .object(
    Object.fromEntries(
      ACCOUNT_NAMES.map((name) => [name, z.object({ id: z.string().regex(/^\d{12}$/, 'must be the 12-digit AWS account id, digits only') }).strict()]),
    ),
  )
  .strict();

/**
 * Checks the account definitions before any environment uses them: 12-digit
 * ids, and one account per id (staging and production are kept apart).
 * Errors name `displayFile` (this file, relative to the workspace) and the field.
 */
export function checkAccounts(displayFile: string, definitions: unknown = ACCOUNT_DEFINITIONS): void {
  const field = (path: PropertyKey[]) => ['ACCOUNT_DEFINITIONS', ...path.map(String)].join('.');
  const result = definitionsSchema.safeParse(definitions, { reportInput: true });
  if (!result.success) {
    throw new ConfigErrors(
      result.error.issues.map((issue) => {
        const got = typeof issue.input === 'string' ? ` (got ${JSON.stringify(issue.input)})` : '';
        return new ConfigError(displayFile, field(issue.path), `${issue.message}${got}`);
      }),
    );
  }
  const ids = ACCOUNT_NAMES.map((name) => (result.data as Record<AccountName, { id: string }>)[name].id);
  const twice = ACCOUNT_NAMES.find((_, index) => ids.indexOf(ids[index]) !== index);
  if (twice) {
    throw new ConfigError(displayFile, field([twice, 'id']), `${ids[ACCOUNT_NAMES.indexOf(twice)]} is also the id of another account; staging and production must be separate AWS accounts`);
  }
}
