import type { AuditTrailProps } from './audit-trail';

/** CloudWatch Logs' accepted retention periods, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface AuditTrailSettings {
  readonly logRetentionDays: number;
  readonly archiveAfterDays: number;
  readonly expireAfterDays: number;
}

/** Defaults filled in; throws one error listing every problem. */
export function validateAuditTrailProps(props: AuditTrailProps): AuditTrailSettings {
  const settings = {
    logRetentionDays: props.logRetentionDays ?? 365,
    archiveAfterDays: props.archiveAfterDays ?? 90,
    expireAfterDays: props.expireAfterDays ?? 730,
  };
  const problems: string[] = [];
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(props.name)) problems.push(`name "${props.name}" must be 3-128 letters, digits, ".", "-" or "_", starting with a letter or digit`);
  if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(props.bucketName)) problems.push(`bucketName "${props.bucketName}" must be 3-63 lower-case letters, digits or hyphens`);
  if (!/^\d{12}$/.test(props.accountId)) problems.push(`accountId "${props.accountId}" must be the 12-digit account id`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(props.region)) problems.push(`region "${props.region}" must be a region name like eu-central-1`);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(settings.logRetentionDays)) {
    problems.push(`logRetentionDays ${settings.logRetentionDays} is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(', ')})`);
  }
  if (!Number.isInteger(settings.archiveAfterDays) || settings.archiveAfterDays < 30) problems.push(`archiveAfterDays must be a whole number of at least 30 (S3's minimum before a transition), got ${settings.archiveAfterDays}`);
  // Glacier Instant Retrieval bills 90 days at least: expiring earlier than that after the move costs as much as keeping.
  if (!Number.isInteger(settings.expireAfterDays) || settings.expireAfterDays < settings.archiveAfterDays + 90) {
    problems.push(`expireAfterDays must be at least archiveAfterDays + 90 (${settings.archiveAfterDays + 90}), got ${settings.expireAfterDays}`);
  }
  for (const bucket of props.s3DataEventBuckets ?? []) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) problems.push(`s3DataEventBuckets: "${bucket}" is not a bucket name`);
  }
  if (problems.length > 0) throw new Error(`AuditTrail ${props.name}: ${problems.join('; ')}`);
  return settings;
}
