import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Alb, type AlbProps } from '../src';
import { type Json, newStack, ofType, single, synth } from './helpers';

/** A throwaway self-signed CA made with openssl for these tests; trusted nowhere. */
const TEST_CA = readFileSync(join(__dirname, 'fixtures', 'test-ca.pem'), 'utf8');
const CERT = 'arn:aws:acm:eu-central-1:123456789012:certificate/0f6b1c1e-1111-2222-3333-444455556666';

function props(overrides: Partial<AlbProps> = {}): AlbProps {
  return {
    name: 'lq3-test-edge',
    vpcId: 'vpc-0123456789abcdef0',
    vpcCidr: '10.20.0.0/16',
    subnetIds: ['subnet-aaaa', 'subnet-bbbb'],
    ingressCidrs: ['173.245.48.0/20'],
    certificateArn: CERT,
    clientCertificates: { caCertificatesPem: TEST_CA },
    ...overrides,
  };
}

function build(overrides: Partial<AlbProps> = {}): Json {
  const { stack } = newStack();
  new Alb(stack, 'alb', props(overrides));
  return synth(stack);
}

const listener = (json: Json, port: number): Json => ofType(json, 'aws_lb_listener').find((l) => l.port === port);
const FORBIDDEN = [{ type: 'fixed-response', fixed_response: { status_code: '403', content_type: 'text/plain', message_body: 'Forbidden' } }];

describe('Alb with client certificates (mutual TLS)', () => {
  const json = build();

  it('verifies every HTTPS client certificate against the trust store, expiry included', () => {
    const trustStore = single(json, 'aws_lb_trust_store');
    expect(listener(json, 443).mutual_authentication).toEqual({
      mode: 'verify',
      trust_store_arn: expect.stringMatching(/^\$\{aws_lb_trust_store\..+\.arn\}$/),
      ignore_client_certificate_expiry: false,
      advertise_trust_store_ca_names: 'off',
    });
    expect(trustStore.name).toBe('lq3-test-edge');
  });

  // The negative case: a request the listener rules do not take never reaches a target.
  it('answers unauthenticated or unrouted requests with a fixed 403 from the load balancer, never a forward', () => {
    expect(listener(json, 443).default_action).toEqual(FORBIDDEN);
    expect(JSON.stringify(listener(json, 443).default_action)).not.toMatch(/forward|redirect/);
  });

  // Plain HTTP carries no client certificate: no listener and no open port could take it.
  it('speaks HTTPS only: no HTTP listener, port 80 closed in the security group', () => {
    expect(ofType(json, 'aws_lb_listener').map((l) => l.port)).toEqual([443]);
    const ingressPorts = ofType(json, 'aws_vpc_security_group_ingress_rule').map((rule) => rule.from_port);
    expect(new Set(ingressPorts)).toEqual(new Set([443]));
    expect(single(json, 'aws_security_group').description).toBe('Load balancer lq3-test-edge: HTTPS from allowed CIDRs');
    const { stack } = newStack();
    expect(new Alb(stack, 'alb', props()).httpListenerArn).toBeUndefined();
  });

  it('expires replaced CA bundles and keeps the current one', () => {
    const lifecycle = ofType(json, 'aws_s3_bucket_lifecycle_configuration').find((l) => String(l.bucket).includes('client-certificates'));
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({ status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 90 }], abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] }),
    ]);
    expect(lifecycle.rule[0].expiration).toBeUndefined();
  });

  it('reads the CA bundle from the exact object version Terraform wrote, in a private TLS-only bucket', () => {
    const trustStore = single(json, 'aws_lb_trust_store');
    const bundle = single(json, 'aws_s3_object');
    expect(bundle).toMatchObject({ key: 'ca-certificates.pem', content: TEST_CA, content_type: 'application/x-pem-file' });
    expect(trustStore.ca_certificates_bundle_s3_key).toMatch(/^\$\{aws_s3_object\..+\.key\}$/);
    expect(trustStore.ca_certificates_bundle_s3_object_version).toMatch(/^\$\{aws_s3_object\..+\.version_id\}$/);
    const buckets = ofType(json, 'aws_s3_bucket');
    const bundleBucket = buckets.find((b) => String(b.bucket).includes('-trust-store-'));
    expect(bundleBucket).toMatchObject({ bucket: expect.stringMatching(/^lq3-test-edge-trust-store-\$\{data\.aws_caller_identity\..+\.account_id\}$/), force_destroy: false });
    // Both buckets (access logs, bundle) are private, encrypted and versioned.
    expect(ofType(json, 'aws_s3_bucket_public_access_block')).toHaveLength(2);
    expect(ofType(json, 'aws_s3_bucket_versioning')).toHaveLength(2);
    const statements = ofType(json, 'aws_iam_policy_document', 'data').map((doc) => doc.statement.map((s: Json) => s.sid));
    expect(statements).toContainEqual(['DenyInsecureTransport']);
  });

  it('exposes the trust store ARN', () => {
    const { stack } = newStack();
    expect(new Alb(stack, 'alb', props()).trustStoreArn).toMatch(/TOKEN/);
    expect(new Alb(stack, 'plain', props({ name: 'plain', clientCertificates: undefined })).trustStoreArn).toBeUndefined();
  });

  it('makes the HTTPS listener wait for what must exist before it verifies', () => {
    const { stack } = newStack();
    const switchOn = new S3Bucket(stack, 'stand-in-for-the-cdn-switch', {});
    new Alb(stack, 'alb', props({ clientCertificates: { caCertificatesPem: TEST_CA, dependsOn: [switchOn] } }));
    expect(listener(synth(stack), 443).depends_on).toEqual(['aws_s3_bucket.stand-in-for-the-cdn-switch']);
  });

  it('takes a bucket name and force-destroy for the bundle bucket', () => {
    const custom = build({ clientCertificates: { caCertificatesPem: TEST_CA, bucketName: 'my-trust-store', bucketForceDestroy: true } });
    expect(ofType(custom, 'aws_s3_bucket').find((b) => b.bucket === 'my-trust-store')).toMatchObject({ force_destroy: true });
  });

  it('refuses a bundle that is not only certificates, or a bad bucket name', () => {
    const { stack } = newStack();
    const key = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';
    expect(() => new Alb(stack, 'a', props({ clientCertificates: { caCertificatesPem: `${TEST_CA}${key}` } }))).toThrow(/not a PEM bundle of certificates.*never a private key/);
    expect(() => new Alb(stack, 'b', props({ clientCertificates: { caCertificatesPem: 'cloudflare' } }))).toThrow(/clientCertificates.caCertificatesPem/);
    expect(() => new Alb(stack, 'c', props({ clientCertificates: { caCertificatesPem: TEST_CA, bucketName: 'Bad_Name' } }))).toThrow(/clientCertificates.bucketName "Bad_Name"/);
  });
});
