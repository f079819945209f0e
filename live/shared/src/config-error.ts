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

/**
 * Runs `build` and reports any error it throws that is not already a config
 * error as one at `<file>: <fieldPath>`: errors raised inside modules (props
 * validation, construct ids) then name the env file and the field that fed them.
 */
export function atField<T>(file: string, fieldPath: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigErrors) throw error;
    throw new ConfigError(file, fieldPath, error instanceof Error ? error.message : String(error));
  }
}

/** Module errors may list problems on several lines; a config error is one line. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter(Boolean)
    .join('; ')
    .replace(/:; /g, ': ');
}
