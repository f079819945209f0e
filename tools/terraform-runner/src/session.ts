/**
 * What every command starts from: the project's synthesized stacks and the
 * Terraform to run them with — in emulator mode, scratch copies pointed at the
 * emulators and an environment without real credentials.
 */
import { join } from 'node:path';
import { resolveTerraform } from './binary';
import type { RunnerContext } from './context';
import { EMULATOR_DIR, emulatorEnvironment, prepareEmulatorStacks } from './emulator';
import { readSynthesizedStacks, type SynthesizedStack } from './stacks';
import { Terraform } from './terraform';

export interface Session {
  stacks: SynthesizedStack[];
  terraform: Terraform;
}

export function openSession(context: RunnerContext): Session {
  const stacks = readSynthesizedStacks(context.projectDir, context.account);
  if (!context.emulator) return { stacks, terraform: new Terraform(resolveTerraform(context.env), context.env) };
  const env = emulatorEnvironment(context.env, context.emulator, join(context.projectDir, EMULATOR_DIR));
  return { stacks: prepareEmulatorStacks(context.projectDir, stacks, context.emulator), terraform: new Terraform(resolveTerraform(env), env) };
}
