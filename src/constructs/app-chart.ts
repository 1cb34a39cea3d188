import { App, Chart, IResolver, ResolutionContext } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AppliedConvention, sortConventions } from './applied-convention';
import { Conventions, LABELS, MANAGED_BY, explainDns1123Label, isClusterScoped, isDns1123Label } from '../conventions';
import { FLUX_KUSTOMIZATION_OPTIONS, FluxKustomization, FluxKustomizationOptions } from './flux-kustomization';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** Options of one app, given to `defineApp`. */
export interface AppOptions {
  /**
   * Namespace of every object of the app; also the Flux `targetNamespace`. A function gives one
   * per variant, e.g. `({ env }) => (env === 'production' ? 'shop' : \`shop-${env}\`)`.
   * @default - the app name; `<app>-<env>` in an environment
   */
  readonly namespace?: string | ((variant: VariantNames) => string);
  /** One line on what the app is, rendered as an annotation on its workloads. @default - none */
  readonly description?: string;
  /** Overrides of the Flux Kustomization defaults for this app. @default - the conventions' Flux defaults */
  readonly flux?: FluxKustomizationOptions;
  /**
   * Whether synth writes `namespaces/<namespace>.yaml`. Turn it off for a namespace that exists
   * already and is not this repository's to manage, e.g. several apps deployed into `kube-system`.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The clusters the app runs on, by their names in `stillon.config.ts`; the app is rendered once
   * per cluster, with that cluster's conventions.
   * @default - the one cluster, when `stillon.config.ts` declares exactly one (or none); required with several
   */
  readonly clusters?: readonly string[];
  /**
   * The environments the app is rendered in, each a variant `<app>-<env>` with its own namespace,
   * host and Flux Kustomization; per cluster as `{ <cluster>: ['staging', 'production'] }`.
   * @default - none: one variant, named after the app
   */
  readonly environments?: readonly string[] | Readonly<Record<string, readonly string[]>>;
}

/** Which variant is being built, as a per-variant option sees it. */
export interface VariantNames {
  /** @default - none: the app has no environments */
  readonly env?: string;
  /** @default - none: the one-cluster layout */
  readonly cluster?: string;
}

/** Everything an AppChart needs from synth. */
export interface AppChartProps extends AppOptions {
  /** The cluster's conventions. */
  readonly conventions: Conventions;
  /** Repository root; sealed files are read relative to it. */
  readonly rootDir: string;
  /** The app's source file relative to the root, e.g. `apps/linkding.ts`. @default - unknown */
  readonly sourceFile?: string;
}

/** The prop names of AppOptions (what defineApp is given), with those of its `flux` options. */
const APP_OPTIONS = propSchema<AppOptions>(
  { namespace: true, description: true, flux: true, createNamespace: true, clusters: true, environments: true },
  { flux: FLUX_KUSTOMIZATION_OPTIONS },
);

const APP_CHART = Symbol.for('stillon-gitops.AppChart');

/**
 * cdk8s's Chart puts its namespace on every object; a cluster-scoped one (ClusterRole,
 * IngressClass, ClusterIssuer) must have none. Decided per object when it renders, from the
 * API's scope (isClusterScoped), whoever created the object: our constructs, plain cdk8s-plus or L1.
 */
class ClusterScopeResolver implements IResolver {
  public resolve(context: ResolutionContext): void {
    const key = context.key;
    if (key.length === 2 && key[1] === 'namespace' && key[0] === 'metadata' && isClusterScoped(context.obj.apiVersion, context.obj.kind)) {
      context.replaceValue(undefined);
    }
  }
}

/**
 * One app: a cdk8s Chart whose objects all land in `kustomize/<app>/` and in the app's namespace,
 * plus the app's Flux Kustomization. Constructs find it with `AppChart.of(this)`.
 */
export class AppChart extends Chart {
  /** Whether `x` is an AppChart (not merely a cdk8s Chart). */
  public static isAppChart(x: unknown): x is AppChart {
    return typeof x === 'object' && x !== null && APP_CHART in x;
  }

  /** `instanceof AppChart`: cdk8s's Chart answers it for every Chart, so a plain Chart would pass. */
  public static [Symbol.hasInstance](x: unknown): x is AppChart {
    return AppChart.isAppChart(x);
  }

  /** The chart that holds `construct`; throws when used outside an app. */
  public static of(construct: IConstruct): AppChart {
    for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
      if (AppChart.isAppChart(c)) return c;
    }
    throw new StillonError('OutsideApp', construct.node.path, 'this construct must be created inside an app',
      "create it in the callback of defineApp('<app>', (app) => { ... })");
  }

  /** The app's name, as given to defineApp. */
  public readonly appName: string;
  /**
   * The variant's name: the app's, or `<app>-<env>` in an environment. It names the Flux
   * Kustomization and the kustomize folder, and is the `app.kubernetes.io/instance` label.
   */
  public readonly instanceName: string;
  public readonly namespace: string;
  public readonly conventions: Conventions;
  public readonly rootDir: string;
  public readonly sourceFile?: string;
  public readonly description?: string;
  /** The app's Flux Kustomization (`apps/<app>.yaml`); add dependsOn or health checks here. */
  public readonly flux: FluxKustomization;
  /** Whether synth writes the app's `namespaces/<namespace>.yaml` (AppOptions.createNamespace). */
  public readonly createNamespace: boolean;
  private readonly applied: AppliedConvention[] = [];

  constructor(scope: Construct, appName: string, props: AppChartProps) {
    // The user's defineApp options: what synth adds (conventions, rootDir, sourceFile) is not theirs to misspell.
    const { conventions: _conventions, rootDir: _rootDir, sourceFile: _sourceFile, ...options } = props;
    checkProps<AppOptions>(options, APP_OPTIONS, appName);
    const environment = props.conventions.environment;
    const instanceName = environment ? `${appName}-${environment.name}` : appName;
    const namespace = (typeof props.namespace === 'function'
      ? props.namespace({ env: environment?.name, cluster: props.conventions.cluster?.name })
      : props.namespace) ?? instanceName;
    for (const [what, value] of [['app name', appName], ['variant name', instanceName], ['namespace', namespace]] as const) {
      if (!isDns1123Label(value)) {
        throw new StillonError('InvalidName', appName, `${what} ${explainDns1123Label(value)}`,
          `rename it, e.g. '${value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-app'}'`);
      }
    }
    super(scope, instanceName, {
      namespace,
      disableResourceNameHashes: true,
      labels: {
        // Every object gets these; constructs add `component` and may narrow `name` to a workload.
        [LABELS.name]: appName,
        [LABELS.instance]: instanceName,
        [LABELS.partOf]: appName,
        [LABELS.managedBy]: MANAGED_BY,
      },
    });
    Object.defineProperty(this, APP_CHART, { value: true });
    const resolvers = App.of(this).resolvers;
    // First: cdk8s gives the first resolver that replaces a value the last word.
    if (!resolvers.some((r) => r instanceof ClusterScopeResolver)) resolvers.unshift(new ClusterScopeResolver());
    this.appName = appName;
    this.instanceName = instanceName;
    this.namespace = namespace;
    this.conventions = props.conventions;
    this.rootDir = props.rootDir;
    this.sourceFile = props.sourceFile;
    this.description = props.description;
    this.createNamespace = props.createNamespace ?? true;
    this.flux = new FluxKustomization(this, 'flux', {
      ...props.flux,
      appName: instanceName,
      targetNamespace: namespace,
      conventions: props.conventions,
    });
  }

  /**
   * Records that a construct applied a convention which changes a live object (see
   * ConventionName); our constructs call it, synth lists the result.
   */
  public recordConvention(applied: AppliedConvention): void {
    this.applied.push(applied);
  }

  /**
   * Every convention applied to this app's objects, sorted by object and convention: what an
   * adopted workload changes on the first reconcile (e.g. `RecreateStrategy` on
   * `Deployment/linkding`). Empty for an app built only from plain cdk8s-plus or L1 objects.
   */
  public conventionsApplied(): AppliedConvention[] {
    return sortConventions(this.applied);
  }
}
