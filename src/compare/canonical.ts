import { Renames, canonicalPodTemplate } from './canonical-pod';
import { Tree, asSet, byKey, clean, duration, or, quantity, rest } from './canonical-values';
import { KubeObject } from './difference';

/** Annotations the API server or kubectl writes; they say nothing about what the object is. */
const NOISE_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/** The context a canonical form needs: names generated on one side, the namespace Flux fills in. */
export interface CanonicalContext {
  readonly renames: Renames;
  readonly namespace?: string;
  /** The number of a named container port among the pods `selector` picks in the object's namespace. */
  readonly containerPort?: (selector: Record<string, string> | undefined, name: string) => number | undefined;
  /** The number of a named port of a Service in the object's namespace. */
  readonly servicePort?: (service: string, name: string) => number | undefined;
}

/**
 * An object by meaning: metadata reduced to labels, annotations and finalizers, lists that are
 * sets or maps turned into sorted sets or maps, and the API's defaults filled in, so that two
 * objects that mean the same have equal canonical forms. Each top-level key is one aspect.
 */
export function canonicalObject(o: KubeObject, context: CanonicalContext): Tree {
  const meta: any = o.metadata ?? {};
  const annotations = { ...meta.annotations };
  for (const key of NOISE_ANNOTATIONS) delete annotations[key];
  const body = canonicalBody(o as any, context);
  return clean({
    labels: meta.labels,
    annotations,
    finalizers: asSet(meta.finalizers),
    ...body,
  }) as Tree ?? {};
}

function canonicalBody(o: any, context: CanonicalContext): Tree {
  const spec = o.spec ?? {};
  const { renames } = context;
  switch (o.kind) {
    case 'Deployment':
      return {
        replicas: or(spec.replicas, 1),
        selector: selector(spec.selector),
        strategy: deploymentStrategy(spec.strategy),
        workload: {
          minReadySeconds: or(spec.minReadySeconds, 0),
          revisionHistoryLimit: or(spec.revisionHistoryLimit, 10),
          progressDeadlineSeconds: or(spec.progressDeadlineSeconds, 600),
          paused: or(spec.paused, false),
        },
        pod: canonicalPodTemplate(spec.template, renames),
        unhandled: rest(spec, ['replicas', 'selector', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'paused', 'template']),
      };
    case 'StatefulSet':
      return {
        replicas: or(spec.replicas, 1),
        selector: selector(spec.selector),
        strategy: {
          updateStrategy: spec.updateStrategy?.type === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', partition: or(spec.updateStrategy?.rollingUpdate?.partition, 0), maxUnavailable: spec.updateStrategy?.rollingUpdate?.maxUnavailable },
          podManagementPolicy: or(spec.podManagementPolicy, 'OrderedReady'),
        },
        workload: {
          serviceName: spec.serviceName,
          minReadySeconds: or(spec.minReadySeconds, 0),
          revisionHistoryLimit: or(spec.revisionHistoryLimit, 10),
          ordinals: spec.ordinals,
        },
        claim: {
          templates: byKey<any>(spec.volumeClaimTemplates, (t) => t.metadata?.name, (t) => ({
            labels: t.metadata?.labels, annotations: t.metadata?.annotations, ...claimSpec(t.spec),
          })),
          // Retain, the API's default: claims made from templates outlive the StatefulSet.
          retention: {
            whenDeleted: or(spec.persistentVolumeClaimRetentionPolicy?.whenDeleted, 'Retain'),
            whenScaled: or(spec.persistentVolumeClaimRetentionPolicy?.whenScaled, 'Retain'),
          },
        },
        pod: canonicalPodTemplate(spec.template, renames),
        unhandled: rest(spec, [
          'replicas', 'selector', 'updateStrategy', 'podManagementPolicy', 'serviceName', 'minReadySeconds', 'revisionHistoryLimit',
          'ordinals', 'volumeClaimTemplates', 'persistentVolumeClaimRetentionPolicy', 'template',
        ]),
      };
    case 'DaemonSet':
      return {
        selector: selector(spec.selector),
        strategy: spec.updateStrategy?.type === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', maxUnavailable: or(spec.updateStrategy?.rollingUpdate?.maxUnavailable, 1), maxSurge: or(spec.updateStrategy?.rollingUpdate?.maxSurge, 0) },
        pod: canonicalPodTemplate(spec.template, renames),
      };
    case 'Job':
      return job(spec, renames);
    case 'CronJob':
      return {
        workload: {
          schedule: spec.schedule,
          timeZone: spec.timeZone,
          concurrencyPolicy: or(spec.concurrencyPolicy, 'Allow'),
          suspend: or(spec.suspend, false),
          startingDeadlineSeconds: spec.startingDeadlineSeconds,
          successfulJobsHistoryLimit: or(spec.successfulJobsHistoryLimit, 3),
          failedJobsHistoryLimit: or(spec.failedJobsHistoryLimit, 1),
        },
        job: {
          labels: spec.jobTemplate?.metadata?.labels,
          annotations: spec.jobTemplate?.metadata?.annotations,
          ...job(spec.jobTemplate?.spec ?? {}, renames),
        },
        unhandled: rest(spec, [
          'schedule', 'timeZone', 'concurrencyPolicy', 'suspend', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'jobTemplate',
        ]),
      };
    case 'Service':
      return { service: service(spec, context) };
    case 'Ingress':
      return { ingress: ingress(o, context) };
    case 'PersistentVolumeClaim':
      return { claim: claimSpec(spec) };
    case 'ConfigMap':
      return { data: { data: o.data, binaryData: o.binaryData, immutable: or(o.immutable, false) } };
    case 'Secret':
      return { data: { type: or(o.type, 'Opaque'), data: o.data, stringData: o.stringData } };
    case 'ServiceAccount':
      return {
        rbac: {
          automountServiceAccountToken: or(o.automountServiceAccountToken, true),
          imagePullSecrets: asSet((o.imagePullSecrets ?? []).map((s: any) => s.name)),
          secrets: asSet(o.secrets),
        },
      };
    case 'Role':
    case 'ClusterRole':
      return { rbac: { rules: rbacRules(o.rules), aggregationRule: o.aggregationRule } };
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return {
        rbac: {
          roleRef: o.roleRef && { apiGroup: or(o.roleRef.apiGroup, 'rbac.authorization.k8s.io'), kind: o.roleRef.kind, name: o.roleRef.name },
          subjects: byKey<any>(o.subjects, (s) => `${s.kind}/${s.kind === 'ServiceAccount' ? s.namespace ?? context.namespace : ''}/${s.name}`, () => true),
        },
      };
    case 'SealedSecret':
      return {
        data: {
          encryptedData: spec.encryptedData,
          template: spec.template && { type: or(spec.template.type, 'Opaque'), metadata: spec.template.metadata, data: spec.template.data, immutable: spec.template.immutable },
        },
      };
    case 'Kustomization':
      return o.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/') ? { flux: flux(spec) } : { other: o };
    default: {
      return { other: rest(o, ['apiVersion', 'kind', 'metadata', 'status']) };
    }
  }
}

function selector(s: any): Tree | undefined {
  if (!s) return undefined;
  return clean({ matchLabels: s.matchLabels, matchExpressions: asSet(s.matchExpressions) }) as Tree;
}

function deploymentStrategy(s: any): Tree {
  if (s?.type === 'Recreate') return { type: 'Recreate' };
  return { type: 'RollingUpdate', maxSurge: or(s?.rollingUpdate?.maxSurge, '25%'), maxUnavailable: or(s?.rollingUpdate?.maxUnavailable, '25%') };
}

function job(spec: any, renames: Renames): Tree {
  return {
    workload: {
      backoffLimit: or(spec.backoffLimit, 6),
      completions: or(spec.completions, 1),
      parallelism: or(spec.parallelism, 1),
      activeDeadlineSeconds: spec.activeDeadlineSeconds,
      ttlSecondsAfterFinished: spec.ttlSecondsAfterFinished,
      completionMode: or(spec.completionMode, 'NonIndexed'),
      suspend: or(spec.suspend, false),
      podFailurePolicy: spec.podFailurePolicy,
    },
    // A Job's selector is generated by the API server unless set by hand.
    selector: spec.manualSelector ? selector(spec.selector) : undefined,
    pod: canonicalPodTemplate(spec.template, renames),
    unhandled: rest(spec, [
      'backoffLimit', 'completions', 'parallelism', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'completionMode', 'suspend',
      'podFailurePolicy', 'manualSelector', 'selector', 'template',
    ]),
  };
}

function claimSpec(spec: any): Tree {
  return {
    accessModes: asSet(spec?.accessModes),
    storage: quantity(spec?.resources?.requests?.storage),
    limits: spec?.resources?.limits,
    storageClassName: spec?.storageClassName,
    volumeName: spec?.volumeName,
    volumeMode: or(spec?.volumeMode, 'Filesystem'),
    selector: spec?.selector,
    dataSource: spec?.dataSource,
  };
}

function service(spec: any, context: CanonicalContext): Tree {
  // A named targetPort and the number it names mean the same: resolved through the pods selected.
  const target = (p: any) => {
    const t = or(p.targetPort, p.port);
    return typeof t === 'string' ? context.containerPort?.(spec.selector, t) ?? t : t;
  };
  const type = or(spec.type, 'ClusterIP');
  const external = type === 'NodePort' || type === 'LoadBalancer';
  return {
    type,
    headless: spec.clusterIP === 'None',
    selector: spec.selector,
    ports: byKey<any>(spec.ports, (p) => `${p.port}/${or(p.protocol, 'TCP')}`, (p) => ({
      name: p.name, targetPort: target(p), nodePort: p.nodePort, appProtocol: p.appProtocol,
    })),
    sessionAffinity: or(spec.sessionAffinity, 'None'),
    externalTrafficPolicy: external ? or(spec.externalTrafficPolicy, 'Cluster') : undefined,
    internalTrafficPolicy: or(spec.internalTrafficPolicy, 'Cluster'),
    publishNotReadyAddresses: or(spec.publishNotReadyAddresses, false),
    loadBalancerIP: spec.loadBalancerIP,
    loadBalancerClass: spec.loadBalancerClass,
    externalIPs: asSet(spec.externalIPs),
    externalName: spec.externalName,
    ipFamilyPolicy: spec.ipFamilyPolicy,
    // clusterIP(s) other than None and ipFamilies are assigned by the API server.
    unhandled: rest(spec, [
      'type', 'clusterIP', 'clusterIPs', 'ipFamilies', 'selector', 'ports', 'sessionAffinity', 'externalTrafficPolicy', 'internalTrafficPolicy',
      'publishNotReadyAddresses', 'loadBalancerIP', 'loadBalancerClass', 'externalIPs', 'externalName', 'ipFamilyPolicy',
    ]),
  };
}

function ingress(o: any, context: CanonicalContext): Tree {
  const spec = o.spec ?? {};
  const port = (name: string, p: any) => p?.number ?? context.servicePort?.(name, p?.name) ?? p?.name;
  const backend = (b: any) => b && (b.service
    ? { service: b.service.name, port: port(b.service.name, b.service.port) }
    : { resource: b.resource });
  return {
    // The deprecated annotation picks a class as the field does.
    className: spec.ingressClassName ?? o.metadata?.annotations?.['kubernetes.io/ingress.class'],
    defaultBackend: backend(spec.defaultBackend),
    rules: byKey<any>(spec.rules, (r) => or(r.host, '*'), (r) => byKey<any>(r.http?.paths, (p) => or(p.path, '/'), (p) => ({
      pathType: p.pathType, backend: backend(p.backend),
    }))),
    tls: byKey<any>(spec.tls, (t) => or(t.secretName, '(none)'), (t) => asSet(t.hosts)),
    unhandled: rest(spec, ['ingressClassName', 'defaultBackend', 'rules', 'tls']),
  };
}

/** RBAC rules as one verb set per (apiGroup, resource, resourceName): two rules or one, the same grant. */
function rbacRules(rules: any[] | undefined): Tree | undefined {
  const grants: Record<string, Set<string>> = {};
  for (const rule of rules ?? []) {
    const targets: string[] = [];
    if (rule.nonResourceURLs) for (const url of rule.nonResourceURLs) targets.push(`url:${url}`);
    for (const group of rule.apiGroups ?? ['']) {
      for (const resource of rule.resources ?? []) {
        for (const name of rule.resourceNames ?? ['*']) targets.push(`${group || 'core'}/${resource}/${name}`);
      }
    }
    for (const target of targets) {
      grants[target] ??= new Set();
      for (const verb of rule.verbs ?? []) grants[target].add(verb);
    }
  }
  return byKey<[string, Set<string>]>(Object.entries(grants), ([t]) => t, ([, verbs]) => [...verbs].sort());
}

function flux(spec: any): Tree {
  return {
    interval: duration(spec.interval),
    retryInterval: duration(spec.retryInterval),
    timeout: duration(spec.timeout),
    // `./kustomize/x`, `kustomize/x` and `./kustomize/x/` are one path to Flux.
    path: typeof spec.path === 'string' ? `./${spec.path.replace(/^\.?\/+/, '').replace(/\/+$/, '')}` : './',
    prune: spec.prune,
    wait: or(spec.wait, false),
    force: or(spec.force, false),
    suspend: or(spec.suspend, false),
    sourceRef: spec.sourceRef,
    targetNamespace: spec.targetNamespace,
    serviceAccountName: spec.serviceAccountName,
    dependsOn: byKey<any>(spec.dependsOn, (d) => `${d.namespace ?? ''}/${d.name}`, () => true),
    healthChecks: asSet(spec.healthChecks),
    decryption: spec.decryption,
    postBuild: spec.postBuild,
    patches: spec.patches,
    images: asSet(spec.images),
    components: spec.components,
    commonMetadata: spec.commonMetadata,
    namePrefix: spec.namePrefix,
    nameSuffix: spec.nameSuffix,
  };
}
