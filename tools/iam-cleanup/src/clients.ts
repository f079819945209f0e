/**
 * IAM and STS clients for one account, with credentials from assuming the
 * account's role (`live/shared/src/accounts.ts`) from whatever the default
 * chain finds (CI: OIDC web identity; operators: their profile or SSO).
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AccountClients, AccountTarget } from './run';

/** Static credentials or a provider, as the SDK takes them. */
export type BaseCredentials = Parameters<typeof fromTemporaryCredentials>[0]['masterCredentials'];

export interface AwsSettings {
  /** STS region (IAM is global). */
  readonly region: string;
  /** Another endpoint for IAM and STS (the AWS emulator); AWS's otherwise. */
  readonly endpoint?: string;
  /** Credentials that assume the role; the SDK's default chain otherwise. */
  readonly credentials?: BaseCredentials;
}

/** Retries (with the SDK's backoff) for IAM's request-rate throttling. */
const MAX_ATTEMPTS = 8;

export function assumeRoleClients(target: AccountTarget, settings: AwsSettings, sessionName: string): AccountClients {
  const common = { region: settings.region, maxAttempts: MAX_ATTEMPTS, ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) };
  const credentials = fromTemporaryCredentials({
    params: { RoleArn: target.roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 },
    ...(settings.credentials ? { masterCredentials: settings.credentials } : {}),
    clientConfig: common,
  });
  return { iam: new IAMClient({ ...common, credentials }), sts: new STSClient({ ...common, credentials }) };
}
