/** A problem in an env config file, reported as `<file>: <field path>: <what is wrong>`. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly fieldPath: string,
    readonly problem: string,
  ) {
    super(`${file}: ${fieldPath ? `${fieldPath}: ` : ''}${oneLine(problem)}`);
    this.name = 'ConfigError';
  }
}

/**
 * Several problems found in one pass. The message is the first of them — one
 * line, `<file>: <field path>: <problem>` — and `errors` holds them all.
 */
export class ConfigErrors extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(errors[0]?.message ?? 'invalid configuration');
    this.name = 'ConfigErrors';
  }
}

/** Messages may list problems on several lines; a config error is one line. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter(Boolean)
    .join('; ')
    .replace(/:; /g, ': ');
}
