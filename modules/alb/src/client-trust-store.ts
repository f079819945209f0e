import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { LbTrustStore } from '@cdktf/provider-aws/lib/lb-trust-store';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { Construct } from 'constructs';
import { denyInsecureTransport, lockDown } from './private-bucket';

/** Settings the Alb passes through from `AlbProps.clientCertificates` (see there for their meaning). */
export interface ClientTrustStoreProps {
  /** Trust store name; also the default bucket name's stem. */
  readonly name: string;
  readonly caCertificatesPem: string;
  readonly bucketName?: string;
  readonly bucketForceDestroy: boolean;
}

/** How long a replaced CA bundle stays in the bucket (to see what was trusted before). */
export const NONCURRENT_BUNDLE_DAYS = 90;

/** Object key of the CA bundle in its bucket. */
export const CA_BUNDLE_KEY = 'ca-certificates.pem';

/**
 * An ELB trust store and the private bucket its CA bundle is read from: ELB copies the bundle
 * when the trust store is created or modified, from the version of the object Terraform wrote,
 * so a changed bundle is a new object version and an in-place update of the trust store.
 */
export class ClientTrustStore extends Construct {
  readonly trustStoreArn: string;
  readonly bucketName: string;

  constructor(scope: Construct, id: string, props: ClientTrustStoreProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'account');
    const bucket = new S3Bucket(this, 'bucket', {
      // Bucket names are global: the account id keeps two accounts using the same name apart.
      bucket: props.bucketName ?? `${props.name.toLowerCase()}-trust-store-${account.accountId}`,
      forceDestroy: props.bucketForceDestroy,
    });
    this.bucketName = bucket.bucket;
    const { publicAccess, versioning } = lockDown(this, bucket);
    const policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: [denyInsecureTransport(bucket.arn)] });
    new S3BucketPolicy(this, 'policy', {
      bucket: bucket.id,
      policy: policyDocument.json,
      // S3 rejects a bucket policy while the public access block is still being applied.
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-replaced-bundles',
          status: 'Enabled',
          filter: [{}],
          // ELB copies the bundle when the trust store changes; an old version is only a record.
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_BUNDLE_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });
    const bundle = new S3Object(this, 'ca-bundle', {
      bucket: bucket.id,
      key: CA_BUNDLE_KEY,
      content: props.caCertificatesPem,
      contentType: 'application/x-pem-file',
      // A version id exists only once versioning is on.
      dependsOn: [versioning],
    });
    const trustStore = new LbTrustStore(this, 'trust-store', {
      name: props.name,
      caCertificatesBundleS3Bucket: bucket.bucket,
      caCertificatesBundleS3Key: bundle.key,
      caCertificatesBundleS3ObjectVersion: bundle.versionId,
    });
    this.trustStoreArn = trustStore.arn;
  }
}
