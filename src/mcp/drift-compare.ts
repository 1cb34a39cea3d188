import { parseQuantity } from '../inventory/quantity';

/** The field manager of Flux's kustomize-controller: what it applies, it owns. */
export const FLUX_MANAGER = 'kustomize-controller';
/** Labels and annotations Flux adds to every object it applies: live only, and Flux's by design. */
const FLUX_METADATA = /^metadata\.(labels|annotations)\.(kustomize|kustomizations?)\.toolkit\.fluxcd\.io\//;

/** Which side a difference ends on at the next reconcile. */
export type Winner = 'git' | 'cluster';

export interface Difference {
  /** e.g. `spec.template.spec.containers[name=web].image` */
  readonly path: string;
  /** What the repository renders; undefined when only the cluster has the field. */
  readonly git?: unknown;
  /** What the cluster has; undefined when it lacks the field. */
  readonly cluster?: unknown;
  readonly winner: Winner;
  readonly why: string;
  /** Field managers other than Flux that own the field in the cluster, e.g. `kubectl-edit`. */
  readonly changedBy?: string[];
}

const GIT_SETS = 'the repository sets this field: Flux applies it with force at the next reconcile';
const GIT_REMOVES = 'Flux applied this field before and the repository no longer sets it: server-side apply removes it at the next reconcile';
const CLUSTER_KEEPS = 'set in the cluster only, by a field manager other than Flux: server-side apply leaves fields it does not own, so it stays (and Git does not describe it)';

/** List items with a `name` are matched by name, as Kubernetes merges them (containers, env, ports, volumes). */
const isNamedList = (v: unknown): v is { name: string }[] => Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === 'object' && typeof x.name === 'string');
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function sameValue(path: string, a: unknown, b: unknown): boolean {
  if (JSON.stringify(a) === JSON.stringify(b)) return true;
  // The API server rewrites quantities (`1000m` → `1`, `1024Mi` → `1Gi`): the same amount is no drift.
  if (/resources|storage|capacity/.test(path) && typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [parseQuantity(a), parseQuantity(b)];
    return x !== undefined && x === y;
  }
  return false;
}

/** Every field the repository sets, as the paths of its leaves (a list without names is one leaf). */
function compareFields(git: unknown, live: unknown, path: string, out: Difference[], leaves: Set<string>): void {
  if (isObject(git)) {
    if (!Object.keys(git).length) leaves.add(path);
    for (const [key, value] of Object.entries(git)) compareFields(value, isObject(live) ? live[key] : undefined, join(path, key), out, leaves);
    return;
  }
  if (isNamedList(git)) {
    for (const item of git) {
      const match = Array.isArray(live) ? live.find((x) => x?.name === item.name) : undefined;
      compareFields(item, match, `${path}[name=${item.name}]`, out, leaves);
    }
    return;
  }
  leaves.add(path);
  if (!sameValue(path, git, live)) out.push({ path, git, cluster: live, winner: 'git', why: GIT_SETS });
}

/** A field a manager owns, with its live value. */
interface OwnedField {
  readonly path: string;
  readonly value: unknown;
}

/**
 * The leaf fields a field manager owns, from its `fieldsV1` (`f:` a field, `k:{...}` a list item by
 * key, `v:` a set member, `.` the field itself), in the notation of `compareFields`, with the value
 * `live` has there (walked alongside: a key may hold dots, `example.test/note`).
 */
export function ownedFields(fields: unknown, live: unknown, path = ''): OwnedField[] {
  if (!isObject(fields)) return [];
  const children = Object.entries(fields).filter(([k]) => k !== '.');
  if (!children.length) return [{ path, value: live }];
  return children.flatMap(([key, sub]): OwnedField[] => {
    if (key.startsWith('f:')) return ownedFields(sub, isObject(live) ? live[key.slice(2)] : undefined, join(path, key.slice(2)));
    if (key.startsWith('k:')) {
      let item: Record<string, unknown> = {};
      try {
        item = JSON.parse(key.slice(2));
      } catch { /* an item key we cannot read: the item as a whole */ }
      const match = Array.isArray(live) ? live.find((x) => isObject(x) && Object.entries(item).every(([k, v]) => x[k] === v)) : undefined;
      // Named by `name` whenever the item has one, as compareFields matches items, whatever the
      // list's merge key is (a Service's ports merge on port and protocol).
      const name = isObject(match) && typeof match.name === 'string' ? match.name : item.name;
      const label = typeof name === 'string' ? `name=${name}` : Object.entries(item).map(([k, v]) => `${k}=${v}`).join(',');
      // A list item the manager added as a whole (`.`) is one finding, not one per field.
      return isObject(sub) && '.' in sub ? [{ path: `${path}[${label}]`, value: match }] : ownedFields(sub, match, `${path}[${label}]`);
    }
    return [{ path, value: live }]; // `v:` (a member of a set of scalars) and `i:`: the list as a whole
  });
}

/** Whether `owned` is a field the repository sets, or lies inside or above one. */
function coveredBy(owned: string, leaves: ReadonlySet<string>): boolean {
  for (const leaf of leaves) {
    if (owned === leaf || owned.startsWith(`${leaf}.`) || owned.startsWith(`${leaf}[`) || leaf.startsWith(`${owned}.`) || leaf.startsWith(`${owned}[`)) return true;
  }
  return false;
}

/** Managers that change objects by hand: `kubectl edit/patch/scale/label/...`, or a server-side apply that is not Flux's. */
const byHand = (entry: any) => typeof entry?.manager === 'string' && entry.manager !== FLUX_MANAGER && !entry.subresource
  && (entry.manager.startsWith('kubectl') || entry.operation === 'Apply');

/**
 * How the live object differs from what the repository renders, and which side wins at the next
 * reconcile. Fields only the cluster has are reported when Flux owned them (it removes them) or
 * when someone changed the object by hand (they stay); defaults and controllers' fields are not
 * drift and are left out.
 */
export function compareObject(git: unknown, live: any): Difference[] {
  const differences: Difference[] = [];
  const leaves = new Set<string>();
  compareFields(git, live, '', differences, leaves);
  const managed: any[] = Array.isArray(live?.metadata?.managedFields) ? live.metadata.managedFields : [];
  const owners = new Map<string, Set<string>>();
  for (const entry of managed) {
    for (const { path: owned } of ownedFields(entry?.fieldsV1, live)) {
      if (!owners.has(owned)) owners.set(owned, new Set());
      owners.get(owned)!.add(String(entry.manager));
    }
  }
  for (const d of differences) {
    const by = [...owners].filter(([owned, m]) => (owned === d.path || d.path.startsWith(`${owned}.`)) && [...m].some((x) => x !== FLUX_MANAGER))
      .flatMap(([, m]) => [...m].filter((x) => x !== FLUX_MANAGER));
    if (by.length) Object.assign(d, { changedBy: [...new Set(by)].sort() });
  }
  const seen = new Set<string>();
  for (const entry of managed) {
    const flux = entry?.manager === FLUX_MANAGER && !entry.subresource;
    if (!flux && !byHand(entry)) continue;
    for (const { path: owned, value } of ownedFields(entry.fieldsV1, live)) {
      if (seen.has(owned) || coveredBy(owned, leaves) || FLUX_METADATA.test(owned) || owned.startsWith('status')) continue;
      seen.add(owned);
      differences.push(flux
        ? { path: owned, cluster: value, winner: 'git', why: GIT_REMOVES }
        : { path: owned, cluster: value, winner: 'cluster', why: CLUSTER_KEEPS, changedBy: [String(entry.manager)] });
    }
  }
  return differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
