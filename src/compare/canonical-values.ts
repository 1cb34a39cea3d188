import { parseQuantity } from '../inventory/quantity';

/** A plain JSON tree: what canonical forms are made of. */
export type Tree = { [key: string]: unknown };

/**
 * Drops what carries no meaning in the API: undefined and null values, empty lists and empty
 * maps (`command: []` and no command both mean the image's entrypoint).
 */
export function clean(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(clean).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const out: Tree = {};
    for (const [key, v] of Object.entries(value)) {
      const c = clean(v);
      if (c !== undefined) out[key] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value === null ? undefined : value;
}

/** A list of named items as a map by key, so that order does not count and an item is found by name. */
export function byKey<T>(items: unknown, key: (item: T) => string, value: (item: T) => unknown = (item) => item): Tree | undefined {
  if (!Array.isArray(items) || items.length === 0) return undefined;
  const out: Tree = {};
  for (const item of items as T[]) out[key(item)] = value(item);
  return out;
}

/** A list whose order carries no meaning, sorted by its JSON. */
export function asSet(items: unknown): unknown[] | undefined {
  if (!Array.isArray(items) || items.length === 0) return undefined;
  return [...items].map((i) => clean(i)).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
}

/** Resource quantities in base units: `500m` and `0.5` are one CPU value, `4Gi` and `4294967296` one size. */
export function quantities(map: unknown): Tree | undefined {
  if (!map || typeof map !== 'object') return undefined;
  const out: Tree = {};
  for (const [key, value] of Object.entries(map)) {
    const n = parseQuantity(value);
    out[key] = n === undefined ? value : Number(n.toPrecision(12));
  }
  return out;
}

/** A quantity in base units, or the raw value when it does not parse. */
export function quantity(value: unknown): unknown {
  const n = parseQuantity(value);
  return n === undefined ? value : Number(n.toPrecision(12));
}

/**
 * A Go duration in seconds (`10m`, `10m0s` and `600s` mean the same to Flux), or the raw
 * value when it does not parse.
 */
export function duration(value: unknown): unknown {
  if (typeof value !== 'string' || !/^(\d+(\.\d+)?(h|ms|m|s|us|ns))+$/.test(value)) return value;
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9 };
  let total = 0;
  for (const [, n, , u] of value.matchAll(/(\d+(\.\d+)?)(h|ms|m|s|us|ns)/g)) total += Number(n) * unit[u];
  return `${Number(total.toPrecision(12))}s`;
}

/** The value, or the default when it is absent: an explicit default means what its absence does. */
export function or<T>(value: T | undefined | null, fallback: T): T {
  return value === undefined || value === null ? fallback : value;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The fields of `o` a canonical form does not model, kept as they are: a field nobody thought of
 * is still compared (as written) instead of silently ignored.
 */
export function rest(o: unknown, handled: readonly string[]): Tree | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const out: Tree = {};
  for (const [key, value] of Object.entries(o)) if (!handled.includes(key)) out[key] = value;
  return Object.keys(out).length ? out : undefined;
}
