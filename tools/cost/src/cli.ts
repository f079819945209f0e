/**
 * `cost <project dir> [--json]` (the inferred `cost` target of every live project): the
 * monthly estimate of each env from its synthesized stacks. Exit 0 with the report, 1 with
 * one line when something cannot be priced, 2 on wrong usage.
 */
import { relative, resolve } from 'node:path';
import { estimateProject } from './project';
import { renderText } from './report';

const USAGE = 'usage: cost <live project dir> [--json]   (synthesize first: npx nx run <project>:synth)';

export function main(argv: readonly string[]): number {
  const flags = argv.filter((arg) => arg.startsWith('--'));
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = flags.filter((flag) => flag !== '--json');
  if (positional.length !== 1 || unknown.length > 0) {
    console.error(unknown.length > 0 ? `cost: unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const projectDir = resolve(positional[0]);
  try {
    const result = estimateProject(projectDir);
    if (flags.includes('--json')) {
      process.stdout.write(`${JSON.stringify({ project: result.project, estimates: result.estimates }, null, 2)}\n`);
    } else {
      const region = [...result.environments.values()][0]?.region ?? 'eu-central-1';
      process.stdout.write(renderText(relative(process.cwd(), projectDir) || result.project, result.estimates, region));
    }
    return 0;
  } catch (error) {
    console.error(`cost: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
