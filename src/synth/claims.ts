import { expandLists } from '../policy/k8s-objects';
import { parseYamlDocuments } from '../yaml/yaml';

/** A PersistentVolumeClaim as the cluster knows it: a claim is its namespace and its name. */
export interface ClaimRef {
  readonly namespace: string;
  readonly name: string;
  /** The file it is in, relative to the repository root. */
  readonly file: string;
}

/** `namespace/name`, the identity of a claim. */
export function claimKey(claim: Pick<ClaimRef, 'namespace' | 'name'>): string {
  return `${claim.namespace}/${claim.name}`;
}

/**
 * The claims in a file of ours, Lists expanded (kustomize applies their items). Decided on the
 * parsed documents; the substring test only skips files that cannot hold one (a double-quoted
 * escape could spell the kind another way, so such files are parsed too). A file that does not
 * parse but names the kind counts as one claim that nothing else matches: replacing or deleting
 * it then passes the same guard as any claim.
 */
export function claimsIn(file: string, text: string): ClaimRef[] {
  if (!text.includes('PersistentVolumeClaim') && !text.includes('\\')) return [];
  let manifests: any[];
  try {
    // An item of a List without a namespace lands in the List's (Flux's targetNamespace, which
    // synth writes onto every object of the app).
    manifests = parseYamlDocuments(text, file).flatMap((doc: any) => expandLists(doc).map((m) => (
      m?.metadata?.namespace === undefined && doc?.metadata?.namespace !== undefined
        ? { ...m, metadata: { ...m.metadata, namespace: doc.metadata.namespace } } : m)));
  } catch {
    return text.includes('PersistentVolumeClaim') ? [{ namespace: '', name: `(a claim in ${file}, which does not parse)`, file }] : [];
  }
  return manifests
    .filter((m) => m?.kind === 'PersistentVolumeClaim' && typeof m.metadata?.name === 'string')
    .map((m) => ({ namespace: String(m.metadata.namespace ?? ''), name: m.metadata.name, file }));
}
