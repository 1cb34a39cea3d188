import { KubeObject, compareObjects, deliberateDifferences } from '../../src/compare';

/** The unexplained differences of `after` against `before`, as `aspect path` lines, with the named conventions only. */
function unexplained(before: KubeObject[], after: KubeObject[], names: string[]): string[] {
  return compareObjects(before, after, { deliberate: deliberateDifferences(names) }).unexplained.map((d) => `${d.aspect} ${d.path}`);
}

function pod(container: any = {}, extra: any = {}): any {
  return { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x:1.0.0', ...container }], ...extra } };
}

function deployment(template: any, metadata: any = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'x', ...metadata }, spec: { selector: { matchLabels: { app: 'x' } }, template } } as any;
}

describe('Stillon deliberate differences', () => {
  test('fails: StandardLabels never explains a label on a StatefulSet claim template (templates are immutable)', () => {
    const sts = (labels?: any): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'x' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: pod(), volumeClaimTemplates: [{ metadata: { name: 'data', labels }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] },
    } as any);
    expect(unexplained([sts()], [sts({ 'app.kubernetes.io/name': 'db' })], ['StandardLabels'])).toEqual(['claim claim.templates.data.labels.app.kubernetes.io/name']);
  });

  test('PodSecurity explains dropping ALL and adding back runtime defaults, and fails when a capability asked for is lost', () => {
    const root = { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['CHOWN', 'SETUID', 'SETGID'] }, seccompProfile: { type: 'RuntimeDefault' } } };
    expect(unexplained([deployment(pod())], [deployment(pod(root))], ['PodSecurity'])).toEqual([]);
    const netAdmin = { securityContext: { capabilities: { add: ['NET_ADMIN'] } } };
    expect(unexplained([deployment(pod(netAdmin))], [deployment(pod(root))], ['PodSecurity'])).toEqual(['securityContext pod.containers.x.securityContext.capabilities.add']);
    // Kept beside the runtime defaults it is explained; one not asked for (SYS_ADMIN) never is.
    const rootWith = (extra: string[]) => ({ securityContext: { ...root.securityContext, capabilities: { drop: ['ALL'], add: [...root.securityContext.capabilities.add, ...extra] } } });
    expect(unexplained([deployment(pod(netAdmin))], [deployment(pod(rootWith(['NET_ADMIN'])))], ['PodSecurity'])).toEqual([]);
    expect(unexplained([deployment(pod(netAdmin))], [deployment(pod(rootWith(['NET_ADMIN', 'SYS_ADMIN'])))], ['PodSecurity'])).toEqual(['securityContext pod.containers.x.securityContext.capabilities.add']);
  });

  test('fails: PodSecurity does not explain a loosened security context', () => {
    const strict = { securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true } };
    expect(unexplained([deployment(pod(strict))], [deployment(pod())], ['PodSecurity'])).toEqual([
      'securityContext pod.containers.x.securityContext.readOnlyRootFilesystem',
      'securityContext pod.containers.x.securityContext.runAsNonRoot',
    ]);
  });

  test('a ConfigMap mount is read-only whatever the mount says', () => {
    const volumes = [{ name: 'c', configMap: { name: 'c' } }];
    const mounted = (readOnly?: boolean) => deployment(pod({ volumeMounts: [{ name: 'c', mountPath: '/c', readOnly }] }, { volumes }));
    expect(unexplained([mounted()], [mounted(true)], [])).toEqual([]);
  });

  test('WorkloadLabels explains a label on the Deployment, fails on one on its pods', () => {
    const labelled = deployment({ ...pod(), metadata: { labels: { app: 'x', tier: 'web' } } }, { labels: { app: 'x' } });
    expect(unexplained([deployment(pod())], [labelled], ['WorkloadLabels'])).toEqual(['labels pod.labels.tier']);
  });

  test('ResourceRequests explains requests where there were none, fails on an added limit', () => {
    const requests = { resources: { requests: { cpu: '50m', memory: '64Mi' } } };
    expect(unexplained([deployment(pod())], [deployment(pod(requests))], ['ResourceRequests'])).toEqual([]);
    const limited = { resources: { requests: { cpu: '50m' }, limits: { memory: '256Mi' } } };
    expect(unexplained([deployment(pod())], [deployment(pod(limited))], ['ResourceRequests'])).toEqual(['resources pod.containers.x.resources']);
  });

  test('ConfigRollout explains a content hash on the pod template, fails on another annotation', () => {
    const annotated = (annotations: any) => deployment({ ...pod(), metadata: { labels: { app: 'x' }, annotations } });
    expect(unexplained([deployment(pod())], [annotated({ 'stillon.top/config-hash': 'abc' })], ['ConfigRollout'])).toEqual([]);
    expect(unexplained([deployment(pod())], [annotated({ 'prometheus.io/scrape': 'true' })], ['ConfigRollout'])).toEqual(['annotations pod.annotations.prometheus.io/scrape']);
  });

  test('HostConvention explains the issuer and redirect, fails on a dropped nginx annotation', () => {
    const ingress = (annotations: any): KubeObject => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'x', namespace: 'x', annotations },
      spec: { ingressClassName: 'nginx', rules: [{ host: 'x.stillon.top', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'x', port: { number: 80 } } } }] } }] },
    } as any);
    const ours = ingress({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' });
    expect(unexplained([ingress({})], [ours], ['HostConvention'])).toEqual([]);
    expect(unexplained([ingress({ 'nginx.ingress.kubernetes.io/proxy-body-size': '0' })], [ours], ['HostConvention']))
      .toEqual(['annotations annotations.nginx.ingress.kubernetes.io/proxy-body-size']);
  });

  test('FluxLayout explains the path to ./kustomize/<app>, fails on any other path', () => {
    const flux = (path: string): KubeObject => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'x', namespace: 'flux-system' }, spec: { path, prune: true } } as any);
    expect(unexplained([flux('./apps/x')], [flux('./kustomize/x')], ['FluxLayout'])).toEqual([]);
    expect(unexplained([flux('./apps/x')], [flux('./kustomize/y')], ['FluxLayout'])).toEqual(['flux flux.path']);
  });

  test('PvcProtection explains the finalizer and prune annotation, fails on a changed size', () => {
    const pvc = (storage: string, metadata: any = {}): KubeObject => ({
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd', namespace: 'x', ...metadata }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
    } as any);
    const protectedMeta = { finalizers: ['kubernetes.io/pvc-protection'], annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } };
    expect(unexplained([pvc('1Gi')], [pvc('1024Mi', protectedMeta)], ['PvcProtection'])).toEqual([]);
    expect(unexplained([pvc('1Gi')], [pvc('2Gi', protectedMeta)], ['PvcProtection'])).toEqual(['claim claim.storage']);
  });
});
