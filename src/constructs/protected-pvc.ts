import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ANNOTATIONS, LABELS, PVC_PROTECTION_FINALIZER, explainDns1123Label, isDns1123Subdomain } from '../conventions';
import { AppChart } from './app-chart';
import { parseSize } from '../conventions/size';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

export interface ProtectedPvcProps {
  /** Requested storage, e.g. `'1Gi'`; required because no size fits every app. */
  readonly size: string | Size;
  /**
   * Claim name. It is the claim's identity in the cluster: changing it creates an empty claim,
   * which is why synth refuses to drop a claim's file without `--allow-pvc-removal`.
   * @default `<app>-<id>`, e.g. `linkding-data`
   */
  readonly name?: string;
  /** StorageClass the claim binds to. @default - omitted: the cluster default (local-path on k3s) */
  readonly storageClassName?: string;
  /** `app.kubernetes.io/component` label. @default 'storage' */
  readonly component?: string;
  /**
   * Bind to this existing PersistentVolume (`spec.volumeName`), e.g. to adopt a claim whose
   * volume was kept after its old claim was deleted (reclaim policy Retain). Pair it with the
   * exact `name` of the claim when adopting a live one: a claim's spec is immutable once bound.
   * @default - omitted: the provisioner creates or picks a volume
   */
  readonly volumeName?: string;
}

const PROTECTED_PVC_PROPS = propSchema<ProtectedPvcProps>({ size: true, name: true, storageClassName: true, component: true, volumeName: true });

/**
 * A PersistentVolumeClaim that cannot be lost by accident: it always carries the
 * `kubernetes.io/pvc-protection` finalizer and `kustomize.toolkit.fluxcd.io/prune: disabled`
 * (the finalizer alone does not stop a Flux prune from deleting the claim and, with
 * local-path's Delete reclaim policy, its data). Data protection has no off switch.
 *
 * @example
 * const data = new ProtectedPvc(app, 'data', { size: '1Gi' });
 * web.mount('/etc/linkding/data', data);
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#prune
 */
export class ProtectedPvc extends Construct {
  public readonly name: string;
  public readonly size: Size;
  /** Always ReadWriteOnce: a single-node cluster's local volumes cannot be shared. */
  public readonly accessMode = kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE;
  public readonly apiObject: kplus.k8s.KubePersistentVolumeClaim;

  constructor(scope: Construct, id: string, props: ProtectedPvcProps) {
    super(scope, id);
    checkProps(props, PROTECTED_PVC_PROPS, this.node.path);
    const app = AppChart.of(this);
    this.name = props.name ?? `${app.appName}-${id}`;
    if (!isDns1123Subdomain(this.name)) {
      throw new StillonError('InvalidName', this.node.path, `claim name ${explainDns1123Label(this.name)}`, 'pass a lower-case { name } or construct id');
    }
    this.size = parseSize(props.size, this.node.path);
    if (props.volumeName !== undefined && !isDns1123Subdomain(props.volumeName)) {
      throw new StillonError('InvalidName', this.node.path, `volumeName ${explainDns1123Label(props.volumeName)}`, 'pass the exact name of the PersistentVolume (kubectl get pv)');
    }
    this.apiObject = new kplus.k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: {
        name: this.name,
        labels: { [LABELS.component]: props.component ?? 'storage' },
        annotations: { [ANNOTATIONS.fluxPrune]: 'disabled' },
        finalizers: [PVC_PROTECTION_FINALIZER],
      },
      spec: {
        accessModes: [this.accessMode],
        resources: { requests: { storage: kplus.k8s.Quantity.fromString(this.size.asString()) } },
        storageClassName: props.storageClassName,
        volumeName: props.volumeName,
      },
    });
    app.recordConvention({
      convention: 'PvcProtection',
      object: `PersistentVolumeClaim/${this.name}`,
      path: this.node.path,
      change: `finalizer ${PVC_PROTECTION_FINALIZER} and ${ANNOTATIONS.fluxPrune}: disabled`,
    });
  }

  /** A pod volume backed by this claim, for containers written with plain cdk8s-plus. */
  public toVolume(scope: Construct, id: string, volumeName: string = this.name): kplus.Volume {
    const claim = kplus.PersistentVolumeClaim.fromClaimName(scope, `${id}Claim`, this.name);
    return kplus.Volume.fromPersistentVolumeClaim(scope, id, claim, { name: volumeName });
  }
}
