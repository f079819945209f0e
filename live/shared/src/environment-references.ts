/**
 * How environments refer to each other: a copy reuses a base env's VPC
 * (`network.reuse: <env>`) and restores the latest snapshot of its database
 * (`database.restoreFromLatestSnapshotOf: lq3-<env>-mysql`).
 *
 * Deliberately light (no schema, no cdktf): the Nx plugin reads raw env.yaml data
 * with it to add graph edges from each copy to its bases, so a change to a base
 * env marks its copies affected.
 */
import { resourceName } from './organisation';

/** Identifier of an environment's MySQL writer, `lq3-<env>-mysql`. */
export function databaseIdentifier(environment: string): string {
  return resourceName(environment, 'mysql');
}

/** The environment whose writer `identifier` is, or undefined when it is not `lq3-<env>-mysql`. */
export function environmentOfDatabase(identifier: string): string | undefined {
  const [prefix, suffix] = resourceName('|', 'mysql').split('|');
  return identifier.startsWith(prefix) && identifier.endsWith(suffix) && identifier.length > prefix.length + suffix.length
    ? identifier.slice(prefix.length, -suffix.length)
    : undefined;
}

/**
 * Names of the environments one environment's raw config refers to (VPC reuse and
 * database restore), tolerant of any shape: unparseable parts refer to nothing.
 */
export function referencedEnvironments(config: unknown): string[] {
  const network = field(config, 'network');
  const database = field(config, 'database');
  const reuse = field(network, 'reuse');
  const restore = field(database, 'restoreFromLatestSnapshotOf');
  const names = [typeof reuse === 'string' ? reuse : undefined, typeof restore === 'string' ? environmentOfDatabase(restore) : undefined];
  return [...new Set(names.filter((name): name is string => name !== undefined))];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
