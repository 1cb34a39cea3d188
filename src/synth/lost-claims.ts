import * as path from 'node:path';
import { ClaimRef, claimKey, claimsIn } from './claims';
import { isOurs } from './layout';
import { WritePlan } from './write';
import { Conventions } from '../conventions';
import { Severity, Violation } from '../policy/violation';
import { parseYamlDocuments } from '../yaml/yaml';

/** The Flux root of the one-cluster layout (`apps/*.yaml`), whose claims match on any cluster after. */
const ONE_CLUSTER = '';
const FLUX_GROUP = 'kustomize.toolkit.fluxcd.io/';

/**
 * Which cluster roots reach which folder, read off our Flux Kustomization files: `apps/<app>.yaml`
 * (the one-cluster layout, root '') or `<root>/apps/<app>.yaml`, each applying its `spec.path`.
 */
export function fluxReach(files: ReadonlyMap<string, string>, conventions: Conventions): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  const appsDir = path.posix.normalize(conventions.paths.apps);
  for (const [rel, text] of files) {
    if (!rel.endsWith('.yaml') || !text.includes(FLUX_GROUP) || !isOurs(text)) continue;
    let docs: any[];
    try {
      docs = parseYamlDocuments(text, rel);
    } catch {
      continue;
    }
    const dir = path.posix.dirname(rel);
    const root = dir === appsDir ? ONE_CLUSTER : path.posix.dirname(dir);
    for (const doc of docs) {
      if (doc?.kind !== 'Kustomization' || !String(doc?.apiVersion ?? '').startsWith(FLUX_GROUP) || typeof doc?.spec?.path !== 'string') continue;
      const folder = path.posix.normalize(doc.spec.path).replace(/\/$/, '');
      reach.set(folder, (reach.get(folder) ?? new Set()).add(root));
    }
  }
  return reach;
}

/** The roots whose Flux applies `rel`: those of every folder it lies in. */
function rootsOf(rel: string, reach: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const roots = new Set<string>();
  for (const [folder, from] of reach) if (rel.startsWith(`${folder}/`)) for (const r of from) roots.add(r);
  return [...roots].sort();
}

/**
 * Claims that Git would stop describing: before (on disk) in a file synth would rewrite or
 * delete, and nowhere in what it writes after, by namespace and name. That covers a deleted
 * claim, a renamed one and one whose app changed namespace (Kubernetes cannot move a claim: a new,
 * empty one is made in the new namespace while the data stays behind), in every mode, `--app` and
 * `--check` included. With clusters a claim is also keyed by the cluster roots whose Flux applies
 * it (read off the Flux files before and after): an app leaving a cluster while its shared folder
 * stays for another leaves that cluster's claim behind. A claim of the one-cluster layout matches
 * on any cluster after (moving to a `clusters` layout keeps the one cluster's claims).
 */
export function lostClaims(plan: WritePlan, conventions: Conventions): Violation[] {
  const changed = [...plan.update, ...plan.remove];
  const fluxChanged = [...plan.create, ...changed].some((rel) => (plan.files.get(rel) ?? '').includes(FLUX_GROUP) || (plan.current.get(rel) ?? '').includes(FLUX_GROUP));
  // Only files that change (or whose Flux files change) can lose a claim, and the no-change synth
  // parses nothing: a claim of an unchanged file is there before and after.
  const beforeFiles = new Map<string, string>();
  for (const rel of changed) beforeFiles.set(rel, plan.current.get(rel)!);
  for (const rel of plan.unchanged) beforeFiles.set(rel, plan.files.get(rel)!);
  const candidates = fluxChanged ? [...beforeFiles.keys()] : changed;
  const before = candidates.flatMap((rel) => claimsIn(rel, beforeFiles.get(rel)!));
  if (!before.length) return [];
  const reachBefore = fluxReach(beforeFiles, conventions);
  const afterFiles = new Map<string, string>();
  for (const rel of [...plan.create, ...plan.update, ...plan.unchanged]) afterFiles.set(rel, plan.files.get(rel)!);
  const reachAfter = fluxReach(afterFiles, conventions);
  const after = new Map<string, ClaimRef>();
  const afterOn = new Set<string>();
  for (const [rel, text] of afterFiles) {
    for (const claim of claimsIn(rel, text)) {
      after.set(claimKey(claim), claim);
      for (const root of rootsOf(rel, reachAfter)) afterOn.add(`${root}\0${claimKey(claim)}`);
    }
  }
  const removed = new Set(plan.remove);
  const lost: Violation[] = [];
  for (const claim of before) {
    const rel = claim.file;
    if (!after.has(claimKey(claim))) {
      const moved = [...after.values()].find((c) => c.name === claim.name);
      lost.push({
        code: 'PvcRemoval',
        severity: Severity.ERROR,
        path: rel,
        object: { kind: 'PersistentVolumeClaim', namespace: claim.namespace, name: claim.name },
        message: moved
          ? `claim ${claim.name} would move from namespace '${claim.namespace}' to '${moved.namespace}'; Kubernetes cannot move a claim: a new, empty one would be made there while the data stays in '${claim.namespace}'`
          : `${removed.has(rel) ? `synth would delete the claim file(s) ${rel}` : `synth would rewrite ${rel} without its claim`} (claim ${claimKey(claim)}); the claim stays in the cluster (prune is disabled on it) but leaves Git, and a renamed claim starts empty`,
        fix: moved
          ? `keep the app's namespace '${claim.namespace}', or copy the data into the new claim first, then pass --allow-pvc-removal`
          : 'restore the ProtectedPvc (same name), or pass --allow-pvc-removal once you have moved or backed up the data',
      });
      continue;
    }
    for (const root of rootsOf(rel, reachBefore)) {
      if (root === ONE_CLUSTER || afterOn.has(`${root}\0${claimKey(claim)}`)) continue;
      lost.push({
        code: 'PvcRemoval',
        severity: Severity.ERROR,
        path: rel,
        object: { kind: 'PersistentVolumeClaim', namespace: claim.namespace, name: claim.name },
        message: `claim ${claimKey(claim)} would leave the cluster of ${root}: no Flux Kustomization there applies ${rel} any more; the claim and its data stay on that cluster (prune is disabled on it) but leave Git, and the app on another cluster starts with an empty claim`,
        fix: 'keep the app on that cluster (its clusters option), or move the data first, then pass --allow-pvc-removal',
      });
    }
  }
  return lost;
}
