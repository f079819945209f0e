import { Fn, type IResolvable, TerraformVariable } from 'cdktf';
import { AcmValidationRecords } from '../src';
import pkg from '../package.json';
import { moduleMetadata, newStack, ofType, synth } from './helpers';

function optionsFor(stack: ReturnType<typeof newStack>, names: string[]): Record<string, IResolvable> {
  // Stands in for DnsValidatedCertificate.domainValidationOptions: static keys, values known at apply.
  const options = new TerraformVariable(stack, 'options', { type: 'map(any)' });
  return Object.fromEntries(names.map((name) => [name, Fn.lookup(options.value, name)]));
}

describe('AcmValidationRecords', () => {
  it('creates one DNS-only record per domain, keyed by domain name', () => {
    const stack = newStack();
    const records = new AcmValidationRecords(stack, 'validation', {
      zoneId: 'zone-id',
      domainValidationOptions: optionsFor(stack, ['app.example.com', 'www.example.com']),
    });
    const [record] = ofType(synth(stack), 'cloudflare_dns_record');
    expect(Object.keys(record.for_each)).toEqual(['app.example.com', 'www.example.com']);
    expect(record).toMatchObject({
      zone_id: 'zone-id',
      proxied: false,
      ttl: 60,
      name: '${trimsuffix(each.value.resource_record_name, ".")}',
      type: '${each.value.resource_record_type}',
      content: '${trimsuffix(each.value.resource_record_value, ".")}',
      comment: 'ACM certificate validation; managed by Terraform (@lq3/cloudflare-dns)',
    });
    expect(records.domainNames).toEqual(['app.example.com', 'www.example.com']);
    expect(records.records).toHaveLength(1);
    expect(moduleMetadata(records)).toEqual([{ name: '@lq3/cloudflare-dns', version: pkg.version }]);
  });

  it('uses the given comment', () => {
    const stack = newStack();
    new AcmValidationRecords(stack, 'validation', { zoneId: 'zone-id', domainValidationOptions: optionsFor(stack, ['a.example.com']), comment: 'cert for edge' });
    expect(ofType(synth(stack), 'cloudflare_dns_record')[0].comment).toBe('cert for edge');
  });

  it('rejects an empty option map', () => {
    expect(() => new AcmValidationRecords(newStack(), 'validation', { zoneId: 'zone-id', domainValidationOptions: {} })).toThrow(/domainValidationOptions is empty/);
  });

  it('rejects an empty zone id', () => {
    const stack = newStack();
    expect(() => new AcmValidationRecords(stack, 'validation', { zoneId: ' ', domainValidationOptions: optionsFor(stack, ['a.example.com']) })).toThrow(/zoneId is empty/);
  });

  it('rejects a comment Cloudflare would cut', () => {
    const stack = newStack();
    expect(
      () => new AcmValidationRecords(stack, 'validation', { zoneId: 'zone-id', domainValidationOptions: optionsFor(stack, ['a.example.com']), comment: 'x'.repeat(101) }),
    ).toThrow(/is 101 characters; Cloudflare keeps at most 100/);
  });
});
