import { Conventions } from '../conventions';
import { RepoFiles, isYamlFile, resolveRel } from './repo-files';
import { SourceDocument, readYamlDocuments } from './yaml-source';
import { PolicyObject } from '../policy/rule';

/** What check builds and judges as one app. */
export interface AppTarget {
  /** The Flux Kustomization's name, or the folder of a kustomization.yaml found on its own. */
  readonly app: string;
  /** The folder, relative to the root (`.` for the root); undefined when the path leaves the repository. */
  readonly path: string | undefined;
  /** The Flux Kustomization asking for the build. */
  readonly flux?: PolicyObject;
  /** A finding about the build is attached to this (the Flux Kustomization, or the kustomization.yaml). */
  readonly owner: PolicyObject;
}

const FLUX_KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io/';

export function isFluxKustomization(manifest: any): boolean {
  return manifest?.kind === 'Kustomization' && String(manifest.apiVersion ?? '').startsWith(FLUX_KUSTOMIZE_GROUP);
}

/** Whether a kustomization entry points outside the repository (a Git URL or an HTTP file). */
export function isRemote(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(ref);
}

/**
 * The local files and folders a kustomization file names: resources, bases, components, crds
 * and every patch given as a file. Remote entries are left to kustomize.
 */
export function kustomizationRefs(manifest: any): string[] {
  const refs: string[] = [];
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  refs.push(...strings(manifest?.resources), ...strings(manifest?.bases), ...strings(manifest?.components), ...strings(manifest?.crds));
  // patchesStrategicMerge entries may be inline patches; a file name has no newline.
  refs.push(...strings(manifest?.patchesStrategicMerge).filter((p) => !p.includes('\n')));
  for (const field of ['patches', 'patchesJson6902', 'replacements']) {
    for (const entry of Array.isArray(manifest?.[field]) ? manifest[field] : []) if (typeof entry?.path === 'string') refs.push(entry.path);
  }
  return refs.filter((r) => !isRemote(r));
}

/** Every document of every YAML file, for finding Flux Kustomizations; unparseable files are judged where they are built. */
export function scanDocuments(files: RepoFiles): SourceDocument[] {
  const docs: SourceDocument[] = [];
  for (const file of files.files.filter(isYamlFile)) {
    try {
      docs.push(...readYamlDocuments(files.rootDir, file));
    } catch {
      // reported as InvalidYaml by the build that includes it
    }
  }
  return docs;
}

/**
 * What Flux would apply: one target per Flux Kustomization reconciled from this repository (its
 * sourceRef is the repository's GitRepository: conventions.flux.sourceRef), plus one per
 * kustomization.yaml that no Flux Kustomization and no other kustomization reaches (e.g. the
 * `apps/` folder the cluster's flux-system Kustomization points at, or each overlay of an app).
 * Plain folders that nothing points at (like `namespaces/`, applied by hand) are not Flux's.
 */
export function discoverTargets(files: RepoFiles, docs: readonly SourceDocument[], conventions: Conventions): AppTarget[] {
  const fluxDocs = docs.filter((d) => isFluxKustomization(d.manifest)
    && (d.manifest.spec?.sourceRef?.name ?? conventions.flux.sourceRef.name) === conventions.flux.sourceRef.name);
  const names = fluxDocs.map((d) => String(d.manifest.metadata?.name));
  const targets: AppTarget[] = fluxDocs.map((d) => {
    const name = String(d.manifest.metadata?.name);
    const app = names.indexOf(name) === names.lastIndexOf(name) ? name : `${d.manifest.metadata?.namespace ?? 'default'}/${name}`;
    const flux: PolicyObject = { app, source: `${d.file}:${d.line}`, manifest: d.manifest, fluxManaged: true };
    return { app, path: resolveRel('.', String(d.manifest.spec?.path ?? './')), flux, owner: flux };
  });

  // Folders that some build already covers, and kustomizations that another one names.
  const reached = new Set<string>();
  const reach = (dir: string) => {
    if (reached.has(dir) || !files.isDir(dir)) return;
    reached.add(dir);
    const kustomization = files.kustomizationIn(dir);
    if (kustomization) {
      for (const ref of localRefs(files, kustomization)) if (files.isDir(ref)) reach(ref);
    } else {
      for (const file of files.filesUnder(dir)) reach(file.slice(0, file.lastIndexOf('/')) || '.');
    }
  };
  for (const t of targets) if (t.path) reach(t.path);
  const named = new Set<string>();
  const kustomizationDirs = files.files.filter((f) => /(^|\/)(kustomization\.ya?ml|Kustomization)$/.test(f)).map((f) => f.slice(0, f.lastIndexOf('/')) || '.');
  for (const dir of kustomizationDirs) for (const ref of localRefs(files, files.kustomizationIn(dir)!)) named.add(ref);

  for (const dir of [...new Set(kustomizationDirs)].sort()) {
    if (reached.has(dir) || named.has(dir)) continue;
    const file = files.kustomizationIn(dir)!;
    const owner: PolicyObject = {
      app: dir,
      source: file,
      fluxManaged: true,
      manifest: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', metadata: { name: dir } },
    };
    targets.push({ app: dir === '.' ? 'root' : dir, path: dir, owner: { ...owner, app: dir === '.' ? 'root' : dir } });
  }
  return targets.sort((a, b) => a.app.localeCompare(b.app));
}

/** The local references of a kustomization file, resolved against its folder (unparseable files name nothing). */
export function localRefs(files: RepoFiles, kustomizationFile: string): string[] {
  const dir = kustomizationFile.slice(0, kustomizationFile.lastIndexOf('/')) || '.';
  let manifest: any;
  try {
    manifest = readYamlDocuments(files.rootDir, kustomizationFile)[0]?.manifest;
  } catch {
    return [];
  }
  return kustomizationRefs(manifest).map((r) => resolveRel(dir, r)).filter((r): r is string => r !== undefined);
}
