/**
 * Which Terraform block a position in a synthesized cdk.tf.json falls in, so a
 * diagnostic can name the resource address and the construct path that made it.
 */

/** The object keys enclosing byte offset `byte` of `text` (outermost first). */
export function keyPathAt(text: string, byte: number): string[] {
  const offset = Buffer.from(text, 'utf8').subarray(0, byte).toString('utf8').length;
  // Each open container: its kind and, for objects, the key whose value is being read.
  const stack: { kind: 'object' | 'array'; key?: string }[] = [];
  let pendingKey: string | undefined;
  let lastString: string | undefined;
  for (let i = 0; i < text.length && i < offset; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (end >= offset) break; // the position is inside this string
      lastString = JSON.parse(text.slice(i, end + 1)) as string;
      i = end;
    } else if (char === ':') {
      pendingKey = lastString;
    } else if (char === '{' || char === '[') {
      const top = stack[stack.length - 1];
      if (top && top.kind === 'object') top.key = pendingKey;
      stack.push({ kind: char === '{' ? 'object' : 'array' });
      pendingKey = undefined;
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      pendingKey = undefined;
    }
  }
  const top = stack[stack.length - 1];
  if (top && top.kind === 'object' && pendingKey !== undefined) top.key = pendingKey;
  return stack.map((entry) => entry.key).filter((key): key is string => key !== undefined);
}

export interface BlockLocation {
  /** `aws_vpc.vpc_ABC`, `data.aws_region.current`, `output.x`, `provider.aws`, `terraform`. */
  address: string;
  /** cdktf construct path (`staging01-network/vpc/vpc`), when the block records one. */
  constructPath?: string;
}

/** The block a key path points into, with its construct path from the block's `//.metadata.path`. */
export function blockAt(json: Record<string, unknown>, path: string[]): BlockLocation | undefined {
  const [section, first, second] = path;
  if (!section) return undefined;
  if ((section === 'resource' || section === 'data') && first && second) {
    const block = ((json[section] as Record<string, Record<string, unknown>> | undefined)?.[first]?.[second] ?? {}) as { '//'?: { metadata?: { path?: unknown } } };
    const constructPath = block['//']?.metadata?.path;
    return { address: `${section === 'data' ? 'data.' : ''}${first}.${second}`, ...(typeof constructPath === 'string' ? { constructPath } : {}) };
  }
  if ((section === 'output' || section === 'provider' || section === 'variable' || section === 'locals') && first) return { address: `${section}.${first}` };
  return { address: section };
}
