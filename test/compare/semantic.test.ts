import { DeliberateDifference, Difference, KubeObject, STILLON_DELIBERATE_DIFFERENCES, compareObjects, deliberateDifferences } from '../../src/compare';

/** A Deployment with one container, as people write them; `change` edits a copy. */
function deployment(change: (d: any) => void = () => undefined): KubeObject {
  const d: any = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'gitea', namespace: 'gitea', labels: { app: 'gitea' } },
    spec: {
      selector: { matchLabels: { app: 'gitea' } },
      template: {
        metadata: { labels: { app: 'gitea' } },
        spec: {
          containers: [{
            name: 'gitea',
            image: 'gitea/gitea:1.22.3',
            ports: [{ name: 'http', containerPort: 3000 }, { name: 'ssh', containerPort: 22 }],
            env: [{ name: 'USER_UID', value: '1000' }, { name: 'GITEA__database__PASSWD', valueFrom: { secretKeyRef: { name: 'gitea-db', key: 'password' } } }],
            readinessProbe: { httpGet: { path: '/api/healthz', port: 'http' } },
            livenessProbe: { tcpSocket: { port: 3000 }, periodSeconds: 20 },
            resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'gitea-data' } }],
        },
      },
    },
  };
  change(d);
  return d;
}

const service = (change: (s: any) => void = () => undefined): KubeObject => {
  const s: any = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'gitea', namespace: 'gitea' },
    spec: { selector: { app: 'gitea' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
  change(s);
  return s;
};

const container = (d: any) => d.spec.template.spec.containers[0];
const paths = (ds: readonly Difference[]) => ds.map((d) => `${d.object} ${d.path}`);

describe('compareObjects', () => {
  test('the same objects in another order and spelling have no difference', () => {
    const spelled = deployment((d) => {
      const c = container(d);
      c.ports.reverse();
      c.env.reverse();
      c.imagePullPolicy = 'IfNotPresent';
      c.readinessProbe = { httpGet: { path: '/api/healthz', port: 3000, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 };
      c.resources = { requests: { cpu: '0.1', memory: '268435456' }, limits: { memory: '1024Mi' } };
      c.securityContext = { privileged: false };
      // A volume's name is not its meaning: the claim it mounts is.
      c.volumeMounts = [{ name: 'storage', mountPath: '/data', readOnly: false }];
      d.spec.template.spec.volumes = [{ name: 'storage', persistentVolumeClaim: { claimName: 'gitea-data' } }];
      d.spec.replicas = 1;
      d.spec.strategy = { type: 'RollingUpdate' };
      d.spec.template.spec.restartPolicy = 'Always';
    });
    const result = compareObjects([deployment(), service()], [service((s) => { s.spec.ports[0].targetPort = 3000; s.spec.type = 'ClusterIP'; }), spelled]);
    expect(result.unexplained).toEqual([]);
  });

  test('fails on a changed image', () => {
    const result = compareObjects([deployment()], [deployment((d) => { container(d).image = 'gitea/gitea:1.23.0'; })]);
    expect(result.unexplained).toEqual([expect.objectContaining({
      object: 'Deployment/gitea/gitea', aspect: 'image', path: 'pod.containers.gitea.image', change: 'changed', before: 'gitea/gitea:1.22.3', after: 'gitea/gitea:1.23.0',
    })]);
  });

  test('fails on a dropped env var and on a secret env var read from another key', () => {
    const result = compareObjects([deployment()], [deployment((d) => {
      container(d).env = [{ name: 'GITEA__database__PASSWD', valueFrom: { secretKeyRef: { name: 'gitea-db', key: 'PASSWORD' } } }];
    })]);
    expect(result.unexplained.map((d) => [d.aspect, d.change, d.path])).toEqual([
      ['env', 'changed', 'pod.containers.gitea.env.GITEA__database__PASSWD.secretKeyRef.key'],
      ['env', 'removed', 'pod.containers.gitea.env.USER_UID'],
    ]);
  });

  test('fails on a changed container port and on a Service port that no longer reaches it', () => {
    const result = compareObjects([deployment(), service()], [deployment((d) => { container(d).ports[0].containerPort = 3001; }), service()]);
    expect(paths(result.unexplained)).toEqual([
      'Deployment/gitea/gitea pod.containers.gitea.ports.3000/TCP',
      'Deployment/gitea/gitea pod.containers.gitea.ports.3001/TCP',
      'Deployment/gitea/gitea pod.containers.gitea.probes.readiness.httpGet.port',
      'Service/gitea/gitea service.ports.80/TCP.targetPort',
    ]);
  });

  test('fails on a UDP port that became TCP', () => {
    const udp = (protocol?: string) => service((s) => { s.spec.type = 'NodePort'; s.spec.ports = [{ name: 'dns', port: 53, targetPort: 53, nodePort: 30053, protocol }]; });
    const result = compareObjects([udp('UDP')], [udp(undefined)]);
    expect(result.unexplained.map((d) => [d.aspect, d.change, d.path])).toEqual([
      ['service', 'added', 'service.ports.53/TCP'],
      ['service', 'removed', 'service.ports.53/UDP'],
    ]);
  });

  test('fails on a removed probe and on changed probe timings', () => {
    const result = compareObjects([deployment()], [deployment((d) => {
      delete container(d).readinessProbe;
      container(d).livenessProbe.periodSeconds = 10;
    })]);
    expect(result.unexplained.map((d) => [d.aspect, d.change, d.path])).toEqual([
      ['probes', 'changed', 'pod.containers.gitea.probes.liveness.periodSeconds'],
      ['probes', 'removed', 'pod.containers.gitea.probes.readiness'],
    ]);
  });

  test('fails on a changed selector, even with StandardLabels allowed', () => {
    const result = compareObjects([deployment()], [deployment((d) => { d.spec.selector.matchLabels['app.kubernetes.io/name'] = 'gitea'; })], { deliberate: STILLON_DELIBERATE_DIFFERENCES });
    expect(result.unexplained).toEqual([expect.objectContaining({ aspect: 'selector', change: 'added', path: 'selector.matchLabels.app.kubernetes.io/name' })]);
  });

  test('fails on a mount moved to another claim, a dropped mount and a mount made read-only', () => {
    const result = compareObjects([deployment()], [deployment((d) => {
      d.spec.template.spec.volumes[0].persistentVolumeClaim.claimName = 'gitea-data-2';
    }), deployment((d) => { d.metadata.name = 'other'; container(d).volumeMounts[0].readOnly = true; })]);
    expect(result.unexplained.map((d) => [d.object, d.aspect, d.path])).toEqual([
      ['Deployment/gitea/gitea', 'mounts', 'pod.containers.gitea.mounts./data.volume.persistentVolumeClaim.claimName'],
      ['Deployment/gitea/other', 'object', ''],
    ]);
  });

  test('fails on changed resources, security context, strategy and replicas', () => {
    const result = compareObjects([deployment()], [deployment((d) => {
      container(d).resources.limits.memory = '256Mi';
      container(d).securityContext = { runAsUser: 1000, capabilities: { add: ['NET_BIND_SERVICE'] } };
      d.spec.strategy = { type: 'Recreate' };
      d.spec.replicas = 2;
    })]);
    expect(result.unexplained.map((d) => d.aspect).sort()).toEqual(['replicas', 'resources', 'securityContext', 'securityContext', 'strategy', 'strategy', 'strategy']);
  });

  test('a pod-level security field and the same field on the container mean the same', () => {
    const atPod = deployment((d) => { d.spec.template.spec.securityContext = { runAsUser: 1000, runAsNonRoot: true }; });
    const atContainer = deployment((d) => { container(d).securityContext = { runAsUser: 1000, runAsNonRoot: true }; });
    expect(compareObjects([atPod], [atContainer]).unexplained).toEqual([]);
  });

  test('fails on an Ingress rule, path, TLS secret and annotation that changed', () => {
    const ingress = (change: (i: any) => void = () => undefined): KubeObject => {
      const i: any = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: 'media', namespace: 'media', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '0' } },
        spec: {
          ingressClassName: 'nginx',
          tls: [{ hosts: ['sonarr.stillon.top', 'radarr.stillon.top'], secretName: 'media-tls' }],
          rules: [
            { host: 'sonarr.stillon.top', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'sonarr', port: { number: 8989 } } } }] } },
            { host: 'radarr.stillon.top', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'radarr', port: { number: 7878 } } } }] } },
          ],
        },
      };
      change(i);
      return i;
    };
    const result = compareObjects([ingress()], [ingress((i) => {
      i.spec.rules.reverse();
      i.spec.tls[0].hosts.reverse();
      i.spec.rules[0].http.paths[0].backend.service.port.number = 8080;
      i.spec.tls[0].secretName = 'radarr-tls';
      delete i.metadata.annotations;
    })]);
    expect(result.unexplained.map((d) => d.path)).toEqual([
      'annotations.nginx.ingress.kubernetes.io/proxy-body-size',
      'ingress.rules.radarr.stillon.top./.backend.port',
      'ingress.tls.media-tls',
      'ingress.tls.radarr-tls',
    ]);
    expect(result.unexplained.filter((d) => d.aspect === 'tls')).toHaveLength(2);
  });

  test('RBAC rules are a set of grants: split or merged rules are the same, a dropped verb is not', () => {
    const role = (rules: unknown[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'authelia' }, rules } as any);
    const merged = role([{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get', 'list'] }]);
    const split = role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['list', 'get'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]);
    expect(compareObjects([merged], [split]).unexplained).toEqual([]);
    const fewer = role([{ apiGroups: [''], resources: ['secrets', 'configmaps'], verbs: ['get'] }]);
    expect(compareObjects([merged], [fewer]).unexplained.map((d) => [d.aspect, d.path])).toEqual([
      ['rbac', 'rbac.rules.core/configmaps/*'],
      ['rbac', 'rbac.rules.core/secrets/*'],
    ]);
  });

  test('fails on a namespace on a cluster-scoped object, matched without it', () => {
    const role = (namespace?: string): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'x', namespace }, rules: [] } as any);
    const result = compareObjects([role()], [role('auth')], { namespace: 'auth' });
    expect(result.unexplained).toEqual([expect.objectContaining({ object: 'ClusterRole/x', aspect: 'namespace', change: 'added', after: 'auth' })]);
  });

  test('objects without a namespace take the one Flux fills in', () => {
    const noNamespace = deployment((d) => { delete d.metadata.namespace; });
    expect(compareObjects([noNamespace], [deployment()], { namespace: 'gitea' }).unexplained).toEqual([]);
    expect(compareObjects([noNamespace], [deployment()], { namespace: 'other' }).unexplained.map((d) => d.change).sort()).toEqual(['added', 'removed']);
  });

  test('Flux fields: equal durations and paths match, a dropped prune does not', () => {
    const flux = (spec: any): KubeObject => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'gitea', namespace: 'flux-system' }, spec } as any);
    const base = { interval: '10m', path: 'kustomize/gitea/', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, targetNamespace: 'gitea' };
    expect(compareObjects([flux(base)], [flux({ ...base, interval: '10m0s', path: './kustomize/gitea', wait: false })]).unexplained).toEqual([]);
    expect(compareObjects([flux(base)], [flux({ ...base, prune: false, force: true })]).unexplained.map((d) => [d.aspect, d.path])).toEqual([
      ['flux', 'flux.force'], ['flux', 'flux.prune'],
    ]);
  });

  test('a configMapGenerator name matches the plain name, and references follow it', () => {
    const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'gitea' }, data: { 'app.ini': 'x' } } as any);
    const using = (name: string) => deployment((d) => { container(d).envFrom = [{ configMapRef: { name } }]; });
    const result = compareObjects([cm('gitea-config-2k7f9h8m5b'), using('gitea-config-2k7f9h8m5b')], [cm('gitea-config'), using('gitea-config')],
      { deliberate: deliberateDifferences(['ConfigRollout']) });
    expect(result.unexplained).toEqual([]);
    expect(result.used).toEqual(['ConfigRollout']);
    expect(compareObjects([cm('gitea-config-2k7f9h8m5b')], [cm('gitea-config')]).unexplained.map((d) => d.aspect)).toEqual(['name']);
  });

  test('a deliberate difference explains only what its predicate recognises', () => {
    const labelled = deployment((d) => {
      d.metadata.labels['app.kubernetes.io/managed-by'] = 'stillon-gitops';
      d.spec.template.metadata.labels['app.kubernetes.io/name'] = 'gitea';
      d.metadata.labels.team = 'infra';
    });
    const result = compareObjects([deployment()], [labelled], { deliberate: deliberateDifferences(['StandardLabels']) });
    expect(result.explained.map((e) => [e.by, e.difference.path])).toEqual([
      ['StandardLabels', 'labels.app.kubernetes.io/managed-by'],
      ['StandardLabels', 'pod.labels.app.kubernetes.io/name'],
    ]);
    expect(paths(result.unexplained)).toEqual(['Deployment/gitea/gitea labels.team']);
  });

  test('Stillon conventions: Recreate only with a claim, security only tighter, requests only added', () => {
    const ours = deployment((d) => {
      d.spec.strategy = { type: 'Recreate' };
      container(d).securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' }, readOnlyRootFilesystem: true };
      container(d).volumeMounts.push({ name: 'tmp', mountPath: '/tmp' });
      d.spec.template.spec.volumes.push({ name: 'tmp', emptyDir: {} });
    });
    const result = compareObjects([deployment()], [ours], { deliberate: deliberateDifferences(['RecreateStrategy', 'PodSecurity']) });
    expect(result.unexplained).toEqual([]);
    expect(result.used).toEqual(['PodSecurity', 'RecreateStrategy']);

    const escalated = deployment((d) => { container(d).securityContext = { privileged: true }; });
    expect(compareObjects([deployment()], [escalated], { deliberate: STILLON_DELIBERATE_DIFFERENCES }).unexplained.map((d) => d.path))
      .toEqual(['pod.containers.gitea.securityContext.privileged']);
    const noClaim = (strategy?: any) => deployment((d) => {
      d.spec.template.spec.volumes = [];
      container(d).volumeMounts = [];
      d.spec.strategy = strategy;
    });
    expect(compareObjects([noClaim()], [noClaim({ type: 'Recreate' })], { deliberate: STILLON_DELIBERATE_DIFFERENCES }).unexplained.map((d) => d.aspect))
      .toEqual(['strategy', 'strategy', 'strategy']);
    const limited = deployment((d) => { container(d).resources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' } }; });
    expect(compareObjects([deployment()], [limited], { deliberate: STILLON_DELIBERATE_DIFFERENCES }).unexplained.map((d) => d.path))
      .toEqual(['pod.containers.gitea.resources.limits.memory']);
  });

  test('fails with an unknown deliberate difference name', () => {
    expect(() => deliberateDifferences(['PvcProtectoin'])).toThrow(/unknown deliberate difference 'PvcProtectoin'/);
  });

  test('a caller may pass its own deliberate difference', () => {
    const mine: DeliberateDifference = { name: 'NewImage', reason: 'upgrade', explains: (d) => d.aspect === 'image' };
    const result = compareObjects([deployment()], [deployment((d) => { container(d).image = 'gitea/gitea:1.23.0'; })], { deliberate: [mine] });
    expect(result).toEqual(expect.objectContaining({ unexplained: [], used: ['NewImage'] }));
  });
});

test('fails on a pod or container field the canonical form does not model (compared as written, never ignored)', () => {
  const withGates = deployment((d) => {
    d.spec.template.spec.readinessGates = [{ conditionType: 'example.com/ready' }];
    container(d).resizePolicy = [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }];
  });
  expect(compareObjects([deployment()], [withGates]).unexplained.map((d) => [d.aspect, d.path])).toEqual([
    ['container', 'pod.containers.gitea.unhandled'],
    ['pod', 'pod.spec.unhandled'],
  ]);
});
