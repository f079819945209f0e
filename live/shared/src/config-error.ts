/** A problem in an env config file, reported as `<file>: <field path>: <what is wrong>`. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly fieldPath: string,
    readonly problem: string,
  ) {
    super(`${file}: ${fieldPath ? `${fieldPath}: ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

/** Several problems found in one pass; the message lists one per line. */
export class ConfigErrors extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ConfigErrors';
  }
}
