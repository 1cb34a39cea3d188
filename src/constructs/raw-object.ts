import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AppChart } from './app-chart';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** Options of a RawObject. */
export interface RawObjectOptions {
  /**
   * Why this object is written as YAML and not through a typed construct, one line (e.g. "no
   * construct for PodDisruptionBudget yet"). Required: a raw object is a decision someone reviews.
   */
  readonly reason: string;
}

const RAW_OBJECT_OPTIONS = propSchema<RawObjectOptions>({ reason: true });

/** What a manifest needs at least: the rest is passed through as given. */
export interface RawManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * One Kubernetes object given as a manifest, for a kind no typed construct covers yet (a
 * PodDisruptionBudget, a CRD's object) or a workload `stillon import` could not map exactly.
 * It is rendered as given, in the app's namespace and with the app's labels added, and every
 * rule still runs on it: a raw `Secret` with data fails synth like any other.
 *
 * @example
 * new RawObject(app, 'pdb', {
 *   apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
 *   metadata: { name: 'web' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
 * }, { reason: 'no construct for PodDisruptionBudget yet' });
 */
export class RawObject extends Construct {
  /** The object's name (`metadata.name`, as given). */
  public readonly name: string;
  public readonly reason: string;
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, manifest: RawManifest, options: RawObjectOptions) {
    super(scope, id);
    checkProps(options, RAW_OBJECT_OPTIONS, this.node.path);
    AppChart.of(this);
    if (!manifest || typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string' || typeof manifest.metadata?.name !== 'string') {
      throw new StillonError('InvalidManifest', this.node.path, 'a raw object needs apiVersion, kind and metadata.name',
        "pass e.g. { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { ... } }");
    }
    if (!options.reason?.trim()) {
      throw new StillonError('MissingReason', this.node.path, 'a raw object needs a reason', "pass { reason: 'no construct for <kind> yet' }");
    }
    this.name = manifest.metadata.name;
    this.reason = options.reason;
    const { apiVersion, kind, metadata, ...rest } = manifest;
    this.apiObject = new ApiObject(this, 'Resource', { apiVersion, kind, metadata: { ...metadata }, ...rest });
  }
}
