import { AuditTrail } from '@lq3/cloudtrail';
import type { Construct } from 'constructs';
import { RUNBOOK } from '../../constructs/environment-monitoring';
import type { AccountLayer } from '../account-config';
import { AccountStack } from '../account-stack';
import type { BaselineStack } from './baseline-stack';

/**
 * Audit unit of an account: its one multi-region CloudTrail trail (@lq3/cloudtrail)
 * with the CIS security alarms to the security topic, and S3 data events of the
 * account's exports buckets (the audit that .checkov.yaml's CKV_AWS_18 skip relies on).
 */
export class AuditStack extends AccountStack {
  readonly trail: AuditTrail;

  constructor(scope: Construct, layer: AccountLayer, baseline: BaselineStack) {
    super(scope, layer, 'audit');
    const audit = layer.settings.audit;
    const accountId = layer.awsAccount.id;
    this.trail = this.fromField('audit', () =>
      new AuditTrail(this, 'trail', {
        name: this.name(),
        bucketName: `${this.name('cloudtrail')}-${accountId}`,
        accountId,
        region: layer.settings.region,
        logRetentionDays: audit.logRetentionDays,
        archiveAfterDays: audit.archiveAfterDays,
        expireAfterDays: audit.expireAfterDays,
        s3DataEventBuckets: audit.exportsDataEvents ? layer.environments.map((environment) => environment.exportsBucket) : [],
        securityAlarms: { topicArn: baseline.topics.security.topicArn, runbook: RUNBOOK },
      }),
    );
  }
}
