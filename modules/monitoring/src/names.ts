import { createHash } from 'node:crypto';
import type { Construct } from 'constructs';
import pkg from '../package.json';

/** Marks a construct as built by this package (ADR 0002): the live layer records the version. */
export function announceModule(construct: Construct): void {
  construct.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
}

/** Names AWS accepts for alarms, rules and dashboards: letters, digits, `-`, `_`, `.`. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * `<base><suffix>` when it fits `maxLength`; otherwise the base is cut and a
 * short hash of the full name keeps it unique and stable between synths
 * (EventBridge rule names stop at 64 characters).
 */
export function boundedName(base: string, suffix: string, maxLength: number): string {
  const full = `${base}${suffix}`;
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 6);
  return `${base.slice(0, maxLength - suffix.length - hash.length - 1).replace(/[-_.]+$/, '')}-${hash}${suffix}`;
}

/** Throws `<owner>: <problems>` when there are any. */
export function refuse(owner: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(`${owner}: ${problems.join('; ')}`);
}
