import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { denyInsecureTransport, lockDown } from './private-bucket';

/** Settings the Alb passes through from its own props (see AlbProps for their meaning). */
export interface AccessLogsBucketProps {
  readonly bucketName?: string;
  /** Used for the default bucket name. */
  readonly loadBalancerName: string;
  readonly retentionDays: number;
  readonly forceDestroy: boolean;
  readonly grantRegionalElbAccount: boolean;
}

/**
 * The ALB's access log bucket: private, SSE-S3 encrypted (the only encryption
 * ELB log delivery supports), TLS-only, objects owned by the bucket owner,
 * versioned (a deleted or overwritten log stays recoverable for a day), expired
 * after the retention period, writable only by ELB log delivery and
 * only under this account's `AWSLogs/<account>/` prefix.
 */
export class AccessLogsBucket extends Construct {
  readonly bucketName: string;
  /** Everything the load balancer must wait for before it can deliver logs. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AccessLogsBucketProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, 'account');

    const bucket = new S3Bucket(this, 'bucket', {
      // Bucket names are global: the account id keeps two accounts using the same ALB name apart.
      bucket: props.bucketName ?? `${props.loadBalancerName.toLowerCase()}-alb-logs-${account.accountId}`,
      forceDestroy: props.forceDestroy,
    });
    this.bucketName = bucket.bucket;

    const { publicAccess, ownership, encryption, versioning } = lockDown(this, bucket);
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.id,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: props.retentionDays }],
          // Logs are written once; a noncurrent version only exists after a delete or overwrite.
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });

    const logObjects = `${bucket.arn}/AWSLogs/${account.accountId}/*`;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'ElbLogDelivery',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
        actions: ['s3:PutObject'],
        resources: [logObjects],
      },
    ];
    if (props.grantRegionalElbAccount) {
      // Regions opened before August 2022 (eu-central-1 among them) have delivered
      // ALB logs as the region's ELB account; AWS still documents that grant there.
      const elbAccount = new DataAwsElbServiceAccount(this, 'elb-account');
      statements.push({
        sid: 'RegionalElbAccountLogDelivery',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [elbAccount.arn] }],
        actions: ['s3:PutObject'],
        resources: [logObjects],
      });
    }
    statements.push(denyInsecureTransport(bucket.arn));
    const policyDocument = new DataAwsIamPolicyDocument(this, 'policy-document', { statement: statements });
    const policy = new S3BucketPolicy(this, 'policy', {
      bucket: bucket.id,
      policy: policyDocument.json,
      // S3 rejects a bucket policy while the public access block is still being applied.
      dependsOn: [publicAccess],
    });

    this.ready = [policy, ownership, encryption];
  }
}
