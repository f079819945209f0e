import { fargateSizeProblem } from '../src/fargate';
import { boundedName } from '../src/names';
import { ecrRepositoryArn, imageHasTagOrDigest, parseSecretReference } from '../src/references';

const SECRET = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:app/db-AbCdEf';

describe('parseSecretReference', () => {
  it('strips a complete json-key/stage/version selector from Secrets Manager ARNs', () => {
    expect(parseSecretReference(`${SECRET}:password::`)).toEqual({ service: 'secretsmanager', resourceArn: SECRET });
    expect(parseSecretReference(`${SECRET}:password:AWSCURRENT:`)).toEqual({ service: 'secretsmanager', resourceArn: SECRET });
    expect(parseSecretReference(SECRET)).toEqual({ service: 'secretsmanager', resourceArn: SECRET });
  });

  it('rejects a selector without its trailing fields, which ECS would fail on at task start', () => {
    expect(parseSecretReference(`${SECRET}:password`)).toBeUndefined();
  });

  it('recognises SSM parameter ARNs, also in other partitions', () => {
    const parameter = 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/key';
    expect(parseSecretReference(parameter)).toEqual({ service: 'ssm', resourceArn: parameter });
  });

  it('rejects names, plaintext and ARNs of other services', () => {
    for (const value of ['/app/key', 'app/db', 's3cr3t', 'arn:aws:kms:eu-central-1:123456789012:key/abc', '']) {
      expect(parseSecretReference(value)).toBeUndefined();
    }
  });
});

describe('ecrRepositoryArn', () => {
  it('derives the repository ARN from private ECR image URIs, including FIPS and China endpoints', () => {
    expect(ecrRepositoryArn('123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/api')).toBe('arn:aws:ecr:eu-central-1:123456789012:repository/team/api');
    expect(ecrRepositoryArn('123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/api')).toBe('arn:aws:ecr:us-east-1:123456789012:repository/api');
    expect(ecrRepositoryArn('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api')).toBe('arn:aws-cn:ecr:cn-north-1:123456789012:repository/api');
  });

  it('returns nothing for other registries', () => {
    expect(ecrRepositoryArn('public.ecr.aws/nginx/nginx')).toBeUndefined();
    expect(ecrRepositoryArn('ghcr.io/acme/api')).toBeUndefined();
  });
});

describe('imageHasTagOrDigest', () => {
  it('looks only at the last path segment, so registry ports are not tags', () => {
    expect(imageHasTagOrDigest('registry.example.com:5000/api')).toBe(false);
    expect(imageHasTagOrDigest('registry.example.com:5000/api:1.0')).toBe(true);
    expect(imageHasTagOrDigest('api@sha256:abc')).toBe(true);
  });
});

describe('fargateSizeProblem', () => {
  it('accepts every documented size and rejects values between steps', () => {
    expect(fargateSizeProblem(8192, 16384)).toBeUndefined();
    expect(fargateSizeProblem(8192, 61440)).toBeUndefined();
    expect(fargateSizeProblem(8192, 17408)).toMatch(/use 16384-61440 in steps of 4096 MiB/);
    expect(fargateSizeProblem(16384, 122880)).toBeUndefined();
    expect(fargateSizeProblem(4096, 30720)).toBeUndefined();
    expect(fargateSizeProblem(4096, 31744)).toMatch(/memory 31744 does not fit cpu 4096/);
  });
});

describe('boundedName', () => {
  it('keeps short names as they are', () => {
    expect(boundedName('api', '-8080-1', 32)).toBe('api-8080-1');
  });

  it('cuts long names to the limit without a dangling hyphen before the hash', () => {
    const name = boundedName('lq3-parallel-back-staging-back-api', '-8080-2', 32);
    expect(name.length).toBeLessThanOrEqual(32);
    expect(name).toMatch(/^lq3-parallel-back-[0-9a-f]{6}-8080-2$/);
    expect(boundedName('lq3-parallel-front-staging-front-web', '-8080-1', 32)).toHaveLength(32);
    expect(boundedName('aaaaaaaaaaaaaaaaa-bbbbbbbbbbbbbbbbbbbb', '-8080-1', 32)).toMatch(/^a{17}-[0-9a-f]{6}-8080-1$/);
  });
});
