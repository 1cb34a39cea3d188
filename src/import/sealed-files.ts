import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isRemote, kustomizationRefs } from '../check/discover';
import { StillonError } from '../errors';
import { SealedCopy } from './model';
import { kustomizationFileIn } from './source';

/**
 * The files the original's SealedSecrets come from, by Secret name: found through the local
 * resources of the kustomization (and of every base it reaches), each a file holding exactly
 * that one SealedSecret, so that it can be copied byte for byte (its ciphertext is bound to its
 * name and namespace; re-serialising it could only lose something).
 */
export function findSealedFiles(dir: string, namespace: string): Map<string, SealedCopy> {
  const found = new Map<string, SealedCopy>();
  const seen = new Set<string>();
  const visit = (folder: string) => {
    const file = kustomizationFileIn(folder);
    if (!file || seen.has(file)) return;
    seen.add(file);
    const manifest = parseAllDocuments(fs.readFileSync(file, 'utf8'))[0]?.toJS() ?? {};
    const resources = [...(manifest.resources ?? []), ...(manifest.bases ?? [])].filter((r: unknown): r is string => typeof r === 'string' && !isRemote(r));
    for (const ref of [...new Set([...resources, ...kustomizationRefs(manifest)])]) {
      const target = path.resolve(folder, ref);
      if (!fs.existsSync(target)) continue;
      if (fs.statSync(target).isDirectory()) {
        visit(target);
        continue;
      }
      if (!/\.ya?ml$/i.test(target)) continue;
      const bytes = fs.readFileSync(target);
      const docs = parseAllDocuments(bytes.toString('utf8')).map((d) => d.toJS()).filter((d) => d && typeof d === 'object');
      const sealed = docs.filter((d) => d.kind === 'SealedSecret');
      if (!sealed.length) continue;
      if (docs.length !== 1) {
        throw new StillonError('SealedFileShared', target, `the file holds ${docs.length} documents, ${sealed.length} of them SealedSecrets; import copies a sealed file byte for byte, one SealedSecret each`,
          'split the file into one file per SealedSecret (the ciphertext stays as it is), then import again');
      }
      const name = String(sealed[0].metadata?.name);
      found.set(name, { name, namespace: String(sealed[0].metadata?.namespace ?? namespace), from: target, bytes });
    }
  };
  visit(dir);
  return found;
}
