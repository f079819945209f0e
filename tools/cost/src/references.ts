/**
 * Links between resources of one environment, the same way for synthesized JSON and plan
 * JSON: a value is either a literal (plan `before`, or literal configuration) or a
 * `${...}` reference. References name `<type>.<name>.<attribute>` in the same stack or a
 * cross-stack output (`data.terraform_remote_state.<x>.outputs.cross-stack-output-<type><name><attribute>`,
 * cdktf's naming), which is followed to the resource in the other stack.
 */
import type { Resource } from './resources';

const WHOLE_REFERENCE = /^\$\{([^{}]+)\}$/;
const RESOURCE_REFERENCE = /\b(aws_[a-z0-9_]+|cloudflare_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)/g;
const REMOTE_OUTPUT = /data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.(cross-stack-output-[A-Za-z0-9_-]+)/g;

export class ResourceIndex {
  private readonly byAddress = new Map<string, Resource>();

  constructor(readonly resources: readonly Resource[]) {
    for (const resource of resources) if (!this.byAddress.has(resource.address)) this.byAddress.set(resource.address, resource);
  }

  ofType(type: string): Resource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  get(address: string): Resource | undefined {
    return this.byAddress.get(address);
  }

  /**
   * The literal a value stands for: a whole `${<type>.<name>.<attr>}` or cross-stack output
   * reference is followed (a few levels); anything else is returned as it is.
   */
  resolve(value: unknown, depth = 0): unknown {
    if (typeof value !== 'string' || depth > 5) return value;
    const whole = WHOLE_REFERENCE.exec(value);
    if (!whole) return value;
    const target = this.referencedAttribute(whole[1]);
    return target ? this.resolve(target.resource.values[target.attribute], depth + 1) : value;
  }

  /** Resources a value refers to by `${...}`, in order, without repeats. */
  referencedResources(value: unknown): Resource[] {
    const found: Resource[] = [];
    const add = (resource: Resource | undefined) => {
      if (resource && !found.includes(resource)) found.push(resource);
    };
    walkStrings(value, (text) => {
      for (const match of text.matchAll(RESOURCE_REFERENCE)) add(this.byAddress.get(`${match[1]}.${match[2]}`));
      for (const match of text.matchAll(REMOTE_OUTPUT)) add(this.outputResource(match[1])?.resource);
    });
    return found;
  }

  private referencedAttribute(expression: string): { resource: Resource; attribute: string } | undefined {
    const remote = /^data\.terraform_remote_state\.[A-Za-z0-9_-]+\.outputs\.(cross-stack-output-[A-Za-z0-9_-]+)$/.exec(expression);
    if (remote) return this.outputResource(remote[1]);
    const local = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)$/.exec(expression);
    const resource = local ? this.byAddress.get(`${local[1]}.${local[2]}`) : undefined;
    return resource && local ? { resource, attribute: local[3] } : undefined;
  }

  /** The resource and attribute behind a cdktf cross-stack output name. */
  private outputResource(output: string): { resource: Resource; attribute: string } | undefined {
    const rest = output.slice('cross-stack-output-'.length);
    let best: { resource: Resource; attribute: string } | undefined;
    for (const resource of this.resources) {
      const prefix = `${resource.type}${resource.name}`;
      if (rest.startsWith(prefix) && (!best || prefix.length > `${best.resource.type}${best.resource.name}`.length)) {
        best = { resource, attribute: rest.slice(prefix.length) };
      }
    }
    return best;
  }
}

function walkStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => walkStrings(item, visit));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => walkStrings(item, visit));
}

/** A number from a literal number or numeric string; undefined for references and anything else. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A literal string; undefined for a reference (`${...}`) or anything else. */
export function literalString(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** The first element of a block given as an object or a one-element list (plan JSON lists nested blocks). */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null && !Array.isArray(first) ? (first as Record<string, unknown>) : undefined;
}

/** A list attribute as a list; a block list or a single reference counts as one element per item. */
export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return [];
  return [value];
}
