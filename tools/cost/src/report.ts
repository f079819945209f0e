/**
 * Text for people: per env the cost drivers, biggest first, with the assumption behind each
 * line; the totals per stack; and, for envs with office hours, running against idle.
 */
import type { Amounts } from './context';
import type { EnvEstimate } from './estimate';

/** `$1,234.56`, `$0.41`. */
export function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `+$12.30`, `-$4.00`, `$0.00`. */
export function signedUsd(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '$0.00';
  return `${rounded > 0 ? '+' : '-'}${usd(Math.abs(rounded))}`;
}

/** Idle cost as a share of running cost, `18 %`. */
export function idleShare(cost: Amounts): string {
  return cost.running > 0 ? `${Math.round((cost.idle / cost.running) * 100)} %` : 'n/a';
}

/** Whether an env's scenarios differ (office hours, database schedules): then running and idle are worth showing. */
export function hasSchedules(estimate: EnvEstimate): boolean {
  return Math.abs(estimate.total.running - estimate.total.monthly) > 0.005 || Math.abs(estimate.total.idle - estimate.total.monthly) > 0.005;
}

export function renderText(project: string, estimates: readonly EnvEstimate[], region: string): string {
  const out: string[] = [`Monthly cost estimate of ${project} (${region} list prices, USD, without tax, free tiers or discounts)`];
  for (const estimate of estimates) {
    out.push('', `${estimate.env}: ${usd(estimate.total.monthly)} a month`);
    if (hasSchedules(estimate)) {
      out.push(
        `  running all month ${usd(estimate.total.running)}, idle all month ${usd(estimate.total.idle)} (${idleShare(estimate.total)} of running; office hours and stopped database outside them)`,
      );
    }
    out.push('', table(['driver', 'item', 'monthly', ...(hasSchedules(estimate) ? ['running', 'idle'] : []), 'assumption'], estimate.lines.map((line) => [
      line.driver,
      line.item,
      usd(line.cost.monthly),
      ...(hasSchedules(estimate) ? [usd(line.cost.running), usd(line.cost.idle)] : []),
      line.basis,
    ])));
    out.push('', `  by stack: ${estimate.byStack.map((stack) => `${stack.key} ${usd(stack.cost.monthly)}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const numeric = new Set(header.map((title, column) => (['monthly', 'running', 'idle'].includes(title) ? column : -1)));
  const format = (row: string[]) =>
    `  ${row.map((cell, column) => (column === row.length - 1 ? cell : numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ')}`.trimEnd();
  return [format(header), ...rows.map(format)].join('\n');
}
