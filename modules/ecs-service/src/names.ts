import { createHash } from 'node:crypto';

/**
 * `<base><suffix>` when it fits `maxLength`, otherwise the base is cut and a
 * short hash of the full name keeps it unique and stable between synths
 * (target group names are capped at 32 characters).
 */
export function boundedName(base: string, suffix: string, maxLength: number): string {
  const full = `${base}${suffix}`;
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  const keep = maxLength - suffix.length - hash.length - 1;
  return `${base.slice(0, keep).replace(/-+$/, '')}-${hash}${suffix}`;
}
