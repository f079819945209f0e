import { ZoneSecuritySettings, type ZoneSecuritySettingsProps } from '../src';
import pkg from '../package.json';
import { moduleMetadata, newStack, ofType, synth, type Json } from './helpers';

const ZONE = '0123456789abcdef0123456789abcdef';

function settings(props: Partial<ZoneSecuritySettingsProps> = {}): Record<string, unknown> {
  const stack = newStack();
  new ZoneSecuritySettings(stack, 'zone-settings', { zoneId: ZONE, ...props });
  return Object.fromEntries(ofType(synth(stack), 'cloudflare_zone_setting').map((s: Json) => [s.setting_id, s]));
}

describe('ZoneSecuritySettings', () => {
  it('sets SSL Full (strict), TLS 1.2 at least, Always Use HTTPS and a year of HSTS by default', () => {
    const byId = settings();
    expect(Object.keys(byId).sort()).toEqual(['always_use_https', 'min_tls_version', 'security_header', 'ssl']);
    expect(byId['ssl']).toEqual({ zone_id: ZONE, setting_id: 'ssl', value: 'strict' });
    expect(byId['min_tls_version']).toMatchObject({ value: '1.2' });
    expect(byId['always_use_https']).toMatchObject({ value: 'on' });
    expect(byId['security_header']).toMatchObject({
      value: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: false, preload: false, nosniff: true } },
    });
  });

  it('takes TLS 1.3, Full, no HTTPS redirect and its own HSTS settings', () => {
    const byId = settings({ sslMode: 'full', minTlsVersion: '1.3', alwaysUseHttps: false, hsts: { maxAgeSeconds: 31536000, includeSubdomains: true, preload: true, nosniff: false } });
    expect(byId['ssl']).toMatchObject({ value: 'full' });
    expect(byId['min_tls_version']).toMatchObject({ value: '1.3' });
    expect(byId['always_use_https']).toMatchObject({ value: 'off' });
    expect(byId['security_header']).toMatchObject({ value: { strict_transport_security: { include_subdomains: true, preload: true, nosniff: false } } });
  });

  it('leaves the security header unmanaged with hsts: false', () => {
    expect(Object.keys(settings({ hsts: false })).sort()).toEqual(['always_use_https', 'min_tls_version', 'ssl']);
  });

  it('announces the module version once', () => {
    const stack = newStack();
    const construct = new ZoneSecuritySettings(stack, 'zone-settings', { zoneId: ZONE });
    expect(moduleMetadata(construct)).toEqual([{ name: '@lq3/cloudflare-zone', version: pkg.version }]);
    expect(construct.settingIds).toEqual(['ssl', 'min_tls_version', 'always_use_https', 'security_header']);
  });

  it.each<[string, Partial<ZoneSecuritySettingsProps>, RegExp]>([
    ['a zone id that is not one', { zoneId: 'example.com' }, /zoneId "example.com" is not a Cloudflare zone id/],
    ['flexible SSL', { sslMode: 'flexible' as 'full' }, /sslMode "flexible" would send plain HTTP to origins/],
    ['TLS 1.0', { minTlsVersion: '1.0' as '1.2' }, /minTlsVersion "1.0" is not allowed/],
    ['an HSTS max-age above a year', { hsts: { maxAgeSeconds: 63072000 } }, /hsts.maxAgeSeconds 63072000 is out of range/],
    ['preload without includeSubdomains', { hsts: { preload: true } }, /hsts.preload needs includeSubdomains/],
  ])('refuses %s', (_what, props, message) => {
    expect(() => new ZoneSecuritySettings(newStack(), 'zone-settings', { zoneId: ZONE, ...props })).toThrow(message);
  });
});
