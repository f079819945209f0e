import { Cloudtrail, type CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { SecurityAlarms, type SecurityAlarmName } from './security-alarms';
import { validateAuditTrailProps } from './validate';

export interface AuditTrailSecurityAlarms {
  /** SNS topic the CIS alarms notify. */
  readonly topicArn: string;
  /**
   * Events in 5 minutes that fire each alarm.
   * @default 3 console sign-in failures, 1 of anything else
   */
  readonly thresholds?: Partial<Record<SecurityAlarmName, number>>;
  /**
   * Appended to every alarm description.
   * @default nothing appended
   */
  readonly runbook?: string;
}

export interface AuditTrailProps {
  /** Trail name, e.g. `lq3-staging`: letters, digits, `.`, `-`, `_`, 3-128. The log group, role and key alias derive from it. */
  readonly name: string;
  /** S3 bucket of the log files (globally unique), e.g. `lq3-cloudtrail-111111111111`. */
  readonly bucketName: string;
  /** 12-digit id of the account the trail records. */
  readonly accountId: string;
  /** Home region of the trail: the bucket, key and log group live there. */
  readonly region: string;
  /**
   * Days the CloudWatch Logs copy (what the alarms read) is kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Days after which log files move to S3 Glacier Instant Retrieval.
   * @default 90
   */
  readonly archiveAfterDays?: number;
  /**
   * Days after which log files are deleted (by the lifecycle rule only: nobody else may).
   * @default 730
   */
  readonly expireAfterDays?: number;
  /**
   * Buckets whose object-level reads and writes are recorded as S3 data events (billed per event).
   * @default none
   */
  readonly s3DataEventBuckets?: readonly string[];
  /**
   * CIS metric filters and alarms on the log group.
   * @default no alarms
   */
  readonly securityAlarms?: AuditTrailSecurityAlarms;
}

/**
 * One multi-region CloudTrail trail of an account: management events of every
 * region (global services included), log file validation, SSE-KMS with its own
 * key, an S3 bucket that blocks public access, refuses TLS-less requests and any
 * deletion of log files (only its lifecycle expires them), and delivery to
 * CloudWatch Logs for the CIS security alarms.
 */
export class AuditTrail extends Construct {
  readonly trailArn: string;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly logGroupName: string;
  readonly kmsKeyArn: string;
  /** The CIS alarms, when `securityAlarms` is set. */
  readonly securityAlarms?: SecurityAlarms;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const settings = validateAuditTrailProps(props);
    const { accountId, region, name } = props;
    // Literal, not a reference: the key and bucket policies must name the trail before it exists.
    const trailArn = `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
    const logGroupName = `/aws/cloudtrail/${name}`;
    const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;

    const key = new KmsKey(this, 'key', {
      description: `CloudTrail ${name}: log files and their CloudWatch Logs copy`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(keyPolicy(accountId, region, trailArn, logGroupArn)),
    });
    new KmsAlias(this, 'key-alias', { name: `alias/${name}-cloudtrail`, targetKeyId: key.keyId });

    const bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: false });
    new S3BucketPublicAccessBlock(this, 'bucket-public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'bucket-ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const versioning = new S3BucketVersioningA(this, 'bucket-versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'bucket-encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketLifecycleConfiguration(this, 'bucket-lifecycle', {
      bucket: bucket.id,
      // Lifecycle rules on noncurrent versions need versioning in place first.
      dependsOn: [versioning],
      rule: [
        {
          id: 'archive-then-expire-log-files',
          status: 'Enabled',
          filter: [{}],
          transition: [{ days: settings.archiveAfterDays, storageClass: 'GLACIER_IR' }],
          expiration: [{ days: settings.expireAfterDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        // S3 allows expired delete markers only in a rule without an expiry age.
        { id: 'remove-expired-delete-markers', status: 'Enabled', filter: [{}], expiration: [{ expiredObjectDeleteMarker: true }] },
      ],
    });
    const bucketPolicy = new S3BucketPolicy(this, 'bucket-policy', {
      bucket: bucket.id,
      policy: JSON.stringify(bucketPolicyDocument(props.bucketName, accountId, trailArn)),
    });

    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: logGroupName,
      retentionInDays: settings.logRetentionDays,
      kmsKeyId: key.arn,
    });
    const deliveryRole = new IamRole(this, 'logs-role', {
      name: `${name}-cloudtrail-logs`,
      description: `CloudTrail ${name} delivers events to ${logGroupName}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
          },
        ],
      }),
    });
    const deliveryPolicy = new IamRolePolicy(this, 'logs-role-policy', {
      name: 'deliver-to-log-group',
      role: deliveryRole.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroupArn}:log-stream:*` }],
      }),
    });

    const trail = new Cloudtrail(this, 'trail', {
      name,
      s3BucketName: bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: key.arn,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: deliveryRole.arn,
      advancedEventSelector: eventSelectors(props.s3DataEventBuckets ?? []),
      // CloudTrail checks that it may write to the bucket and the log group when the trail is created.
      dependsOn: [bucketPolicy, deliveryPolicy],
    });

    this.trailArn = trail.arn;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.logGroupName = logGroup.name;
    this.kmsKeyArn = key.arn;
    if (props.securityAlarms) {
      this.securityAlarms = new SecurityAlarms(this, 'security-alarms', {
        name: `${name}-cloudtrail`,
        logGroupName: logGroup.name,
        ...props.securityAlarms,
      });
    }
  }
}

function eventSelectors(dataEventBuckets: readonly string[]): CloudtrailAdvancedEventSelector[] {
  const management: CloudtrailAdvancedEventSelector = { name: 'Management events', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] };
  if (dataEventBuckets.length === 0) return [management];
  return [
    management,
    {
      name: 'S3 object events of the listed buckets',
      fieldSelector: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
        { field: 'resources.ARN', startsWith: dataEventBuckets.map((bucket) => `arn:aws:s3:::${bucket}/`) },
      ],
    },
  ];
}

/** CloudTrail encrypts with the key (for this trail only), the account decrypts, CloudWatch Logs encrypts the log group. */
function keyPolicy(accountId: string, region: string, trailArn: string, logGroupArn: string) {
  const trailsOfAccount = `arn:aws:cloudtrail:*:${accountId}:trail/*`;
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'CloudTrailEncryptsLogFiles',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': trailArn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailsOfAccount } },
      },
      {
        Sid: 'CloudTrailDescribesKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'AccountReadsLogFiles',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': accountId }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailsOfAccount } },
      },
      {
        Sid: 'CloudWatchLogsEncryptsTheLogGroup',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      },
    ],
  };
}

/** CloudTrail (this trail only) writes; nobody deletes a log file or reads without TLS. */
function bucketPolicyDocument(bucketName: string, accountId: string, trailArn: string) {
  const bucketArn = `arn:aws:s3:::${bucketName}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudTrailChecksTheBucket',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'CloudTrailWritesLogFiles',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'NobodyDeletesLogFiles',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: `${bucketArn}/*`,
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}
