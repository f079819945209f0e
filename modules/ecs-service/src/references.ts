import { Token } from 'cdktf';

/** Where a container secret is read from, and the ARN IAM must allow. */
export interface SecretReference {
  /** `unknown` for Terraform references, whose service is only known at apply time. */
  readonly service: 'secretsmanager' | 'ssm' | 'unknown';
  /** The secret or parameter ARN without the `:json-key:version-stage:version-id` selector. */
  readonly resourceArn: string;
}

const SECRETS_MANAGER_ARN =
  /^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+)(:[^:]*:[^:]*:[^:]*)?$/;
const SSM_PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+$/;
/** A Terraform reference (cdktf token) followed by a literal `:json-key:stage:version` selector. */
const TOKEN_WITH_SELECTOR = /^(.*\})(:[^:{}]*:[^:{}]*:[^:{}]*)$/;

/**
 * Parses a container secret's `valueFrom`. Literal values must be Secrets Manager
 * or SSM parameter ARNs; Terraform references (e.g. another stack's secret ARN)
 * are trusted to be ARNs because plaintext never arrives as a reference.
 * Returns undefined for anything else.
 */
export function parseSecretReference(valueFrom: string): SecretReference | undefined {
  if (Token.isUnresolved(valueFrom)) {
    const withSelector = TOKEN_WITH_SELECTOR.exec(valueFrom);
    return { service: 'unknown', resourceArn: withSelector ? withSelector[1] : valueFrom };
  }
  const secret = SECRETS_MANAGER_ARN.exec(valueFrom);
  if (secret) return { service: 'secretsmanager', resourceArn: secret[1] };
  if (SSM_PARAMETER_ARN.test(valueFrom)) return { service: 'ssm', resourceArn: valueFrom };
  return undefined;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([a-z0-9][a-z0-9._/-]*)$/;

/** The ECR repository ARN of a private ECR image, or undefined for any other registry. */
export function ecrRepositoryArn(image: string): string | undefined {
  const match = ECR_IMAGE.exec(image);
  if (!match) return undefined;
  const [, account, region, china, repository] = match;
  return `arn:${china ? 'aws-cn' : 'aws'}:ecr:${region}:${account}:repository/${repository}`;
}

/** True when an image reference already carries a tag or digest (`repo:tag`, `repo@sha256:...`). */
export function imageHasTagOrDigest(image: string): boolean {
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || lastSegment.includes('@');
}

/** Matches literal ARNs of a given service, e.g. `isArnOf(value, 'kms')`. */
export function isArnOf(value: string, service: string): boolean {
  return new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]*:\\d{12}:.+$`).test(value);
}
