import { ANNOTATIONS } from '../../conventions';
import { containersOf, isKind, podSpecOf } from '../k8s-objects';
import { Finding, PolicyObject, Rule, describe } from '../rule';
import { Severity } from '../violation';

type RefKind = 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';

interface Reference {
  readonly kind: RefKind;
  readonly name: string;
  /** Where in the pod spec, for the message. */
  readonly via: string;
}

/** ConfigMaps every namespace gets from the control plane. */
const BUILT_IN: Record<RefKind, readonly string[]> = { Secret: [], ConfigMap: ['kube-root-ca.crt'], PersistentVolumeClaim: [] };

/** Every Secret, ConfigMap and claim a pod spec needs; `optional: true` references are left out. */
export function podReferences(podSpec: any): Reference[] {
  if (!podSpec) return [];
  const refs: Reference[] = [];
  const add = (kind: RefKind, ref: any, nameField: string, via: string) => {
    if (ref && typeof ref[nameField] === 'string' && ref.optional !== true) refs.push({ kind, name: ref[nameField], via });
  };
  for (const c of containersOf(podSpec)) {
    for (const env of c.env ?? []) {
      add('Secret', env?.valueFrom?.secretKeyRef, 'name', `env ${env.name} of container '${c.name}'`);
      add('ConfigMap', env?.valueFrom?.configMapKeyRef, 'name', `env ${env.name} of container '${c.name}'`);
    }
    for (const from of c.envFrom ?? []) {
      add('Secret', from?.secretRef, 'name', `envFrom of container '${c.name}'`);
      add('ConfigMap', from?.configMapRef, 'name', `envFrom of container '${c.name}'`);
    }
  }
  for (const v of podSpec.volumes ?? []) {
    add('Secret', v?.secret, 'secretName', `volume '${v.name}'`);
    add('ConfigMap', v?.configMap, 'name', `volume '${v.name}'`);
    add('PersistentVolumeClaim', v?.persistentVolumeClaim, 'claimName', `volume '${v.name}'`);
    for (const source of v?.projected?.sources ?? []) {
      add('Secret', source?.secret, 'name', `projected volume '${v.name}'`);
      add('ConfigMap', source?.configMap, 'name', `projected volume '${v.name}'`);
    }
  }
  for (const pull of podSpec.imagePullSecrets ?? []) add('Secret', pull, 'name', 'imagePullSecrets');
  return refs;
}

/** What an object makes exist in the cluster, by kind and name. */
function provides(manifest: any): Array<[RefKind, string]> {
  const name = manifest?.metadata?.name;
  if (isKind(manifest, 'Secret', '') || isKind(manifest, 'ConfigMap', '') || isKind(manifest, 'PersistentVolumeClaim', '')) return [[manifest.kind, name]];
  // The controller unseals into a Secret of the SealedSecret's name.
  if (isKind(manifest, 'SealedSecret', 'bitnami.com')) return [['Secret', manifest.spec?.template?.metadata?.name ?? name]];
  if (isKind(manifest, 'ExternalSecret', 'external-secrets.io')) return [['Secret', manifest.spec?.target?.name ?? name]];
  if (isKind(manifest, 'Certificate', 'cert-manager.io') && manifest.spec?.secretName) return [['Secret', manifest.spec.secretName]];
  return [];
}

/** A workload that reads a Secret, ConfigMap or claim nothing provides does not start (CreateContainerConfigError, Pending). */
export const missingReference: Rule = {
  code: 'MissingReference',
  severity: Severity.ERROR,
  rationale: 'a pod whose Secret, ConfigMap or claim exists nowhere in Git never starts, or starts only on the cluster where someone created it by hand',
  fix: 'add the object to the same build (a SealedSecret counts for its Secret), mark the reference optional, or declare it in check.providedOutOfBand in stillon.config.ts with the reason',
  check(objects, { conventions }) {
    const provided = new Map<string, Set<string>>();
    for (const object of objects) {
      for (const [kind, name] of provides(object.manifest)) {
        const key = `${object.app}\0${kind}`;
        provided.set(key, (provided.get(key) ?? new Set()).add(name));
      }
    }
    const outOfBand = conventions.check?.providedOutOfBand ?? [];
    const isProvided = (object: PolicyObject, ref: Reference) => BUILT_IN[ref.kind].includes(ref.name)
      || provided.get(`${object.app}\0${ref.kind}`)?.has(ref.name)
      || outOfBand.some((p) => p.kind === ref.kind && p.name === ref.name && (p.app === undefined || p.app === object.app))
      // Declared on the workload itself (OutOfBandSecret writes it): `Secret/name,...`.
      || String(object.manifest.metadata?.annotations?.[ANNOTATIONS.providedOutOfBand] ?? '').split(',').includes(`${ref.kind}/${ref.name}`);
    const findings: Finding[] = [];
    for (const object of objects) {
      const seen = new Set<string>();
      for (const ref of podReferences(podSpecOf(object.manifest))) {
        const key = `${ref.kind}/${ref.name}`;
        if (seen.has(key) || isProvided(object, ref)) continue;
        seen.add(key);
        findings.push({ object, message: `${describe(object)} reads ${key} (${ref.via}), which nothing in app '${object.app}' provides` });
      }
    }
    return findings;
  },
};
