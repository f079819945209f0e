/**
 * env.yaml is plain data: mappings, sequences, strings, numbers, booleans and
 * null, read as YAML 1.2. Anything else is refused with its field path and line
 * instead of being turned into something else silently:
 *
 *  - explicit tags (`!Ref x`, `!!binary`, even `!!str`): quote the value instead;
 *  - merge keys (`<<: *base`): YAML 1.2 has none and parsers disagree on them, so
 *    keys are written out (an env's resolved config: `nx run <project>:config`);
 *  - directives (`%YAML 1.1` would turn `yes` into true and dates into timestamps);
 *  - keys that are not plain strings, `__proto__` as a key, and `.nan`/`.inf`.
 *
 * Anchors and aliases of whole values are plain data and allowed; a cycle or an
 * alias bomb is refused. Mappings become objects without a prototype, so a key
 * named like a built-in property (`constructor`, `toString`) is just a key.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from './config-error';

/** More values than any env.yaml needs; aliases expanding beyond it are an alias bomb. */
const MAX_VALUES = 100_000;

export type PlainData = string | number | boolean | null | PlainData[] | { [key: string]: PlainData };

/** Parses `text` as plain YAML data; throws a ConfigError naming `file`, the field path and the line. */
export function readPlainYaml(text: string, file: string): PlainData {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: false, version: '1.2' });
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0]?.line;
    const what = error.code === 'MULTIPLE_DOCS' ? 'more than one YAML document (---); keep one' : error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(file, '', `YAML syntax error${line ? ` at line ${line}` : ''}: ${what}`);
  }
  const directive = text.split('\n').findIndex((line) => line.startsWith('%'));
  if (directive >= 0) {
    throw new ConfigError(file, '', `YAML directive at line ${directive + 1} is not supported; remove it (env files are YAML 1.2 plain data)`);
  }
  if (document.contents === null) throw new ConfigError(file, '', 'the file is empty; expected `environments:` with at least one environment');
  return new PlainDataReader(file, document, lineCounter).read(document.contents, []);
}

class PlainDataReader {
  private values = 0;
  private readonly open = new Set<Node>();

  constructor(
    private readonly file: string,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** `key` is the mapping key of the value, whose line is where a tag or alias on a collection is written. */
  read(node: Node, path: (string | number)[], key?: Node): PlainData {
    if (++this.values > MAX_VALUES) this.fail(path, node, `expands to more than ${MAX_VALUES} values through aliases`);
    if (isAlias(node)) {
      const target = node.resolve(this.document);
      if (!target) this.fail(path, key ?? node, `alias *${node.source} has no anchor`);
      if (this.open.has(target)) this.fail(path, key ?? node, `alias *${node.source} refers to a value that contains it`);
      return this.read(target, path, key ?? node);
    }
    const tag = (node as { tag?: string }).tag;
    if (tag) this.fail(path, key ?? node, `the YAML tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not plain data; remove it (quote the value if it must be a string)`);
    if (isScalar(node)) return this.scalar(node.value, path, node);
    this.open.add(node);
    try {
      if (isSeq(node)) return node.items.map((item, index) => this.read(item as Node, [...path, index]));
      if (isMap(node)) return this.mapping(node.items, path, node);
    } finally {
      this.open.delete(node);
    }
    return this.fail(path, node, 'is not plain YAML data');
  }

  private mapping(pairs: { key: unknown; value: unknown }[], path: (string | number)[], node: Node): PlainData {
    const result: { [key: string]: PlainData } = Object.create(null);
    for (const pair of pairs) {
      const keyNode = pair.key as Node | null;
      const key = keyNode && isScalar(keyNode) && !(keyNode as { tag?: string }).tag ? keyNode.value : undefined;
      if (typeof key !== 'string') {
        this.fail(path, keyNode ?? node, 'has a key that is not a plain string; write keys as names (quote them if YAML reads them as numbers or null)');
      }
      if (key === '<<') {
        this.fail(path, keyNode, 'uses a merge key (<<), which env files do not support; write the keys out (anchors and aliases of whole values are fine)');
      }
      if (key === '__proto__') this.fail([...path, key], keyNode, '__proto__ cannot be used as a key');
      const value = pair.value as Node | null;
      result[key] = value === null ? null : this.read(value, [...path, key], keyNode ?? undefined);
    }
    return result;
  }

  private scalar(value: unknown, path: (string | number)[], node: Node): PlainData {
    if (typeof value === 'number' && !Number.isFinite(value)) this.fail(path, node, `${String(value)} is not a finite number`);
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as PlainData;
    return this.fail(path, node, 'is not plain YAML data');
  }

  private fail(path: (string | number)[], node: Node | null, problem: string): never {
    const offset = node?.range?.[0];
    const line = offset === undefined ? '' : ` (line ${this.lines.linePos(offset).line})`;
    throw new ConfigError(this.file, path.join('.'), `${problem}${line}`);
  }
}
