import { Token } from 'cdktf';

export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** Zone ids are 32 lower-case hex characters; a token (e.g. `CloudflareZone.zoneId`) is accepted as is. */
export function requireZoneId(owner: string, zoneId: string): void {
  if (!isToken(zoneId) && !/^[0-9a-f]{32}$/.test(zoneId)) {
    throw new Error(`${owner}: zoneId "${zoneId}" is not a Cloudflare zone id; expected 32 lower-case hexadecimal characters or a reference (e.g. CloudflareZone.zoneId).`);
  }
}
