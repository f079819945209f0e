import type { Construct } from 'constructs';
import pkg from '../package.json';

/**
 * Marks `construct` as built by this package (ADR 0002), so the live layer can
 * record which module versions produced each stack. The literal type string
 * keeps this module free of any dependency on the live layer.
 */
export function announceModule(construct: Construct): void {
  construct.node.addMetadata('lq3:module', { name: pkg.name, version: pkg.version });
}
