import { renderInventory } from '../../src/inventory';
import { appFacts, InventoryApp } from '../../src/inventory/facts';

const labels = { 'app.kubernetes.io/name': 'cache' };
const podSpec = (extra: object = {}) => ({
  containers: [{ name: 'main', image: 'redis:7.4.1', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }],
  initContainers: [{ name: 'init', image: 'busybox:1.37', resources: { requests: { cpu: '500m', memory: '16Mi' } } }],
  ...extra,
});

/** Hand-written manifests: the inventory reads rendered objects, whatever construct made them. */
const cache: InventoryApp = {
  name: 'cache',
  namespace: 'cache',
  sourceFile: 'apps/cache.ts',
  objects: [
    {
      path: 'kustomize/cache/statefulset-cache.yaml',
      manifest: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'cache' },
        spec: {
          replicas: 3,
          template: { metadata: { labels }, spec: podSpec() },
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } }, storageClassName: 'fast' } }],
        },
      },
    },
    {
      path: 'kustomize/cache/cronjob-backup.yaml',
      manifest: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'backup' },
        spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'backup', image: 'restic/restic:0.17.3' }] } } } } },
      },
    },
    {
      path: 'kustomize/cache/service-cache.yaml',
      manifest: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cache' }, spec: { selector: labels, ports: [{ port: 6379, targetPort: 'redis' }, { port: 53, protocol: 'UDP' }] } },
    },
    {
      path: 'apps/cache.yaml',
      manifest: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'cache', namespace: 'flux-system' },
        spec: { interval: '5m', path: './kustomize/cache', prune: false, sourceRef: { kind: 'OCIRepository', name: 'charts' }, timeout: '2m', dependsOn: [{ name: 'net', namespace: 'infra' }] },
      },
    },
  ],
};

describe('appFacts', () => {
  const facts = appFacts(cache);

  test('counts a pod as its containers or its largest init container', () => {
    const set = facts.workloads.find((w) => w.name === 'cache')!;
    expect(set.cpuMillis).toBe(500);
    expect(set.memoryBytes).toBe(128 * 2 ** 20);
    expect(set.replicas).toBe(3);
    expect(set.images).toEqual(['busybox:1.37', 'redis:7.4.1']);
  });

  test('counts a StatefulSet claim template once per replica', () => {
    expect(facts.claims).toEqual([expect.objectContaining({ name: 'data-cache-*', size: '1Gi', totalBytes: 3 * 2 ** 30, storageClass: 'fast' })]);
  });

  test('notes containers without requests', () => {
    expect(facts.workloads.find((w) => w.name === 'backup')).toEqual(expect.objectContaining({
      replicasNote: 'schedule 0 3 * * *', unrequested: ['backup (cpu, memory)'],
    }));
  });

  test('reads ports and Flux settings', () => {
    expect(facts.services[0].ports).toEqual(['6379→redis', '53/UDP']);
    expect(facts.flux).toEqual(expect.objectContaining({ interval: '5m', prune: false, timeout: '2m', dependsOn: ['infra/net'], path: 'kustomize/cache' }));
  });
});

describe('renderInventory', () => {
  const markdown = renderInventory([cache], { file: 'docs/apps.md', fluxIndex: 'apps/kustomization.yaml' });

  test('summarizes requests × replicas and claimed storage', () => {
    expect(markdown).toContain('- Requested CPU: 1500m');
    expect(markdown).toContain('- Requested memory: 384Mi; memory limits: 768Mi');
    expect(markdown).toContain('- Claimed storage: 3Gi in 1 claim(s)');
    expect(markdown).toContain('- Counted as zero (no request set): CronJob backup: backup (cpu, memory)');
  });

  test('shows another source than the root\'s', () => {
    expect(markdown).toContain('n_source_OCIRepository_charts -.-> n_flux_cache');
  });

  test('reads as plain text: a line per workload, aligned table columns', () => {
    expect(markdown).toContain('- Service cache (6379→redis, 53/UDP) → StatefulSet cache → PVC data-cache-* (1Gi)');
    expect(markdown).toContain('- CronJob backup\n');
    const table = markdown.split('\n').filter((l) => l.startsWith('| '));
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });

  test('says how to add the first app when there is none', () => {
    expect(renderInventory([], { file: 'docs/apps.md', fluxIndex: 'apps/kustomization.yaml' })).toContain('stillon new <app>');
  });
});
