import { ApiObject } from 'cdk8s';
import { KUSTOMIZE_CONFIG_API_VERSION, LABELS, MANAGED_BY } from '../conventions';
import { BuiltApp } from './build';
import { Layout, headerFor } from './layout';
import { toYaml } from './yaml';
import { AppliedConvention } from '../constructs/applied-convention';
import { expandLists } from '../policy/k8s-objects';
import { PolicyObject } from '../policy/rule';
import { Severity, Violation } from '../policy/violation';

/** One object and the file it goes to. */
export interface RenderedObject {
  readonly path: string;
  readonly manifest: any;
  /** Construct path, for messages. */
  readonly source: string;
}

/** An app's objects, as files; pure: nothing here touches the disk. */
export interface RenderedApp {
  readonly name: string;
  readonly namespace: string;
  readonly sourceFile: string;
  readonly objects: RenderedObject[];
  readonly violations: Violation[];
  /** Conventions the library applied to the objects (what an adopted workload changes). */
  readonly conventions: AppliedConvention[];
  /** Whether synth writes the app's namespace file (`createNamespace` of defineApp). */
  readonly createNamespace: boolean;
}

/** Turns an app's tree into objects with their paths; resolution errors become Violations. */
export function renderApp(built: BuiltApp, layout: Layout): RenderedApp | undefined {
  const chart = built.chart;
  if (!chart) return undefined;
  const objects: RenderedObject[] = [];
  const violations: Violation[] = [...built.violations];
  const paths = new Map<string, string>();
  for (const construct of chart.node.findAll()) {
    if (!ApiObject.isApiObject(construct)) continue;
    let manifest: any;
    try {
      manifest = construct.toJson();
    } catch (error) {
      violations.push({ code: 'RenderFailed', severity: Severity.ERROR, app: chart.appName, path: construct.node.path, message: (error as Error).message, fix: 'complete the construct\'s props' });
      continue;
    }
    const path = construct === chart.flux.apiObject
      ? layout.fluxFile(chart.appName)
      : layout.objectFile(chart.appName, manifest.kind, manifest.metadata?.name ?? '');
    if (path === layout.fluxKustomization()) {
      // The list of every app's Flux Kustomization lives there: it would silently replace this one.
      violations.push({
        code: 'ReservedAppName',
        severity: Severity.ERROR,
        app: chart.appName,
        path: chart.node.path,
        message: `an app named '${chart.appName}' would write its Flux Kustomization to ${path}, the list of every app`,
        fix: 'rename the app',
      });
      continue;
    }
    const previous = paths.get(path);
    if (previous) {
      violations.push({
        code: 'DuplicateObject',
        severity: Severity.ERROR,
        app: chart.appName,
        path: construct.node.path,
        message: `${manifest.kind}/${manifest.metadata?.name} is also defined at ${previous}`,
        fix: 'give one of them another name',
      });
      continue;
    }
    const elsewhere = construct === chart.flux.apiObject ? undefined
      : expandLists(manifest).find((m) => m?.metadata?.namespace !== undefined && m.metadata.namespace !== chart.namespace);
    if (elsewhere) {
      // Flux's targetNamespace would move it anyway, and a SealedSecret moved after sealing no longer decrypts.
      const namespace = elsewhere.metadata.namespace;
      violations.push({
        code: 'NamespaceMismatch',
        severity: Severity.ERROR,
        app: chart.appName,
        path: construct.node.path,
        message: `${elsewhere.kind}/${elsewhere.metadata?.name} sets namespace '${namespace}', but app '${chart.appName}' lives in '${chart.namespace}'`,
        fix: `leave metadata.namespace unset (every object of an app goes to its namespace), or define the object in an app whose namespace is '${namespace}'`,
      });
      continue;
    }
    paths.set(path, construct.node.path);
    objects.push({ path, manifest, source: construct.node.path });
  }
  return {
    name: chart.appName,
    namespace: chart.namespace,
    sourceFile: built.loaded.sourceFile,
    objects,
    violations,
    conventions: chart.conventionsApplied(),
    createNamespace: chart.createNamespace,
  };
}

/** What the rules see of an app: everything Flux applies, the items of Lists included. */
export function policyObjects(app: RenderedApp): PolicyObject[] {
  return app.objects.flatMap((o) => {
    const manifests = expandLists(o.manifest);
    const inList = manifests.length !== 1 || manifests[0] !== o.manifest;
    return manifests.map((manifest) => ({
      app: app.name,
      source: inList ? `${o.source} (${o.manifest.kind} item ${manifest?.kind}/${manifest?.metadata?.name})` : o.source,
      manifest,
      fluxManaged: true,
    }));
  });
}

/** The files of a set of apps, and the paths two of them claimed (a broken layout: an error). */
export interface RenderedFiles {
  readonly files: Map<string, string>;
  readonly collisions: string[];
  /** Each kustomization written, with the `resources:` it lists (relative to its folder). */
  readonly listings: Map<string, readonly string[]>;
}

/**
 * Every file of a set of apps: objects, per-app and Flux kustomizations, namespaces. `fluxList`
 * names the apps listed in the Flux kustomization.
 */
export function renderFiles(apps: readonly RenderedApp[], layout: Layout, fluxList: readonly string[]): RenderedFiles {
  const files = new Map<string, string>();
  const collisions: string[] = [];
  const listings = new Map<string, readonly string[]>();
  // Two outputs for one path would silently keep the last: whatever the layout, that is an error.
  const put = (rel: string, content: string) => {
    if (files.has(rel)) collisions.push(rel);
    files.set(rel, content);
  };
  for (const app of apps) {
    const header = headerFor([app.sourceFile]);
    const resources: string[] = [];
    for (const object of app.objects) {
      put(object.path, header + toYaml(object.manifest));
      if (object.path.startsWith(`${layout.appDir(app.name)}/`)) resources.push(object.path.slice(layout.appDir(app.name).length + 1));
    }
    put(layout.appKustomization(app.name), header + toYaml(kustomization(resources)));
    listings.set(layout.appKustomization(app.name), resources);
  }
  for (const [namespace, sources] of namespaces(apps)) {
    put(layout.namespaceFile(namespace), headerFor(sources) + toYaml({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { [LABELS.managedBy]: MANAGED_BY } },
    }));
  }
  const appsDir = layout.fluxKustomization().replace(/\/[^/]*$/, '');
  const fluxResources = fluxList.map((n) => `${n}.yaml`);
  put(layout.fluxKustomization(), headerFor([`${appsDir}/*.ts`]) + toYaml(kustomization(fluxResources)));
  listings.set(layout.fluxKustomization(), fluxResources);
  return { files, collisions: [...new Set(collisions)].sort(), listings };
}

function kustomization(resources: string[]): object {
  return { apiVersion: KUSTOMIZE_CONFIG_API_VERSION, kind: 'Kustomization', resources: [...resources].sort() };
}

/**
 * Namespaces and the apps that live in them (several apps may share one); a namespace every app
 * in it says exists already (`createNamespace: false`, e.g. kube-system) gets no file.
 */
function namespaces(apps: readonly RenderedApp[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const app of apps.filter((a) => a.createNamespace)) result.set(app.namespace, [...result.get(app.namespace) ?? [], app.sourceFile].sort());
  return result;
}
