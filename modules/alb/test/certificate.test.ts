import { TerraformIterator, TerraformResource, TerraformVariable, Token } from 'cdktf';
import { DnsValidatedCertificate } from '../src';
import pkg from '../package.json';
import { newStack, ofType, single, synth } from './helpers';

describe('DnsValidatedCertificate', () => {
  it('requests a DNS-validated RSA certificate for the primary name and the alternatives', () => {
    const { stack } = newStack();
    new DnsValidatedCertificate(stack, 'cert', { domainNames: ['App.example.com', 'www.example.com'], tags: { Team: 'web' } });
    expect(single(synth(stack), 'aws_acm_certificate')).toEqual({
      domain_name: 'app.example.com',
      subject_alternative_names: ['www.example.com'],
      validation_method: 'DNS',
      key_algorithm: 'RSA_2048',
      tags: { Team: 'web' },
      lifecycle: { create_before_destroy: true },
    });
  });

  it('has no alternative names for a single name and honours the key algorithm', () => {
    const { stack } = newStack();
    new DnsValidatedCertificate(stack, 'cert', { domainNames: ['app.example.com'], keyAlgorithm: 'EC_prime256v1' });
    const cert = single(synth(stack), 'aws_acm_certificate');
    expect(cert.subject_alternative_names).toBeUndefined();
    expect(cert.key_algorithm).toBe('EC_prime256v1');
  });

  it('keys validation options by domain name and selects each from the certificate', () => {
    const { stack } = newStack();
    const cert = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['app.example.com', 'www.example.com'] });
    expect(Object.keys(cert.domainValidationOptions)).toEqual(['app.example.com', 'www.example.com']);
    const iterator = TerraformIterator.fromMap(cert.domainValidationOptions);
    new TerraformResource(stack, 'record', { terraformResourceType: 'null_resource', forEach: iterator });
    const forEach = single(synth(stack), 'null_resource').for_each;
    expect(forEach['www.example.com']).toMatch(
      /^\$\{\{ for key, val in toset\(tolist\(aws_acm_certificate\.cert_certificate_.+\.domain_validation_options\)\): val\.domain_name => val \}\["www\.example\.com"\]\}$/,
    );
  });

  it('leaves out a wildcard whose base name shares its validation record', () => {
    const { stack } = newStack();
    const cert = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['example.com', '*.example.com', '*.api.example.com'] });
    expect(Object.keys(cert.domainValidationOptions)).toEqual(['example.com', '*.api.example.com']);
  });

  it('waits for the validation records and returns the validated ARN', () => {
    const { stack } = newStack();
    const cert = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['app.example.com'] });
    const record = new TerraformResource(stack, 'record', { terraformResourceType: 'null_resource' });
    const arn = cert.validate([record]);
    expect(Token.isUnresolved(arn)).toBe(true);
    const validation = single(synth(stack), 'aws_acm_certificate_validation');
    expect(validation.certificate_arn).toMatch(/^\$\{aws_acm_certificate\.cert_certificate_.+\.arn\}$/);
    expect(validation.depends_on).toEqual(['null_resource.record']);
  });

  it('creates no validation resource until validate() is called', () => {
    const { stack } = newStack();
    const cert = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['app.example.com'] });
    expect(ofType(synth(stack), 'aws_acm_certificate_validation')).toHaveLength(0);
    expect(Token.isUnresolved(cert.certificateArn)).toBe(true);
  });

  it('announces the module version once', () => {
    const { stack } = newStack();
    const cert = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['app.example.com'] });
    expect(cert.node.metadata.filter((m) => m.type === 'lq3:module').map((m) => m.data)).toEqual([{ name: '@lq3/alb', version: pkg.version }]);
  });

  describe('validation', () => {
    it.each([
      ['an empty name list', [], /domainNames is empty/],
      ['a name without a dot', ['localhost'], /"localhost" is not a fully qualified domain name/],
      ['a name with invalid characters', ['app_1.example.com'], /"app_1.example.com" is not a valid DNS name/],
      ['a wildcard in the middle', ['app.*.example.com'], /is not a valid DNS name/],
      ['a name listed twice', ['app.example.com', 'APP.example.com'], /lists "APP.example.com" twice/],
    ])('rejects %s', (_case, domainNames, message) => {
      const { stack } = newStack();
      expect(() => new DnsValidatedCertificate(stack, 'cert', { domainNames })).toThrow(message);
    });

    it('rejects a domain name that Terraform resolves later', () => {
      const { stack } = newStack();
      const name = new TerraformVariable(stack, 'name', { type: 'string' }).stringValue;
      expect(() => new DnsValidatedCertificate(stack, 'cert', { domainNames: [name] })).toThrow(/expected literal names/);
    });

    it('rejects validate() without records', () => {
      const { stack } = newStack();
      const cert = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['app.example.com'] });
      expect(() => cert.validate([])).toThrow(/validate\(\) got no validation records/);
    });

    it('rejects a second validate()', () => {
      const { stack } = newStack();
      const cert = new DnsValidatedCertificate(stack, 'cert', { domainNames: ['app.example.com'] });
      const record = new TerraformResource(stack, 'record', { terraformResourceType: 'null_resource' });
      cert.validate([record]);
      expect(() => cert.validate([record])).toThrow(/already called/);
    });
  });
});
