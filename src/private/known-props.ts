import { StillonError } from '../errors';

/**
 * Every prop name of `T`, written once as `{ name: true, ... }` next to the interface. The
 * compiler rejects a missing name and an extra one, so the list cannot drift from the interface.
 */
export type PropNames<T> = { readonly [K in keyof T]-?: true };

/** The names of a props interface and, for props that are themselves prop objects, theirs. */
export interface PropSchema<T> {
  readonly names: PropNames<T>;
  readonly nested?: { readonly [K in keyof T]?: PropSchema<NonNullable<T[K]>> };
}

/** A PropSchema, typed against `T`: `propSchema<FooProps>({ a: true }, { b: BAR_SCHEMA })`. */
export function propSchema<T>(names: PropNames<T>, nested?: PropSchema<T>['nested']): PropSchema<T> {
  return { names, nested };
}

/**
 * Throws `UnknownProp` when `props` (or a nested prop object) has a key the interface does not
 * declare. Types are stripped, not checked, when synth loads `apps/*.ts`, so a misspelled optional
 * prop (`healthcheckPath`) would otherwise be dropped silently. Only own keys of plain objects are
 * looked at: a handful of property lookups per construct, nothing on the no-change synth's bill.
 *
 * @param where the construct path (or app) the error names
 * @param prefix the dotted path of a nested prop object, with its dot, e.g. `security.`
 */
export function checkProps<T>(props: T | undefined, schema: PropSchema<T>, where: string, prefix = ''): void {
  if (!isPlainObject(props)) return;
  const unknown = Object.keys(props).filter((key) => !Object.prototype.hasOwnProperty.call(schema.names, key));
  if (unknown.length) throw unknownProps(unknown, Object.keys(schema.names), where, prefix);
  for (const [key, nested] of Object.entries(schema.nested ?? {}) as Array<[string, PropSchema<unknown>]>) {
    checkProps((props as Record<string, unknown>)[key], nested, where, `${prefix}${key}.`);
  }
}

function unknownProps(unknown: readonly string[], known: readonly string[], where: string, prefix: string): StillonError {
  const quoted = (names: readonly string[]) => names.map((n) => `'${prefix}${n}'`).join(', ');
  const guesses = unknown.map((name) => closestName(name, known));
  const fix = guesses.every((g) => g !== undefined)
    ? `did you mean ${quoted(guesses as string[])}?`
    : `remove or rename it; the known ${prefix ? `props of '${prefix.slice(0, -1)}'` : 'props'} are ${known.join(', ')}`;
  return new StillonError('UnknownProp', where, `unknown prop${unknown.length > 1 ? 's' : ''} ${quoted(unknown)}`, fix);
}

/**
 * The known name closest to `name` by edit distance, ignoring case (`healthcheckPath` →
 * `healthCheckPath`), when it is close enough to be the one meant: at most 2 edits, or 40% of
 * the name's length for long names. Ties go to the name declared first.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(lower.length * 0.4)) + 1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

/** An object literal (not a class instance such as a Size or a Cpu, whose fields are not props). */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
