/**
 * An account's audit trail: every region's management events, S3 data events
 * of one exports bucket, and the CIS security alarms to a topic. Type-checked by
 * the module's `typecheck` target.
 */
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { AuditTrail } from '../src';

const app = new App();
const stack = new TerraformStack(app, 'cloudtrail-example');
const accountId = '111111111111';

const trail = new AuditTrail(stack, 'audit', {
  name: 'lq3-staging',
  bucketName: `lq3-cloudtrail-${accountId}`,
  accountId,
  region: 'eu-central-1',
  expireAfterDays: 1096,
  s3DataEventBuckets: [`lq3-staging01-exports-${accountId}`],
  securityAlarms: {
    topicArn: `arn:aws:sns:eu-central-1:${accountId}:lq3-account-security`,
    thresholds: { consoleSignInFailures: 5 },
  },
});

new TerraformOutput(stack, 'trail-arn', { value: trail.trailArn });
new TerraformOutput(stack, 'log-group', { value: trail.logGroupName });

app.synth();
