/**
 * Facts about RDS for MySQL instance classes the construct needs at synth
 * time, derived from the class name alone (no AWS call).
 */

const CLASS_PATTERN = /^db\.([a-z]+)(\d+)([a-z-]*)\.(micro|small|medium|large|(\d*)xlarge)$/;

/** `db.r6g.2xlarge` -> { family: 'r', size: '2xlarge', xlargeMultiple: 2 } (0 below xlarge). */
function parseInstanceClass(instanceClass: string): { family: string; size: string; xlargeMultiple: number } | undefined {
  const match = CLASS_PATTERN.exec(instanceClass);
  if (!match) return undefined;
  const size = match[4];
  return { family: match[1], size, xlargeMultiple: size.endsWith('xlarge') ? Number(match[5] || '1') : 0 };
}

export function isValidInstanceClass(instanceClass: string): boolean {
  return parseInstanceClass(instanceClass) !== undefined;
}

/**
 * Performance Insights is not offered for RDS for MySQL on the smallest
 * burstable classes (micro and small of db.t2/t3/t4g).
 */
export function supportsPerformanceInsights(instanceClass: string): boolean {
  const parsed = parseInstanceClass(instanceClass);
  if (!parsed) return false;
  return !(parsed.family === 't' && (parsed.size === 'micro' || parsed.size === 'small'));
}

// GiB of memory per "large" unit by class family: m and t have 8 GiB at
// large, r and z 16 GiB, x 32 GiB.
const LARGE_MEMORY_GIB: Record<string, number> = { t: 8, m: 8, r: 16, z: 16, x: 32 };
const SMALL_SIZE_GIB: Record<string, number> = { micro: 1, small: 2, medium: 4, large: 8 };

/**
 * RDS for MySQL's default `max_connections` is
 * `{DBInstanceClassMemory/12582880}`; this estimates it from the class name
 * so the connections alarm has a sensible default threshold. Undefined when
 * the class is not one we know the memory of.
 */
export function estimatedMaxConnections(instanceClass: string): number | undefined {
  const parsed = parseInstanceClass(instanceClass);
  if (!parsed) return undefined;
  const largeGib = LARGE_MEMORY_GIB[parsed.family];
  if (largeGib === undefined) return undefined;
  const gib =
    parsed.xlargeMultiple > 0
      ? largeGib * 2 * parsed.xlargeMultiple
      : parsed.family === 't'
        ? SMALL_SIZE_GIB[parsed.size]
        : parsed.size === 'large'
          ? largeGib
          : undefined;
  if (gib === undefined) return undefined;
  return Math.floor((gib * 1024 ** 3) / 12_582_880);
}
