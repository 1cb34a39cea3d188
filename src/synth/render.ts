import { ApiObject } from 'cdk8s';
import { KUSTOMIZE_CONFIG_API_VERSION, LABELS, MANAGED_BY } from '../conventions';
import { BuiltApp } from './build';
import { Layout, headerFor } from './layout';
import { toYaml } from './yaml';
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
    const namespace = manifest.metadata?.namespace;
    if (namespace !== undefined && namespace !== chart.namespace && construct !== chart.flux.apiObject) {
      // Flux's targetNamespace would move it anyway, and a SealedSecret moved after sealing no longer decrypts.
      violations.push({
        code: 'NamespaceMismatch',
        severity: Severity.ERROR,
        app: chart.appName,
        path: construct.node.path,
        message: `${manifest.kind}/${manifest.metadata?.name} sets namespace '${namespace}', but app '${chart.appName}' lives in '${chart.namespace}'`,
        fix: `leave metadata.namespace unset (every object of an app goes to its namespace), or define the object in an app whose namespace is '${namespace}'`,
      });
      continue;
    }
    paths.set(path, construct.node.path);
    objects.push({ path, manifest, source: construct.node.path });
  }
  return { name: chart.appName, namespace: chart.namespace, sourceFile: built.loaded.sourceFile, objects, violations };
}

/** What the rules see of an app: everything Flux applies. */
export function policyObjects(app: RenderedApp): PolicyObject[] {
  return app.objects.map((o) => ({ app: app.name, source: o.source, manifest: o.manifest, fluxManaged: true }));
}

/** Every file of a set of apps: objects, per-app and Flux kustomizations, namespaces. */
export function renderFiles(apps: readonly RenderedApp[], layout: Layout, allAppNames: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const app of apps) {
    const header = headerFor([app.sourceFile]);
    const resources: string[] = [];
    for (const object of app.objects) {
      files.set(object.path, header + toYaml(object.manifest));
      if (object.path.startsWith(`${layout.appDir(app.name)}/`)) resources.push(object.path.slice(layout.appDir(app.name).length + 1));
    }
    files.set(layout.appKustomization(app.name), header + toYaml(kustomization(resources)));
  }
  for (const [namespace, sources] of namespaces(apps)) {
    files.set(layout.namespaceFile(namespace), headerFor(sources) + toYaml({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { [LABELS.managedBy]: MANAGED_BY } },
    }));
  }
  const appsDir = layout.fluxKustomization().replace(/\/[^/]*$/, '');
  files.set(layout.fluxKustomization(), headerFor([`${appsDir}/*.ts`]) + toYaml(kustomization(allAppNames.map((n) => `${n}.yaml`))));
  return files;
}

function kustomization(resources: string[]): object {
  return { apiVersion: KUSTOMIZE_CONFIG_API_VERSION, kind: 'Kustomization', resources: [...resources].sort() };
}

/** Namespaces and the apps that live in them (several apps may share one). */
function namespaces(apps: readonly RenderedApp[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const app of apps) result.set(app.namespace, [...result.get(app.namespace) ?? [], app.sourceFile].sort());
  return result;
}
