// Public API of the policy gate (see docs/decisions/0006-policy-gate.md).
export { prepareForCheckov, STATE_OPERATION_BLOCKS, writeCheckovInput } from './checkov-input';
export { parseCheckovOutput, PARSED_SENTINEL_ID, runCheckov, type CheckovReport } from './checkov';
export { checkInvariants, INVARIANTS, type Invariant, type InvariantName, type StackUnderTest, type Violation } from './invariants';
export { REPORT_DIR, REPORT_FILE, scanProject, writeReport } from './policy-run';
export { evaluateScan, projectProblems, type ProjectScan, type StackScan } from './scan';
export { renderSecurityDoc } from './security-report';
export { loadSkips, parseSkips, type Skips } from './skips';
export { readSynthOutput, resourcesOf, type SynthesizedStack, type TerraformJson } from './terraform-json';
