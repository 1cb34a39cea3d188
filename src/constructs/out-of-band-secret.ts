import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, KINDS, isDns1123Label, isDns1123Subdomain, isSecretKey } from '../conventions';
import { PodTarget, addToAnnotationList, podOf } from './pod-options';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

export interface OutOfBandSecretProps {
  /** How the Secret gets into the cluster (e.g. "created by the registry operator"). Required: someone will ask. */
  readonly reason: string;
  /** Name of the Secret in the app's namespace. @default - the construct id */
  readonly name?: string;
  /** The keys it holds, when known; reading another key then fails synth. @default - not checked */
  readonly keys?: readonly string[];
}

const OUT_OF_BAND_SECRET_PROPS = propSchema<OutOfBandSecretProps>({ reason: true, name: true, keys: true });

/**
 * A Secret that exists in the cluster without being in Git (made by an operator, a Helm chart,
 * or by hand before the migration), referenced by a typed handle instead of a name string.
 * Nothing is rendered for the Secret itself; each workload that reads it is annotated
 * `stillon.top/provided-out-of-band: Secret/<name>` on its own metadata (not its pod template,
 * so pods do not restart), which the MissingReference rule accepts in synth and in check alike.
 *
 * @example
 * const registry = new OutOfBandSecret(app, 'ghcr-pull', { reason: 'synced by the registry operator', keys: ['token'] });
 * registry.env(web, 'GHCR_TOKEN', 'token');
 * registry.mount(web, '/run/secrets/ghcr');
 */
export class OutOfBandSecret extends Construct {
  public readonly name: string;
  public readonly reason: string;
  /** The Secret, for plain cdk8s-plus consumers (`EnvValue.fromSecretValue`, `Volume.fromSecret`). */
  public readonly secret: kplus.ISecret;
  private readonly keys?: readonly string[];

  constructor(scope: Construct, id: string, props: OutOfBandSecretProps) {
    super(scope, id);
    checkProps(props, OUT_OF_BAND_SECRET_PROPS, this.node.path);
    this.name = props.name ?? id;
    if (!isDns1123Subdomain(this.name)) {
      throw new StillonError('InvalidName', this.node.path, `'${this.name}' is not a valid Secret name`, 'pass a lower-case DNS-1123 { name }');
    }
    if (typeof props.reason !== 'string' || !props.reason.trim()) {
      throw new StillonError('MissingReason', this.node.path, 'an out-of-band Secret needs a reason', "pass e.g. { reason: 'created by the registry operator' }");
    }
    for (const key of props.keys ?? []) {
      if (!isSecretKey(key)) throw new StillonError('InvalidSecretKey', this.node.path, `key '${key}' is not a valid Secret key`, 'use letters, digits, -, _ and .');
    }
    this.reason = props.reason;
    this.keys = props.keys;
    this.secret = kplus.Secret.fromSecretName(this, 'Secret', this.name);
  }

  /** One key as the environment variable `name` (`valueFrom.secretKeyRef`). */
  public env(target: PodTarget, name: string, key: string, container?: kplus.Container): this {
    this.requireKey(key);
    const { pod, container: main } = podOf(target);
    (container ?? main).env.addVariable(name, kplus.EnvValue.fromSecretValue({ secret: this.secret, key }));
    this.declare(pod);
    return this;
  }

  /** Every key as environment variables (`envFrom.secretRef`). */
  public envFrom(target: PodTarget, container?: kplus.Container): this {
    const { pod, container: main } = podOf(target);
    (container ?? main).env.copyFrom(kplus.Env.fromSecret(this.secret));
    this.declare(pod);
    return this;
  }

  /** Mounts the keys (or only `keys`) as read-only files under `mountPath`. */
  public mount(target: PodTarget, mountPath: string, keys?: readonly string[], container?: kplus.Container): this {
    for (const key of keys ?? []) this.requireKey(key);
    const { pod, container: main } = podOf(target);
    const volumeName = `secret-${this.name}`;
    if (!isDns1123Label(volumeName)) {
      throw new StillonError('InvalidName', this.node.path, `volume name '${volumeName}' is longer than 63 characters`, 'give the secret a shorter { name }');
    }
    const items = keys ? Object.fromEntries(keys.map((key) => [key, { path: key }])) : undefined;
    const volume = kplus.Volume.fromSecret(pod, `${this.node.id}-${volumeName}-${keys ? keys.join('-') : 'all'}`, this.secret, { name: volumeName, items });
    (container ?? main).mount(mountPath, volume, { readOnly: true });
    this.declare(pod);
    return this;
  }

  private declare(pod: kplus.Workload): void {
    addToAnnotationList(pod, ANNOTATIONS.providedOutOfBand, `${KINDS.secret}/${this.name}`);
  }

  private requireKey(key: string): void {
    if (this.keys && !this.keys.includes(key)) {
      throw new StillonError('SecretKeyMissing', this.node.path, `Secret '${this.name}' has no key '${key}' (it has: ${this.keys.join(', ')})`, 'fix the key, or add it to { keys }');
    }
  }
}
