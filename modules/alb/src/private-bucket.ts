import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { Construct } from 'constructs';

/** The companions that make a bucket private, created by `lockDown`. */
export interface LockedDownBucket {
  readonly publicAccess: S3BucketPublicAccessBlock;
  readonly ownership: S3BucketOwnershipControls;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  readonly versioning: S3BucketVersioningA;
}

/**
 * What every bucket of this module has: all public access blocked, objects owned by the
 * bucket owner (ACLs disabled), SSE-S3 encryption (ELB reads and writes nothing else) and
 * versioning. The ids are fixed, so the resources keep their state addresses in `scope`.
 */
export function lockDown(scope: Construct, bucket: S3Bucket): LockedDownBucket {
  return {
    publicAccess: new S3BucketPublicAccessBlock(scope, 'public-access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    ownership: new S3BucketOwnershipControls(scope, 'ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    }),
    encryption: new S3BucketServerSideEncryptionConfigurationA(scope, 'encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    }),
    versioning: new S3BucketVersioningA(scope, 'versioning', {
      bucket: bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    }),
  };
}

/** Bucket policy statement refusing every request that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    principals: [{ type: '*', identifiers: ['*'] }],
    actions: ['s3:*'],
    resources: [bucketArn, `${bucketArn}/*`],
    condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
  };
}
