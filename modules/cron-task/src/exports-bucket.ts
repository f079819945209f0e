import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import pkg from '../package.json';
import { denyInsecureTransportPolicy } from './policies';

export interface ExportsBucketProps {
  /** Globally unique bucket name: 3-63 lowercase letters, digits and hyphens. */
  readonly name: string;
  /**
   * Days after which an export file expires (becomes a noncurrent version).
   * @default 365
   */
  readonly expireAfterDays?: number;
  /**
   * Days a deleted or overwritten export stays recoverable before it is removed.
   * @default 30
   */
  readonly noncurrentVersionExpireDays?: number;
  /**
   * Customer-managed KMS key for SSE-KMS (grants then include the key).
   * @default SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /**
   * Let Terraform delete the bucket with every object version in it. Only for
   * buckets whose data is disposable (a parallel env's copy); otherwise a
   * destroy stops at a bucket that still holds exports.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

const BUCKET_NAME = /^(?!xn--)(?!.*-s3alias$)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

const BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'];
const READ_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
// A delete in a versioned bucket only hides the object until noncurrent expiry.
const WRITE_OBJECT_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

/**
 * The bucket export files go to (written by the export job, served by the
 * API): encrypted, versioned, private, owner-enforced, TLS-only, with
 * expiry of old exports and their noncurrent versions.
 */
export class ExportsBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;
  private readonly kmsKeyArn?: string;
  private grants = 0;

  constructor(scope: Construct, id: string, props: ExportsBucketProps) {
    super(scope, id);
    this.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
    const expireAfterDays = props.expireAfterDays ?? 365;
    const noncurrentVersionExpireDays = props.noncurrentVersionExpireDays ?? 30;
    validate(props.name, expireAfterDays, noncurrentVersionExpireDays);
    this.kmsKeyArn = props.kmsKeyArn;

    // Without force_destroy, Terraform refuses to delete a bucket that still holds exports.
    const bucket = new S3Bucket(this, 'bucket', { bucket: props.name, forceDestroy: props.forceDestroy ?? false });
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;

    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const versioning = new S3BucketVersioning(this, 'versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfiguration(this, 'encryption', {
      bucket: bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
          // S3 Bucket Keys cut KMS requests (and cost) for many small exports.
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', { bucket: bucket.id, policy: denyInsecureTransportPolicy('s3', [bucket.arn, `${bucket.arn}/*`]) });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      // Lifecycle rules on noncurrent versions need versioning in place first.
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-exports',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: expireAfterDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: noncurrentVersionExpireDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          // Separate rule: S3 rejects expired_object_delete_marker next to days.
          id: 'remove-expired-delete-markers',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
    });
  }

  /** Lets the role list and read exports (and decrypt with the KMS key). */
  grantRead(role: IamRole): IamRolePolicy {
    return this.grant(role, 'read');
  }

  /** Lets the role read, write and delete exports (and use the KMS key). */
  grantReadWrite(role: IamRole): IamRolePolicy {
    return this.grant(role, 'read-write');
  }

  /**
   * An inline policy on the role, created in this bucket's stack (the role may
   * live in another stack; cdktf passes its name across).
   */
  private grant(role: IamRole, access: 'read' | 'read-write'): IamRolePolicy {
    const write = access === 'read-write';
    const kms = this.kmsKeyArn
      ? [{ Effect: 'Allow', Action: write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'], Resource: this.kmsKeyArn }]
      : [];
    return new IamRolePolicy(this, `grant-${++this.grants}`, {
      role: role.name,
      // Unique per bucket and access level, so several buckets can grant one role.
      name: `exports-${access}-${this.node.addr.slice(0, 8)}`,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: BUCKET_ACTIONS, Resource: this.bucketArn },
          { Effect: 'Allow', Action: [...READ_OBJECT_ACTIONS, ...(write ? WRITE_OBJECT_ACTIONS : [])], Resource: `${this.bucketArn}/*` },
          ...kms,
        ],
      }),
    });
  }
}

function validate(name: string, expireAfterDays: number, noncurrentDays: number): void {
  if (!BUCKET_NAME.test(name)) {
    throw new Error(`ExportsBucket '${name}': name must be 3-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit.`);
  }
  if (!Number.isInteger(expireAfterDays) || expireAfterDays < 1) {
    throw new Error(`ExportsBucket '${name}': expireAfterDays must be a whole number of days, 1 or more, got ${expireAfterDays}.`);
  }
  if (!Number.isInteger(noncurrentDays) || noncurrentDays < 1) {
    throw new Error(`ExportsBucket '${name}': noncurrentVersionExpireDays must be a whole number of days, 1 or more, got ${noncurrentDays}.`);
  }
}
