/**
 * Reading a project's plan summary (tfplan/summary.json) in the lifecycle test:
 * "no changes" must mean no changes, except for a short, reasoned list of
 * emulator quirks — diffs that come from moto answering differently from AWS,
 * never from our own code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvPlanSummary, ResourceChangeSummary } from '@lq3/terraform-runner';

export interface EmulatorQuirk {
  /** Resource type the quirk shows on. */
  readonly type: string;
  /** The attributes a re-plan may show as changing in place because of it; nothing else. */
  readonly attributes: readonly string[];
  /** What the emulator does differently from AWS. */
  readonly why: string;
}

/**
 * moto 5.2.5 behaviours that show as in-place updates on a re-plan. Each is the
 * emulator's, checked against AWS's API documentation; a diff outside this list
 * fails the lifecycle test.
 */
export const EMULATOR_QUIRKS: readonly EmulatorQuirk[] = [];

export function readSummary(workspaceRoot: string, project: string): EnvPlanSummary {
  return JSON.parse(readFileSync(join(workspaceRoot, 'live', project, 'tfplan', 'summary.json'), 'utf8')) as EnvPlanSummary;
}

export interface PlanReview {
  /** `<stack>: <what>` for every change that is neither nothing nor a known quirk. */
  unexpected: string[];
  /** `<stack>: <address> <attributes> (<why>)` for every quirk seen. */
  quirks: string[];
}

/** Sorts a plan's changes into unexpected ones and known emulator quirks. */
export function reviewNoChanges(summary: EnvPlanSummary, quirks: readonly EmulatorQuirk[] = EMULATOR_QUIRKS): PlanReview {
  const review: PlanReview = { unexpected: [], quirks: [] };
  for (const stack of summary.stacks) {
    if (stack.status === 'error' || stack.status === 'deferred') {
      review.unexpected.push(`${stack.stack}: ${stack.status}${stack.error ? `: ${stack.error.split('\n').slice(0, 6).join(' ')}` : ''}`);
      continue;
    }
    for (const output of stack.outputChanges ?? []) review.unexpected.push(`${stack.stack}: output ${output.name} ${output.action}`);
    for (const change of stack.changes) {
      const quirk = matchingQuirk(change, quirks);
      if (quirk) review.quirks.push(`${stack.stack}: ${change.address} ${change.changedAttributes.join(', ')} (${quirk.why})`);
      else review.unexpected.push(`${stack.stack}: ${change.action} ${change.address}${change.changedAttributes.length > 0 ? ` [${change.changedAttributes.join(', ')}]` : ''}`);
    }
  }
  return review;
}

function matchingQuirk(change: ResourceChangeSummary, quirks: readonly EmulatorQuirk[]): EmulatorQuirk | undefined {
  if (change.action !== 'update' || change.changedAttributes.length === 0) return undefined;
  return quirks.find((quirk) => quirk.type === change.type && change.changedAttributes.every((attribute) => quirk.attributes.includes(attribute)));
}

/**
 * Before → after of the changed attributes of each unexpected change, read from
 * the saved plan JSON: what a reader of a failed lifecycle run needs first.
 * (Emulator data only: nothing here is a real secret.)
 */
export function explainChanges(workspaceRoot: string, summary: EnvPlanSummary): string[] {
  const lines: string[] = [];
  for (const stack of summary.stacks) {
    if (!stack.planJsonFile || stack.changes.length === 0) continue;
    const planJson = JSON.parse(readFileSync(join(workspaceRoot, 'live', summary.project, 'tfplan', stack.planJsonFile), 'utf8')) as {
      resource_changes?: { address: string; change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } }[];
    };
    for (const change of stack.changes) {
      const raw = planJson.resource_changes?.find((entry) => entry.address === change.address);
      for (const attribute of change.changedAttributes) {
        const show = (value: unknown) => JSON.stringify(value)?.slice(0, 400);
        lines.push(`${stack.stack}: ${change.address}.${attribute}: ${show(raw?.change.before?.[attribute])} → ${show(raw?.change.after?.[attribute])}`);
      }
    }
  }
  return lines;
}

/** `<stack>: <action> <address>` of every change in a plan, for exact assertions. */
export function changesOf(summary: EnvPlanSummary): string[] {
  return summary.stacks.flatMap((stack) => stack.changes.map((change) => `${stack.stack}: ${change.action} ${change.address}`));
}
