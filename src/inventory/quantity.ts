/**
 * Kubernetes resource quantities (`50m`, `64Mi`, `1.5G`, `1e3`), summed exactly enough for a
 * report: CPU in millicores, memory and storage in bytes.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const SUFFIXES: Record<string, number> = {
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** A quantity in its base unit (cores, bytes); undefined when it is not a quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, number, exponent, suffix] = match;
  return Number(number) * (exponent ? 10 ** Number(exponent.slice(1)) : SUFFIXES[suffix ?? '']);
}

/** CPU in whole millicores, rounded up as Kubernetes does. */
export function cpuMillis(value: unknown): number | undefined {
  const cores = parseQuantity(value);
  return cores === undefined ? undefined : Math.ceil(Math.round(cores * 1e6) / 1e3);
}

/** Bytes, rounded up. */
export function bytes(value: unknown): number | undefined {
  const n = parseQuantity(value);
  return n === undefined ? undefined : Math.ceil(n);
}

/** `150m`, or whole cores as `2`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? `${millis / 1000}` : `${millis}m`;
}

const BINARY: Array<[string, number]> = [['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/** The largest binary unit that states the amount exactly: `3Gi`, `1536Mi`, `0`. */
export function formatBytes(amount: number): string {
  for (const [unit, size] of BINARY) {
    if (amount >= size && amount % size === 0) return `${amount / size}${unit}`;
  }
  return `${amount}`;
}
