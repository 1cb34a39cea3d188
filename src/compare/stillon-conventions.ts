import { DeliberateDifference, Difference, DifferenceContext } from './difference';
import { ANNOTATIONS, PVC_PROTECTION_FINALIZER } from '../conventions/keys';

/** The label prefix of the recommended labels the library puts on everything. */
const STANDARD_LABEL_PREFIX = 'app.kubernetes.io/';
const GENERATED_SUFFIX = /-[bcdfghkmt2456789]{10}$/;

/** The last segment, or for a whole map added, every key of it. */
function keysOf(d: Difference): string[] {
  const value = d.change === 'added' ? d.after : undefined;
  const last = d.segments[d.segments.length - 1];
  const container = ['labels', 'annotations'].includes(last);
  return container && value && typeof value === 'object' ? Object.keys(value) : [last];
}

function labelsOrAnnotations(d: Difference): boolean {
  return d.aspect === 'labels' || d.aspect === 'annotations' || d.segments.includes('labels') || d.segments.includes('annotations');
}

/** Adds `app.kubernetes.io/*` labels to objects and pods (never to selectors: those stay as they are). */
export const STANDARD_LABELS: DeliberateDifference = {
  name: 'StandardLabels',
  reason: 'every object carries the recommended app.kubernetes.io labels; selectors are untouched',
  // Not on claim templates: they are immutable on a live StatefulSet, so a new label there fails to apply.
  explains: (d) => d.change === 'added' && d.aspect !== 'selector' && d.aspect !== 'claim' && !d.segments.includes('selector')
    && labelsOrAnnotations(d) && !d.segments.includes('annotations') && keysOf(d).every((k) => k.startsWith(STANDARD_LABEL_PREFIX)),
};

/**
 * A workload, its Services and its Ingress carry the workload's labels (its selector's among
 * them). Labels on these objects select nothing (only pod labels and selectors do), so adding
 * some changes no traffic and no scheduling.
 */
export const WORKLOAD_LABELS: DeliberateDifference = {
  name: 'WorkloadLabels',
  reason: 'the workload, its Services and its Ingress are labelled like its pods; no selector or pod label changes',
  explains: (d) => WORKLOAD_KINDS.has(d.kind) && d.change === 'added' && d.segments.length === 2 && d.segments[0] === 'labels',
};
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'Ingress']);

/** Adds the description annotation. */
export const DESCRIPTION: DeliberateDifference = {
  name: 'Description',
  reason: 'a one-line description annotation on the workloads',
  explains: (d) => d.change === 'added' && labelsOrAnnotations(d) && keysOf(d).every((k) => k === ANNOTATIONS.description),
};

/** Adds the pvc-protection finalizer and Flux's `prune: disabled` to claims. */
export const PVC_PROTECTION: DeliberateDifference = {
  name: 'PvcProtection',
  reason: 'a claim is never deleted by a Flux prune (the finalizer alone does not stop it)',
  explains: (d) => d.kind === 'PersistentVolumeClaim' && d.change === 'added'
    && ((d.aspect === 'finalizers' && JSON.stringify(d.after) === JSON.stringify([PVC_PROTECTION_FINALIZER]))
      || (d.aspect === 'annotations' && keysOf(d).every((k) => k === ANNOTATIONS.fluxPrune) && annotationValue(d, ANNOTATIONS.fluxPrune) === 'disabled')),
};

function annotationValue(d: Difference, key: string): unknown {
  const last = d.segments[d.segments.length - 1];
  return last === key ? d.after : (d.after as any)?.[key];
}

/** Deployment that mounts a claim switches to Recreate. */
export const RECREATE_STRATEGY: DeliberateDifference = {
  name: 'RecreateStrategy',
  reason: 'a ReadWriteOnce claim cannot attach to two pods during a rolling update',
  explains: (d, c) => d.kind === 'Deployment' && d.aspect === 'strategy' && mountsClaim(c) && (d.segments[1] === 'type' ? d.after === 'Recreate' : d.after === undefined),
};

function mountsClaim(c: DifferenceContext): boolean {
  return ((c.after as any)?.spec?.template?.spec?.volumes ?? []).some((v: any) => v.persistentVolumeClaim);
}

/** The capabilities containerd and Docker grant a container by default. */
const RUNTIME_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/**
 * Whether two `add` lists grant the same beyond what the runtime grants anyway: dropping ALL and
 * adding runtime ones back takes nothing asked for, but a capability the original added on
 * purpose (NET_ADMIN) must be added on both sides, and nothing beyond the runtime's added anew.
 */
function sameBeyondRuntime(after: unknown, before: unknown): boolean {
  const beyond = (caps: unknown) => {
    if (caps === undefined) return [];
    return Array.isArray(caps) ? [...new Set(caps.filter((c) => !RUNTIME_CAPABILITIES.has(c)))].sort() : undefined;
  };
  const [a, b] = [beyond(after), beyond(before)];
  return a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/** The security context values the library tightens to, by field; `before` matters where something asked for could be lost. */
const TIGHT: Record<string, (after: unknown, before: unknown) => boolean> = {
  runAsNonRoot: (v) => v === true,
  allowPrivilegeEscalation: (v) => v === false,
  privileged: (v) => v === false,
  readOnlyRootFilesystem: (v) => v === true,
  drop: (v) => JSON.stringify(v) === '["ALL"]',
  // A capability the original added on purpose (NET_ADMIN) must survive.
  add: (v, b) => sameBeyondRuntime(v, b),
  capabilities: (v, b) => JSON.stringify((v as any)?.drop) === '["ALL"]' && sameBeyondRuntime((v as any)?.add, (b as any)?.add),
  seccompProfile: (v) => (v as any)?.type === 'RuntimeDefault',
  type: (v) => v === 'RuntimeDefault',
};

/** Tightens container security contexts; a read-only root gets an emptyDir at /tmp. */
export const POD_SECURITY: DeliberateDifference = {
  name: 'PodSecurity',
  reason: 'containers run without privilege escalation, capabilities or an unconfined seccomp profile, non-root and read-only where the image allows',
  explains: (d) => {
    if (d.aspect === 'mounts') return d.change === 'added' && d.segments[d.segments.length - 1] === '/tmp' && (d.after as any)?.volume?.emptyDir !== undefined;
    if (d.aspect !== 'securityContext' || d.segments[0] !== 'pod' && d.segments[0] !== 'job') return false;
    const field = d.segments[d.segments.length - 1];
    return TIGHT[field]?.(d.after, d.before) ?? false;
  },
};

/** Turns off the service account token for pods that do not use the API. */
export const NO_SERVICE_ACCOUNT_TOKEN: DeliberateDifference = {
  name: 'NoServiceAccountToken',
  reason: 'a pod that does not call the Kubernetes API gets no token to leak',
  explains: (d) => d.aspect === 'pod' && d.segments[d.segments.length - 1] === 'automountServiceAccountToken' && d.after === false,
};

/** Gives requests to a container that had none. */
export const RESOURCE_REQUESTS: DeliberateDifference = {
  name: 'ResourceRequests',
  reason: 'small requests let the scheduler place dozens of apps on one node; no memory limit is added',
  explains: (d) => d.aspect === 'resources' && d.change === 'added'
    && (d.segments.includes('requests') || Object.keys(d.after as object).every((k) => k === 'requests')),
};

/** The ingress profile's class, issuer and redirect annotations on an Ingress that lacked them. */
export const HOST_CONVENTION: DeliberateDifference = {
  name: 'HostConvention',
  reason: 'every Ingress gets the profile class, the cert-manager issuer and an HTTPS redirect',
  explains: (d) => d.kind === 'Ingress' && d.change === 'added'
    && ((d.aspect === 'annotations' && keysOf(d).every((k) => k === ANNOTATIONS.certManagerClusterIssuer || k.endsWith('/ssl-redirect') || k.startsWith('traefik.ingress.kubernetes.io/router.')))
      || (d.aspect === 'ingress' && d.segments[1] === 'className')),
};

/** The Flux Kustomization points at the synth output folder. */
export const FLUX_LAYOUT: DeliberateDifference = {
  name: 'FluxLayout',
  reason: 'synth writes the app to ./kustomize/<app>, which the Flux Kustomization applies',
  explains: (d, c) => d.aspect === 'flux' && ((d.segments[1] === 'path' && d.after === `./kustomize/${c.after?.metadata?.name}`)
    // Every object already carries the namespace; targetNamespace says it once more, for Flux.
    || (d.segments[1] === 'targetNamespace' && d.change === 'added')),
};

/**
 * A ConfigMap made by kustomize's configMapGenerator (hash-suffixed name) becomes a plainly
 * named one, and the pod template carries the content hash instead, so a change still rolls out.
 */
export const CONFIG_ROLLOUT: DeliberateDifference = {
  name: 'ConfigRollout',
  reason: 'a content hash on the pod template rolls the pods on a config change, as kustomize\'s name suffix did',
  explains: (d) => (d.aspect === 'name' && typeof d.before === 'string' && GENERATED_SUFFIX.test(d.before) && d.before.replace(GENERATED_SUFFIX, '') === d.after)
    || (d.aspect === 'annotations' && d.change === 'added' && d.segments[0] !== 'annotations' && keysOf(d).every((k) => /(hash|checksum)/i.test(k))),
};

/** Every deliberate difference above, by name. */
export const STILLON_DELIBERATE_DIFFERENCES: readonly DeliberateDifference[] = [
  STANDARD_LABELS, WORKLOAD_LABELS, DESCRIPTION, PVC_PROTECTION, RECREATE_STRATEGY, POD_SECURITY, NO_SERVICE_ACCOUNT_TOKEN,
  RESOURCE_REQUESTS, HOST_CONVENTION, FLUX_LAYOUT, CONFIG_ROLLOUT,
];

/** The deliberate differences of the given names; an unknown name throws, so a typo cannot hide one. */
export function deliberateDifferences(names: readonly string[]): DeliberateDifference[] {
  return names.map((name) => {
    const found = STILLON_DELIBERATE_DIFFERENCES.find((d) => d.name === name);
    if (!found) throw new Error(`unknown deliberate difference '${name}' (known: ${STILLON_DELIBERATE_DIFFERENCES.map((d) => d.name).join(', ')})`);
    return found;
  });
}
