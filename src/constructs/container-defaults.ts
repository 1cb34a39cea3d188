import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { checkProps, propSchema } from '../private/known-props';

/**
 * Requests and limits sized for a small node running dozens of apps: cdk8s-plus's own defaults
 * (1 CPU and 512Mi requested, 2Gi limit) would fit three apps on a 4-core home server.
 * No CPU limit by default: CPU is throttled, not killed, and limits only waste idle cores.
 */
export const HOME_LAB_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(50) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
};

/** The way out of the secure defaults, for images that need it. */
export interface SecurityOptions {
  /** Let the container run as root (images that chown or bind low ports on start). @default false */
  readonly runAsRoot?: boolean;
  /** Let the container write outside its volumes. @default false - read-only root, with an emptyDir at /tmp */
  readonly writableRootFilesystem?: boolean;
  /** UID to run as. @default - the image's user (which must not be root unless runAsRoot) */
  readonly user?: number;
  /** GID to run as. @default - the image's group */
  readonly group?: number;
}

/** The prop names of SecurityOptions, checked so that a misspelled relaxation is not dropped. */
export const SECURITY_OPTIONS = propSchema<SecurityOptions>({ runAsRoot: true, writableRootFilesystem: true, user: true, group: true });

const REQUEST_AND_LIMIT = { request: true, limit: true } as const;
/** cdk8s-plus's ContainerResources: a `memroy` or `requests` would leave the defaults in place unnoticed. */
export const CONTAINER_RESOURCES = propSchema<kplus.ContainerResources>({ cpu: true, memory: true, ephemeralStorage: true }, {
  cpu: propSchema<kplus.CpuResources>(REQUEST_AND_LIMIT),
  memory: propSchema<kplus.MemoryResources>(REQUEST_AND_LIMIT),
  ephemeralStorage: propSchema<kplus.EphemeralStorageResources>(REQUEST_AND_LIMIT),
});

const CONTAINER_SECURITY_CONTEXT = propSchema<kplus.ContainerSecurityContextProps>({
  user: true,
  group: true,
  ensureNonRoot: true,
  privileged: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: true,
  capabilities: true,
  seccompProfile: true,
});

/** cdk8s-plus's ContainerProps, as homeLabContainerProps takes them. */
export const CONTAINER_PROPS = propSchema<kplus.ContainerProps>({
  image: true,
  name: true,
  port: true,
  portNumber: true,
  ports: true,
  command: true,
  args: true,
  workingDir: true,
  envVariables: true,
  envFrom: true,
  volumeMounts: true,
  imagePullPolicy: true,
  readiness: true,
  liveness: true,
  startup: true,
  lifecycle: true,
  resources: true,
  securityContext: true,
  restartPolicy: true,
}, { resources: CONTAINER_RESOURCES, securityContext: CONTAINER_SECURITY_CONTEXT });

/**
 * Container props with the home-lab defaults filled in: pull `IfNotPresent` (pinned tags never
 * change, and a pull per restart is slow on home uplinks), modest resources, no privilege
 * escalation, all capabilities dropped, runtime-default seccomp, non-root, read-only root.
 * Use it for sidecars and companion workloads written with plain cdk8s-plus. An unknown prop
 * (`imagePulPolicy`) fails with UnknownProp.
 * @param where what an UnknownProp error names, e.g. a construct path. @default 'homeLabContainerProps'
 */
export function homeLabContainerProps(props: kplus.ContainerProps, security: SecurityOptions = {}, where = 'homeLabContainerProps'): kplus.ContainerProps {
  checkProps(props, CONTAINER_PROPS, where);
  checkProps(security, SECURITY_OPTIONS, where, 'security.');
  return {
    ...props,
    imagePullPolicy: props.imagePullPolicy ?? kplus.ImagePullPolicy.IF_NOT_PRESENT,
    resources: props.resources ?? HOME_LAB_RESOURCES,
    securityContext: {
      ensureNonRoot: !security.runAsRoot,
      readOnlyRootFilesystem: !security.writableRootFilesystem,
      allowPrivilegeEscalation: false,
      privileged: false,
      user: security.user,
      group: security.group,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      ...props.securityContext,
    },
  };
}
