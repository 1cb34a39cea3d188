import * as path from 'node:path';
import { Layout } from './layout';
import { RenderedApp } from './render';
import { toYaml } from '../yaml/yaml';

/**
 * Where each variant's manifests go, once every variant is rendered: an app variant that renders
 * the same objects on each of its clusters keeps the shared folder `kustomize/<variant>/`; one
 * whose objects differ between clusters (another ingress profile, another sealed file) is
 * written per cluster to `kustomize/<cluster>/<variant>/`, and each cluster's Flux Kustomization
 * points at its own folder. Nothing under a cluster's Flux root but its Flux files: Flux applies
 * everything below the root. Pure; the one-cluster layout comes back as it was.
 */
export function placeVariants(apps: readonly RenderedApp[], layout: Layout): RenderedApp[] {
  const groups = new Map<string, RenderedApp[]>();
  for (const app of apps) {
    if (app.cluster === undefined) continue;
    const key = `${app.sourceFile}\0${app.name}`;
    groups.set(key, [...groups.get(key) ?? [], app]);
  }
  const perCluster = new Set<RenderedApp>();
  for (const group of groups.values()) {
    const contents = new Set(group.map(manifestsOf));
    if (contents.size > 1) for (const app of group) perCluster.add(app);
  }
  return apps.map((app) => (perCluster.has(app) ? moveToCluster(app, layout) : app));
}

/** The manifests of a variant's folder as one text: equal texts make equal files. */
function manifestsOf(app: RenderedApp): string {
  return app.objects
    .filter((o) => o.path !== app.fluxFile)
    .map((o) => `${o.path}\n${toYaml(o.manifest)}`)
    .sort()
    .join('\0');
}

function moveToCluster(app: RenderedApp, layout: Layout): RenderedApp {
  const dir = layout.appDir(app.name, app.cluster);
  const objects = app.objects.map((o) => {
    if (o.path === app.fluxFile) {
      return { ...o, manifest: { ...o.manifest, spec: { ...o.manifest.spec, path: `./${dir}` } } };
    }
    return o.path.startsWith(`${app.dir}/`) ? { ...o, path: path.posix.join(dir, o.path.slice(app.dir.length + 1)) } : o;
  });
  return { ...app, dir, objects };
}
