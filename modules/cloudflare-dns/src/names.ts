/** Synth-time checks of DNS names; token values (resolved by Terraform) are skipped by the callers. */
import { isIPv4 } from 'node:net';
import { Token } from 'cdktf';

export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower-cases a fully qualified name (optionally `*.`-prefixed) or throws saying what is wrong with it. */
export function normaliseHostname(owner: string, field: string, raw: string, allowWildcard: boolean): string {
  const name = raw.toLowerCase().replace(/\.$/, '');
  const labels = (allowWildcard && name.startsWith('*.') ? name.slice(2) : name).split('.');
  if (name.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    throw new Error(
      `${owner}: ${field} "${raw}" is not a fully qualified host name; expected labels of letters, digits and inner hyphens with at least one dot, e.g. app.example.com${allowWildcard ? ' (or *.example.com)' : ''}.`,
    );
  }
  return name;
}

export function isIpv4Address(value: string): boolean {
  return isIPv4(value);
}
