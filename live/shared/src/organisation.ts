/** Organisation-wide defaults: Terragrunt's root.hcl `inputs`. */
export const ORGANISATION = {
  /** Prefix of every resource name: `<prefix>-<env>-<thing>`. */
  namePrefix: 'lq3',
  defaultRegion: 'eu-central-1',
  project: 'LQ3',
  owner: 'platform-team',
  costCenter: 'lq3-web',
  managedBy: 'cdktf',
  /** Email domain of LQ3's staff: who may log in to staging and copies by default (Access, ADR 0015). Placeholder until the client's domain is wired up. */
  staffEmailDomain: 'lq3.example.com',
  /** Oldest Terraform/OpenTofu that supports S3 native state locking (use_lockfile). */
  requiredTerraformVersion: '>= 1.10',
} as const;

/** Retention of every log group: a year, for incident reviews and audits. */
export const LOG_RETENTION_DAYS = 365;

/** The five tags every AWS resource carries (through the provider's default_tags). */
export const REQUIRED_TAG_KEYS = ['Project', 'Environment', 'ManagedBy', 'Owner', 'CostCenter'] as const;
export type RequiredTags = Record<(typeof REQUIRED_TAG_KEYS)[number], string>;

export function requiredTags(environment: string): RequiredTags {
  return {
    Project: ORGANISATION.project,
    Environment: environment,
    ManagedBy: ORGANISATION.managedBy,
    Owner: ORGANISATION.owner,
    CostCenter: ORGANISATION.costCenter,
  };
}

/** `lq3-staging01-api` (or `lq3-staging01` with no parts): one naming rule for every resource. */
export function resourceName(environment: string, ...parts: string[]): string {
  return [ORGANISATION.namePrefix, environment, ...parts].join('-');
}
