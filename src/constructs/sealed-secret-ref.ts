import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { SealedSecret } from '../../imports/bitnami.com';
import { ClusterInfo, LABELS, SealingScope, isDns1123Subdomain, sealedSecretFile } from '../conventions';
import { AppChart } from './app-chart';
import { loadClusters } from '../conventions/clusters';
import { StillonError } from '../errors';
import { ConstructFinding, addCheck } from '../private/checks';
import { readTextIfExists } from '../private/files';
import { checkProps, propSchema } from '../private/known-props';
import { SealingCluster, readSealedSecretFile } from '../private/sealed-secret-file';
import { certificateFingerprint, clustersByFingerprint, describeClusterCertificate } from '../seal/cluster-certificates';

export interface SealedSecretRefProps {
  /** Name of the SealedSecret and of the Secret the controller unseals it into. @default - the construct id */
  readonly name?: string;
}

const SEALED_SECRET_REF_PROPS = propSchema<SealedSecretRefProps>({ name: true });

/** One key of a sealed secret, to hand to a container. */
export class SealedSecretKey {
  constructor(public readonly ref: SealedSecretRef, public readonly key: string) {}

  /** The key as an environment variable value (`valueFrom.secretKeyRef`). */
  public get envValue(): kplus.EnvValue {
    return kplus.EnvValue.fromSecretValue({ secret: this.ref.secret, key: this.key });
  }
}

/**
 * A SealedSecret committed at `sealed-secrets/<namespace>/<name>.yaml` (written by `stillon seal`
 * or `kubeseal`), copied byte for byte into the app's output. Synth checks the file's kind,
 * name, namespace and scope, and that every key the app reads exists in `encryptedData`.
 * In a repository with clusters each cluster's controller has its own key: the app rendered
 * for cluster `c` reads `sealed-secrets/c/<namespace>/<name>.yaml`, and a file `stillon seal`
 * recorded as sealed with another certificate than `c`'s is an error.
 * Plaintext never passes through here: secrets are never string props.
 *
 * @example
 * const su = new SealedSecretRef(app, 'linkding-superuser');
 * web.env('LD_SUPERUSER_PASSWORD', su.key('LD_SUPERUSER_PASSWORD'));
 * @see https://github.com/bitnami-labs/sealed-secrets
 */
export class SealedSecretRef extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The file, relative to the repository root. */
  public readonly file: string;
  /** Keys in `encryptedData`, sorted; empty when the file could not be read. */
  public readonly keys: readonly string[];
  /** The sealing scope the file declares. */
  public readonly scope?: SealingScope;
  /** The Secret the controller creates, for plain cdk8s-plus consumers. */
  public readonly secret: kplus.ISecret;
  private readonly keysRead = new Set<string>();

  constructor(scope: Construct, id: string, props: SealedSecretRefProps = {}) {
    super(scope, id);
    checkProps(props, SEALED_SECRET_REF_PROPS, this.node.path);
    const app = AppChart.of(this);
    this.name = props.name ?? id;
    this.namespace = app.namespace;
    if (!isDns1123Subdomain(this.name)) {
      throw new StillonError('InvalidName', this.node.path, `'${this.name}' is not a valid Secret name`, 'pass a lower-case DNS-1123 { name }');
    }
    const twin = app.node.findAll().find((c) => c !== this && c instanceof SealedSecretRef && c.name === this.name) as SealedSecretRef | undefined;
    if (twin) {
      throw new StillonError('DuplicateSealedSecretRef', this.node.path, `the sealed secret '${this.name}' is already referenced at ${twin.node.path}`,
        'create one SealedSecretRef per secret and pass it to every workload that reads it');
    }
    const cluster = app.conventions.cluster;
    this.file = sealedSecretFile(app.conventions.paths, this.namespace, this.name, cluster?.name);
    this.secret = kplus.Secret.fromSecretName(this, 'Secret', this.name);

    const text = readTextIfExists(path.join(app.rootDir, this.file));
    const sealed = readSealedSecretFile(text, {
      file: this.file,
      name: this.name,
      namespace: this.namespace,
      cluster: cluster && sealingCluster(app, cluster, this.namespace, this.name, text === undefined),
    });
    this.keys = sealed.keys;
    this.scope = sealed.scope;
    const problems: ConstructFinding[] = sealed.problems;
    addCheck(this, () => [...problems, ...this.missingKeys()]);

    if (sealed.object) {
      new ApiObject(this, 'Resource', {
        ...SealedSecret.GVK,
        metadata: { ...sealed.object.metadata, namespace: this.namespace, labels: { ...sealed.object.metadata.labels, [LABELS.component]: 'secret' } },
        spec: sealed.object.spec,
      });
    }
  }

  /** One key of the secret; synth fails when the sealed file has no such key. */
  public key(key: string): SealedSecretKey {
    this.keysRead.add(key);
    return new SealedSecretKey(this, key);
  }

  /** Every key as an environment variable (`envFrom.secretRef`). */
  public toEnvFrom(): kplus.EnvFrom {
    return kplus.Env.fromSecret(this.secret);
  }

  /**
   * The secret as a pod volume: every key as a file, or only `keys` when given.
   * @param keys keys to project, each to a file of the same name. @default - all keys
   */
  public toVolume(scope: Construct, id: string, keys?: readonly string[]): kplus.Volume {
    for (const key of keys ?? []) this.keysRead.add(key);
    const items = keys ? Object.fromEntries(keys.map((key) => [key, { path: key }])) : undefined;
    return kplus.Volume.fromSecret(scope, id, this.secret, { name: `secret-${this.name}`, items });
  }

  private missingKeys(): ConstructFinding[] {
    const cluster = AppChart.of(this).conventions.cluster;
    if (this.keys.length === 0) return []; // the file itself is already reported
    return [...this.keysRead].filter((k) => !this.keys.includes(k)).sort().map((k) => ({
      code: 'SealedSecretKeyMissing',
      message: `key '${k}' is not in ${this.file} (it has: ${this.keys.join(', ')})`,
      fix: `seal it: stillon seal ${cluster ? `--cluster ${cluster.name} ` : ''}--namespace ${this.namespace} --name ${this.name} --from-stdin ${k}`,
    }));
  }
}

/**
 * What the reader needs to judge a file for `cluster`: its certificate's fingerprint, and who
 * owns the others (the clusters of stillon.config.ts, when it loads) to name them.
 */
function sealingCluster(app: AppChart, cluster: ClusterInfo, namespace: string, name: string, missing: boolean): SealingCluster {
  let clusters: ClusterInfo[] = [];
  try {
    clusters = loadClusters(app.rootDir);
  } catch {
    // Synth reports a config that does not load; here it only costs the owners' names.
  }
  const all = [cluster, ...clusters.filter((c) => c.name !== cluster.name)];
  const owners = new Map([...clustersByFingerprint(app.rootDir, all)].map(([fp, c]) => [fp, describeClusterCertificate(c)]));
  const sealedElsewhere = missing
    ? all.slice(1).map((c) => sealedSecretFile(app.conventions.paths, namespace, name, c.name)).filter((f) => existsSync(path.join(app.rootDir, f)))
    : [];
  return {
    name: cluster.name,
    certificate: cluster.sealingCertificate,
    fingerprint: certificateFingerprint(path.resolve(app.rootDir, cluster.sealingCertificate)),
    owners,
    sealedElsewhere,
  };
}
