/**
 * Fargate (Linux) task sizes: the memory (MiB) each CPU value (units) accepts.
 * Source: "Task CPU and memory" in the Amazon ECS developer guide.
 */
const MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/** Undefined when `cpu`/`memory` is a valid Fargate size, otherwise what is allowed instead. */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  const allowedMemory = MEMORY_BY_CPU[cpu];
  if (!allowedMemory) {
    return `cpu ${cpu} is not a Fargate size; use one of ${Object.keys(MEMORY_BY_CPU).join(', ')}`;
  }
  if (!allowedMemory.includes(memory)) {
    const first = allowedMemory[0];
    const last = allowedMemory[allowedMemory.length - 1];
    const step = allowedMemory.length > 1 ? allowedMemory[1] - first : 0;
    const choices = allowedMemory.length <= 3 ? allowedMemory.join(', ') : `${first}-${last} in steps of ${step}`;
    return `memory ${memory} does not fit cpu ${cpu} on Fargate; use ${choices} MiB`;
  }
  return undefined;
}
