import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

export interface EnvironmentKeyProps {
  /** Alias name without the `alias/` prefix, e.g. `lq3-staging01-observability`. */
  readonly aliasName: string;
  readonly accountId: string;
  readonly region: string;
  readonly description: string;
  /**
   * Service principals that publish to topics under this key besides CloudWatch,
   * EventBridge, SNS, SQS and Scheduler, e.g. `budgets.amazonaws.com`.
   * @default none
   */
  readonly additionalPublishers?: readonly string[];
}

/**
 * The env's customer-managed key for log groups, the alarm topic, the exports bucket,
 * the job schedules and their dead-letter queues. AWS-managed keys cannot be used there: CloudWatch alarms and EventBridge can
 * only publish to an SNS topic whose key policy lets them, and log groups need a key
 * policy naming the CloudWatch Logs service.
 */
export class EnvironmentKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    super(scope, id);
    const { accountId, region } = props;
    const key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'CloudWatchLogsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:*` } },
          },
          {
            Sid: 'AlarmAndEventPublishers',
            Effect: 'Allow',
            Principal: {
              Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com', 'sqs.amazonaws.com', 'scheduler.amazonaws.com', ...(props.additionalPublishers ?? [])],
            },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
          },
        ],
      }),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.aliasName}`, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
  }
}
