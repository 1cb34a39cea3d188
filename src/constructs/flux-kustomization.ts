import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Kustomization, KustomizationSpecHealthChecks, KustomizationSpecSourceRefKind } from '../../imports/kustomize.toolkit.fluxcd.io';
import { Conventions } from '../conventions';
import { checkProps, propSchema } from '../private/known-props';

/** Per-app overrides of the Flux defaults in the conventions. */
export interface FluxKustomizationOptions {
  /** Reconcile interval. @default - the conventions' interval ('10m0s') */
  readonly interval?: string;
  /** Delete objects that left Git. Claims stay: they carry `prune: disabled`. @default - the conventions' prune (true) */
  readonly prune?: boolean;
  /** Wait for all applied objects to become ready. @default - the conventions' wait (omitted) */
  readonly wait?: boolean;
  /** Timeout of apply and health checks. @default - the conventions' timeout (omitted) */
  readonly timeout?: string;
  /** Apps (in the same Flux namespace) that must be ready first. @default [] */
  readonly dependsOn?: readonly string[];
  /** Objects whose health gates the reconcile. @default - none */
  readonly healthChecks?: readonly KustomizationSpecHealthChecks[];
  /**
   * Recreate objects whose immutable fields changed (a Deployment's selector, a Job's template)
   * instead of failing the apply. It deletes and recreates them: pods restart.
   * @default - omitted (Flux: false)
   */
  readonly force?: boolean;
  /**
   * Leave `targetNamespace` out, as a hand-written Kustomization being adopted may: every
   * namespaced object still carries its `metadata.namespace`, so the objects land in the same place.
   * @default false - `targetNamespace: <namespace>`
   */
  readonly omitTargetNamespace?: boolean;
}

/** The prop names of FluxKustomizationOptions (`flux` of defineApp's options). */
export const FLUX_KUSTOMIZATION_OPTIONS = propSchema<FluxKustomizationOptions>({
  interval: true,
  prune: true,
  wait: true,
  timeout: true,
  dependsOn: true,
  healthChecks: true,
  force: true,
  omitTargetNamespace: true,
});

const FLUX_KUSTOMIZATION_PROPS = propSchema<FluxKustomizationProps>({
  ...FLUX_KUSTOMIZATION_OPTIONS.names,
  appName: true,
  targetNamespace: true,
  conventions: true,
});

export interface FluxKustomizationProps extends FluxKustomizationOptions {
  /** The app; also the Kustomization's name and its path `./kustomize/<app>`. */
  readonly appName: string;
  /** Namespace Flux puts every object of the app into. */
  readonly targetNamespace: string;
  /**
   * The cluster's conventions (Flux namespace, defaults, paths). Passed in by the AppChart rather
   * than looked up with `AppChart.of`, so that this file does not import the chart that creates it.
   */
  readonly conventions: Conventions;
}

/**
 * The Flux Kustomization that applies `kustomize/<app>/`: written to `apps/<app>.yaml`.
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/
 */
export class FluxKustomization extends Construct {
  public readonly apiObject: Kustomization;
  private readonly dependencies: string[];

  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    checkProps(props, FLUX_KUSTOMIZATION_PROPS, this.node.path);
    const { conventions } = props;
    const flux = conventions.flux;
    this.dependencies = [...props.dependsOn ?? []];
    this.apiObject = new Kustomization(this, 'Resource', {
      metadata: { name: props.appName, namespace: flux.namespace },
      spec: {
        interval: props.interval ?? flux.interval,
        path: `./${conventions.paths.kustomize}/${props.appName}`,
        prune: props.prune ?? flux.prune,
        sourceRef: { kind: flux.sourceRef.kind as KustomizationSpecSourceRefKind, name: flux.sourceRef.name },
        targetNamespace: props.omitTargetNamespace ? undefined : props.targetNamespace,
        force: props.force,
        wait: props.wait ?? flux.wait,
        timeout: props.timeout ?? flux.timeout,
        healthChecks: props.healthChecks ? [...props.healthChecks] : undefined,
        // Lazy: dependOn() may add more after construction; sorted so the output is stable.
        dependsOn: Lazy.any({ produce: () => this.dependencies.length ? [...this.dependencies].sort().map((name) => ({ name })) : undefined }),
      },
    });
  }

  /** Makes Flux reconcile `app` (another app of this repository) first. */
  public dependOn(app: string): void {
    if (!this.dependencies.includes(app)) this.dependencies.push(app);
  }
}
