import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CLUSTERS_REPO, clustersRepo, isClusterOutput } from './clusters-repo';
import { synth } from '../../src/synth/synth';
import { schemaValidator } from '../support/schemas';
import { removeTempRepo, runCli, treeText } from '../support/temp-repo';

/** `kubectl kustomize <dir>` in the fixture, parsed as the API server reads it. */
function kustomize(dir: string): any[] {
  const result = spawnSync('kubectl', ['kustomize', dir], { cwd: CLUSTERS_REPO, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  expect({ dir, status: result.status, stderr: result.stderr }).toEqual({ dir, status: 0, stderr: '' });
  return parseAllDocuments(result.stdout, { version: '1.1' }).map((d) => d.toJS());
}
const yaml = (rel: string): any => parseAllDocuments(readFileSync(join(CLUSTERS_REPO, rel), 'utf8'))[0].toJS();
const one = (objects: any[], kind: string, name?: string) => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  expect(found).toHaveLength(1);
  return found[0];
};

const FLUX_FILES = {
  bigboi: ['bookmarks.yaml', 'echo.yaml', 'kustomization.yaml', 'notes.yaml'],
  nucy: ['bookmarks.yaml', 'choremane-production.yaml', 'choremane-staging.yaml', 'echo.yaml', 'kustomization.yaml'],
};

describe('a repository with two clusters and two environments', () => {
  test('its committed output is what synth writes (in process, nothing to change)', () => {
    const result = synth({ rootDir: CLUSTERS_REPO, check: true });
    expect(result.violations).toEqual([]);
    const plan = result.plan!;
    expect({ create: plan.create, update: plan.update, remove: plan.remove }).toEqual({ create: [], update: [], remove: [] });
    expect(result.apps.map((a) => `${a.cluster}/${a.name}`).sort()).toEqual([
      'bigboi/bookmarks', 'bigboi/echo', 'bigboi/notes', 'nucy/bookmarks', 'nucy/choremane-production', 'nucy/choremane-staging', 'nucy/echo',
    ]);
  });

  test('is laid out per cluster: only Flux files under clusters/<c>/, manifests shared when identical, namespaces per cluster', () => {
    for (const [cluster, files] of Object.entries(FLUX_FILES)) {
      expect(readdirSync(join(CLUSTERS_REPO, 'clusters', cluster))).toEqual(['apps']);
      expect(readdirSync(join(CLUSTERS_REPO, 'clusters', cluster, 'apps')).sort()).toEqual(files);
    }
    // echo, notes and choremane render the same objects wherever they run; bookmarks differs per cluster (ingress, replicas).
    expect(readdirSync(join(CLUSTERS_REPO, 'kustomize')).sort()).toEqual(['bigboi', 'choremane-production', 'choremane-staging', 'echo', 'notes', 'nucy']);
    expect(readdirSync(join(CLUSTERS_REPO, 'kustomize', 'bigboi'))).toEqual(['bookmarks']);
    expect(readdirSync(join(CLUSTERS_REPO, 'kustomize', 'nucy'))).toEqual(['bookmarks']);
    expect(readdirSync(join(CLUSTERS_REPO, 'namespaces', 'bigboi')).sort()).toEqual(['bookmarks.yaml', 'echo.yaml', 'notes.yaml']);
    expect(readdirSync(join(CLUSTERS_REPO, 'namespaces', 'nucy')).sort()).toEqual(['bookmarks.yaml', 'choremane-production.yaml', 'choremane-staging.yaml', 'echo.yaml']);
    expect(readdirSync(join(CLUSTERS_REPO, 'apps')).filter((f) => f.endsWith('.yaml'))).toEqual([]);
  });

  test('each Flux Kustomization points at its folder; the platform app waits and every other app of its cluster depends on it', () => {
    expect(yaml('clusters/bigboi/apps/bookmarks.yaml').spec.path).toBe('./kustomize/bigboi/bookmarks');
    expect(yaml('clusters/nucy/apps/bookmarks.yaml').spec.path).toBe('./kustomize/nucy/bookmarks');
    expect(yaml('clusters/bigboi/apps/echo.yaml').spec).toEqual(expect.objectContaining({ path: './kustomize/echo' }));
    expect(yaml('clusters/bigboi/apps/echo.yaml').spec.wait).toBeUndefined();
    expect(yaml('clusters/nucy/apps/echo.yaml').spec).toEqual(expect.objectContaining({ path: './kustomize/echo', wait: true }));
    expect(yaml('clusters/nucy/apps/echo.yaml').spec.dependsOn).toBeUndefined();
    for (const app of ['bookmarks', 'choremane-production', 'choremane-staging']) {
      expect(yaml(`clusters/nucy/apps/${app}.yaml`).spec.dependsOn).toEqual([{ name: 'echo' }]);
    }
    expect(yaml('clusters/bigboi/apps/bookmarks.yaml').spec.dependsOn).toBeUndefined();
    expect(yaml('clusters/nucy/apps/choremane-staging.yaml')).toEqual(expect.objectContaining({
      metadata: expect.objectContaining({ name: 'choremane-staging', namespace: 'flux-system' }),
      spec: expect.objectContaining({ path: './kustomize/choremane-staging', targetNamespace: 'choremane-staging' }),
    }));
    expect(yaml('clusters/nucy/apps/kustomization.yaml').resources).toEqual(FLUX_FILES.nucy.filter((f) => f !== 'kustomization.yaml'));
  });

  test('kubectl kustomize builds every cluster\'s apps/ into its Flux Kustomizations, and no second "apps" Kustomization owns them', () => {
    for (const [cluster, files] of Object.entries(FLUX_FILES)) {
      const objects = kustomize(`clusters/${cluster}/apps`);
      expect(objects.map((o) => o.metadata.name).sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').map((f) => f.replace('.yaml', '')));
      for (const o of objects) {
        expect(o.kind).toBe('Kustomization');
        expect(o.spec.path).not.toMatch(/clusters\//);
      }
    }
  });

  test('kubectl kustomize builds every app folder into schema-valid objects of its variant\'s namespace, the cluster\'s ingress on each', () => {
    const validator = schemaValidator();
    const folders = ['kustomize/echo', 'kustomize/notes', 'kustomize/choremane-staging', 'kustomize/choremane-production', 'kustomize/bigboi/bookmarks', 'kustomize/nucy/bookmarks'];
    const built = Object.fromEntries(folders.map((f) => [f, kustomize(f)]));
    for (const [folder, objects] of Object.entries(built)) {
      const namespace = folder.split('/').pop();
      for (const o of objects) {
        const where = `${folder}: ${o.kind}/${o.metadata.name}`;
        expect({ where, errors: validator.validate(o), namespace: o.metadata.namespace }).toEqual({ where, errors: [], namespace });
      }
    }
    const nginx = one(built['kustomize/bigboi/bookmarks'], 'Ingress');
    const traefik = one(built['kustomize/nucy/bookmarks'], 'Ingress');
    expect(nginx.spec.ingressClassName).toBe('nginx');
    expect(nginx.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(traefik.spec.ingressClassName).toBe('traefik');
    expect(traefik.metadata.annotations).toEqual(expect.objectContaining({ 'cert-manager.io/cluster-issuer': 'letsencrypt-nucy', 'traefik.ingress.kubernetes.io/router.tls': 'true' }));
    // The same app on two clusters serves one host on each: not a duplicate.
    expect(nginx.spec.rules[0].host).toBe('bookmarks.stillon.top');
    expect(traefik.spec.rules[0].host).toBe('bookmarks.stillon.top');
    expect(one(built['kustomize/bigboi/bookmarks'], 'Deployment').spec.replicas).toBe(1);
    expect(one(built['kustomize/nucy/bookmarks'], 'Deployment').spec.replicas).toBe(2);
  });

  test('environments: a namespace, a host, an image and the instance label per variant; name and part-of stay the app', () => {
    const staging = kustomize('kustomize/choremane-staging');
    const production = kustomize('kustomize/choremane-production');
    expect(one(staging, 'Ingress').spec.rules[0].host).toBe('choremane-staging.stillon.top');
    expect(one(production, 'Ingress').spec.rules[0].host).toBe('choremane.stillon.top');
    expect(one(staging, 'Deployment').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/choremane:sha-1a2b3c4');
    expect(one(production, 'Deployment').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/choremane:1.4.0');
    for (const [objects, instance] of [[staging, 'choremane-staging'], [production, 'choremane-production']] as const) {
      const deployment = one(objects, 'Deployment');
      expect(deployment.metadata.labels).toEqual(expect.objectContaining({
        'app.kubernetes.io/name': 'choremane', 'app.kubernetes.io/part-of': 'choremane', 'app.kubernetes.io/instance': instance,
      }));
      expect(deployment.spec.selector.matchLabels['app.kubernetes.io/instance']).toBe(instance);
      expect(one(objects, 'Service').spec.selector['app.kubernetes.io/instance']).toBe(instance);
    }
  });

  test('the inventory says per app where and in which environments it runs', () => {
    const inventory = readFileSync(join(CLUSTERS_REPO, 'docs/apps.md'), 'utf8');
    expect(inventory).toContain('## Where apps run');
    expect(inventory).toMatch(/\| \[choremane\]\(\.\.\/apps\/choremane\.ts\) +\| nucy +\| production, staging +\| choremane-production, choremane-staging +\|/);
    expect(inventory).toMatch(/\| \[bookmarks\]\(\.\.\/apps\/bookmarks\.ts\) +\| bigboi, nucy +\| – +\| bookmarks +\|/);
    expect(inventory).toContain('### Cluster nucy');
  });

  test('a fresh synth of a copy writes exactly the committed output, and a second synth changes nothing (deterministic)', () => {
    const repo = clustersRepo({ withOutput: false });
    try {
      const first = runCli(repo, ['synth']);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('synth: 4 app(s) in 7 variant(s); 42 created');
      expect(treeText(repo, isClusterOutput)).toEqual(treeText(CLUSTERS_REPO, isClusterOutput));
      const again = runCli(repo, ['synth', '--check']);
      expect(again.code).toBe(0);
      expect(again.stdout).toBe('synth --check: 42 file(s) up to date.\n');
    } finally {
      removeTempRepo(repo);
    }
  });
});
