/**
 * Module constructs announce themselves with
 * `this.node.addMetadata(MODULE_METADATA_TYPE, { name, version })` (read from
 * their own package.json), and EnvironmentStack writes what it finds into the
 * stack JSON. Modules keep the literal string, so they need no dependency on
 * this layer.
 */
export const MODULE_METADATA_TYPE = 'lq3:module';
