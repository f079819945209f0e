import { X509Certificate } from 'node:crypto';
import { CloudflareZone } from '@lq3/cloudflare-dns';
import { AuthenticatedOriginPulls, CLOUDFLARE_ORIGIN_PULL_CA_NOT_AFTER, CLOUDFLARE_ORIGIN_PULL_CA_PEM, CLOUDFLARE_ORIGIN_PULL_CA_SHA256 } from '../src';
import pkg from '../package.json';
import { moduleMetadata, newStack, ofType, synth } from './helpers';

describe('AuthenticatedOriginPulls', () => {
  it('turns zone-level Authenticated Origin Pulls on, for origins to depend on', () => {
    const stack = newStack();
    const zone = new CloudflareZone(stack, 'zone', { name: 'example.com' });
    const pulls = new AuthenticatedOriginPulls(stack, 'origin-pulls', { zoneId: zone.zoneId });
    const [settings] = ofType(synth(stack), 'cloudflare_authenticated_origin_pulls_settings');
    expect(settings).toEqual({ zone_id: expect.stringMatching(/^\$\{data\.cloudflare_zone\.zone_.+\.id\}$/), enabled: true });
    expect(pulls.enabled).toBeDefined();
    expect(moduleMetadata(pulls)).toEqual([{ name: '@lq3/cloudflare-zone', version: pkg.version }]);
  });

  it('refuses a zone id that is not one', () => {
    expect(() => new AuthenticatedOriginPulls(newStack(), 'origin-pulls', { zoneId: 'zone' })).toThrow(/zoneId "zone" is not a Cloudflare zone id/);
  });
});

describe("Cloudflare's origin-pull CA", () => {
  const ca = new X509Certificate(CLOUDFLARE_ORIGIN_PULL_CA_PEM);

  it('is the self-signed origin-pull.cloudflare.net CA, intact (its own signature verifies)', () => {
    expect(ca.subject).toContain('CN=origin-pull.cloudflare.net');
    expect(ca.issuer).toBe(ca.subject);
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(ca.fingerprint256).toBe(CLOUDFLARE_ORIGIN_PULL_CA_SHA256);
  });

  it('states its expiry, and is one PEM certificate with nothing else', () => {
    expect(new Date(ca.validTo).toISOString()).toBe(new Date(CLOUDFLARE_ORIGIN_PULL_CA_NOT_AFTER).toISOString());
    expect(CLOUDFLARE_ORIGIN_PULL_CA_PEM.match(/-----BEGIN [A-Z ]+-----/g)).toEqual(['-----BEGIN CERTIFICATE-----']);
  });
});
