/**
 * Small Markdown builders shared by both flavours. Everything user-controlled
 * (addresses, stack names, error text) goes through these, so a stray pipe,
 * backtick or `<` cannot break the table or open HTML.
 */

/** Inline code that survives inside a table cell on GitHub and Bitbucket alike. */
export function inlineCode(text: string): string {
  const clean = oneLine(text).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longestRun + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${clean}${pad}${ticks}`;
}

/** Plain text for a table cell or heading: one line, no pipes, no raw HTML. */
export function cellText(text: string): string {
  return oneLine(text).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A fenced block whose fence is longer than any backtick run inside, so the content cannot close it. */
export function codeBlock(lines: readonly string[], language = ''): string {
  const longestRun = Math.max(2, ...lines.flatMap((line) => line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return [`${fence}${language}`, ...lines, fence].join('\n');
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
