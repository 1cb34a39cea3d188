import * as path from 'node:path';
import { buildTarget } from './build';
import { AppTarget, isFluxKustomization, localRefs } from './discover';
import { RepoFiles, isYamlFile, resolveRel } from './repo-files';
import { SourceDocument } from './yaml-source';
import { ClusterSettings, Conventions } from '../conventions/conventions';
import { BuildInfo, PolicyObject } from '../policy/rule';

/** A folder Flux reconciles a cluster from: the path `flux bootstrap --path` points at. */
export interface ClusterRoot {
  readonly name: string;
  /** Relative to the repository root (`.` for the root itself). */
  readonly path: string;
  /**
   * The Flux Kustomization that applies the root: `flux-system` of `<root>/flux-system/gotk-sync.yaml`,
   * or one standing in for it (same name, source: the folder) for a root found by its layout.
   */
  readonly kustomization: PolicyObject;
  /** The GitRepository the cluster's Kustomizations are reconciled from. */
  readonly sourceName: string;
}

/** What one cluster applies: every build its graph reaches, and the files they read. */
export interface ClusterGraph {
  readonly root: ClusterRoot;
  /** One per Flux Kustomization of the cluster, named after it (`namespace/name` when two share a name). */
  readonly builds: readonly BuildInfo[];
  /** Every file some build of the cluster reads. */
  readonly files: ReadonlySet<string>;
}

const CLUSTERS_DIR = 'clusters';
const parentOf = (file: string) => file.slice(0, file.lastIndexOf('/')) || '.';

/**
 * The Flux roots of a repository: each folder holding a `flux-system/` whose Kustomization's
 * spec.path is that folder (what `flux bootstrap` writes); each cluster of `stillon.config.ts`
 * whose root folder exists; and the `clusters/<name>/` folders holding Flux Kustomizations when
 * there are two of them or another root was found (one `clusters/home/` alone is the one-cluster
 * layout, judged as before). None: the repository is judged as one cluster.
 */
export function findRoots(files: RepoFiles, docs: readonly SourceDocument[], conventions: Conventions,
  configured: Readonly<Record<string, ClusterSettings>> = {}): ClusterRoot[] {
  const found = new Map<string, Omit<ClusterRoot, 'name'>>();
  for (const doc of docs) {
    if (!isFluxKustomization(doc.manifest) || !/(^|\/)flux-system\/[^/]+$/.test(doc.file)) continue;
    const root = parentOf(parentOf(doc.file));
    if (found.has(root) || resolveRel('.', String(doc.manifest.spec?.path ?? './')) !== root) continue;
    found.set(root, {
      path: root,
      kustomization: { app: String(doc.manifest.metadata?.name), source: `${doc.file}:${doc.line}`, manifest: doc.manifest, fluxManaged: true },
      sourceName: String(doc.manifest.spec?.sourceRef?.name ?? conventions.flux.sourceRef.name),
    });
  }
  const inside = (dir: string) => [...found.keys()].some((r) => r === dir || r === '.' || dir.startsWith(`${r}/`));
  const addStandIn = (dir: string) => {
    if (inside(dir) || !files.isDir(dir)) return;
    const manifest = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'flux-system', namespace: conventions.flux.namespace },
      spec: { path: `./${dir}`, sourceRef: conventions.flux.sourceRef },
    };
    found.set(dir, { path: dir, kustomization: { app: 'flux-system', source: dir, manifest, fluxManaged: true }, sourceName: conventions.flux.sourceRef.name });
  };
  const configuredRoot = (name: string) => resolveRel('.', configured[name]?.root ?? `${CLUSTERS_DIR}/${name}`);
  for (const name of Object.keys(configured).sort()) {
    const dir = configuredRoot(name);
    if (dir) addStandIn(dir);
  }
  const layout = [...new Set(docs.filter((d) => isFluxKustomization(d.manifest) && d.file.startsWith(`${CLUSTERS_DIR}/`))
    .map((d) => d.file.split('/').slice(0, 2).join('/'))
    .filter((dir) => dir.split('/').length === 2))].sort();
  if (found.size > 0 || layout.length > 1) for (const dir of layout) addStandIn(dir);

  // Named as in the config when it declares the root, else after the folder (its path when two folders share a name).
  const byRoot = new Map(Object.keys(configured).map((name) => [configuredRoot(name), name]));
  const base = (dir: string) => byRoot.get(dir) ?? (dir === '.' ? 'root' : path.posix.basename(dir));
  const roots = [...found.values()];
  return roots
    .map((r) => ({ ...r, name: roots.filter((o) => base(o.path) === base(r.path)).length > 1 ? r.path : base(r.path) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Follows the Flux graph from a root: builds the root as its Kustomization would, then every Flux
 * Kustomization found in what it built (reconciled from the root's GitRepository), recursively,
 * each once per cluster. Builds of one folder are shared between clusters through `cache`.
 */
export function walkCluster(files: RepoFiles, root: ClusterRoot, conventions: Conventions, cache: Map<string, BuildInfo>): ClusterGraph {
  const identity = (o: PolicyObject) => `${o.manifest.metadata?.namespace ?? conventions.flux.namespace}/${o.manifest.metadata?.name}`;
  const queue: PolicyObject[] = [root.kustomization];
  const seen = new Set([identity(root.kustomization)]);
  const found: Array<{ flux: PolicyObject; build: BuildInfo }> = [];
  while (queue.length) {
    const flux = queue.shift()!;
    const build = cachedBuild(files, { app: String(flux.manifest.metadata?.name), path: resolveRel('.', String(flux.manifest.spec?.path ?? './')), flux, owner: flux }, cache);
    found.push({ flux, build });
    for (const object of build.objects) {
      if (!isFluxKustomization(object.manifest) || seen.has(identity(object))) continue;
      if ((object.manifest.spec?.sourceRef?.name ?? root.sourceName) !== root.sourceName) continue;
      seen.add(identity(object));
      queue.push(object);
    }
  }
  const names = found.map(({ flux }) => String(flux.manifest.metadata?.name));
  const builds = found.map(({ flux, build }, i): BuildInfo => {
    const app = names.indexOf(names[i]) === names.lastIndexOf(names[i]) ? names[i] : identity(flux);
    const owner = { ...flux, app };
    return { ...build, app, flux: owner, owner, objects: build.objects.map((o) => ({ ...o, app })) };
  });
  const read = new Set<string>();
  for (const b of builds) if (b.exists) filesRead(files, b.path, read);
  return { root, builds: builds.sort((a, b) => a.app.localeCompare(b.app)), files: read };
}

/**
 * Files with Flux Kustomizations that no cluster reads, each with the Kustomizations' names and
 * its first one (the finding is attached to it).
 */
export function unreachableFluxFiles(
  docs: readonly SourceDocument[], graphs: readonly ClusterGraph[],
): Array<{ object: PolicyObject; names: string[] }> {
  const reached = (file: string) => graphs.some((g) => g.files.has(file));
  const byFile = new Map<string, SourceDocument[]>();
  for (const doc of docs) if (isFluxKustomization(doc.manifest) && !reached(doc.file)) byFile.set(doc.file, [...byFile.get(doc.file) ?? [], doc]);
  return [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, list]) => ({
    object: { app: '', source: `${list[0].file}:${list[0].line}`, manifest: list[0].manifest, fluxManaged: true },
    names: list.map((d) => String(d.manifest.metadata?.name)),
  }));
}

function cachedBuild(files: RepoFiles, target: AppTarget, cache: Map<string, BuildInfo>): BuildInfo {
  const key = target.path ?? '';
  let build = cache.get(key);
  if (!build) {
    build = buildTarget(files, target);
    cache.set(key, build);
  }
  return build;
}

/** What Flux reads to build a folder: as buildTarget builds it (a kustomization's references; a plain folder's YAML files). */
function filesRead(files: RepoFiles, dir: string, read: Set<string>): void {
  const kustomization = files.kustomizationIn(dir);
  if (kustomization) {
    if (read.has(kustomization)) return;
    read.add(kustomization);
    for (const ref of localRefs(files, kustomization)) {
      if (files.isDir(ref)) filesRead(files, ref, read);
      else if (files.isFile(ref)) read.add(ref);
    }
    return;
  }
  const under = files.filesUnder(dir);
  const subKustomizations = [...new Set(under.map(parentOf))].filter((d) => d !== dir && files.kustomizationIn(d));
  const topmost = subKustomizations.filter((d) => !subKustomizations.some((o) => o !== d && d.startsWith(`${o}/`)));
  for (const file of under.filter((f) => isYamlFile(f) && !topmost.some((d) => f.startsWith(`${d}/`)))) read.add(file);
  for (const sub of topmost) filesRead(files, sub, read);
}
