import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { isFloatingImage } from '../conventions/image-tag';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/**
 * Requests sized for a small node running dozens of apps: cdk8s-plus's own defaults (1 CPU and
 * 512Mi requested, 2Gi limit) would fit three apps on a 4-core home server; 50m and 64Mi let
 * 60 apps be scheduled on 4 cores and 8Gi while leaving room for the system.
 * No limits by default. CPU is throttled, not killed, so a limit only wastes idle cores. A
 * memory limit kills: the one we used to set (256Mi) OOM-kills a JVM started with `-Xmx3G`,
 * Elasticsearch/OpenSearch (1Gi heap by default), Immich's machine learning (about 1.5Gi with
 * its models loaded) and Jellyfin while it transcodes (500Mi to 1Gi), all on their first
 * reconcile after a migration. Give `memory.limit` where you know the app's peak.
 */
export const HOME_LAB_RESOURCES: kplus.ContainerResources = {
  cpu: { request: kplus.Cpu.millis(50) },
  memory: { request: Size.mebibytes(64) },
};

/**
 * Capabilities a root-starting official image needs when ALL are dropped and only these added:
 * postgres's and mariadb's entrypoints `chown` the data folder (CHOWN, DAC_OVERRIDE, FOWNER) and
 * switch to their own user with gosu (SETUID, SETGID); nginx's master binds port 80 as root
 * (NET_BIND_SERVICE) before its workers switch to `nginx`; s6-overlay images (linuxserver.io)
 * signal processes of another user (KILL). Every one of them is in the container runtime's
 * default set, which the container keeps (minus the rest) when it runs as root.
 */
export const ROOT_CAPABILITIES: readonly kplus.Capability[] = [
  kplus.Capability.CHOWN,
  kplus.Capability.DAC_OVERRIDE,
  kplus.Capability.FOWNER,
  kplus.Capability.SETGID,
  kplus.Capability.SETUID,
  kplus.Capability.NET_BIND_SERVICE,
  kplus.Capability.KILL,
];

/** The way out of the secure defaults, for images that need it. */
export interface SecurityOptions {
  /**
   * Let the container run as root: images that start as root, `chown` their data and switch user
   * (postgres, mariadb, nginx, linuxserver.io). The container then drops every capability except
   * ROOT_CAPABILITIES (CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID, NET_BIND_SERVICE, KILL);
   * privilege escalation stays off (gosu calls setuid directly, it is not a setuid binary) and
   * seccomp stays RuntimeDefault (it allows chown and setuid). postgres and nginx also write
   * outside their volumes (/var/run/postgresql, /var/cache/nginx): add `writableRootFilesystem`.
   * @default false - `runAsNonRoot: true` and `capabilities: { drop: [ALL] }`
   */
  readonly runAsRoot?: boolean;
  /** Let the container write outside its volumes. @default false - read-only root, with an emptyDir at /tmp */
  readonly writableRootFilesystem?: boolean;
  /** UID to run as. @default - the image's user (which must not be root unless runAsRoot) */
  readonly user?: number;
  /** GID to run as. @default - the image's group */
  readonly group?: number;
  /**
   * Capabilities to add back after ALL are dropped, for what an image really needs: NET_ADMIN
   * for a DNS/DHCP server (pi-hole's dnsmasq), NET_RAW for ping, SYS_TIME for an NTP server.
   * Added after ROOT_CAPABILITIES with runAsRoot. Without runAsRoot, Kubernetes grants no
   * ambient capabilities, so a non-root process only gets them through file capabilities on its
   * binary (`setcap`), e.g. NET_BIND_SERVICE on an image made to bind port 80 as a user.
   * `ALL` is refused: it is `privileged` under another name.
   * @default [] - none beyond ROOT_CAPABILITIES (root) or none at all (non-root)
   */
  readonly addCapabilities?: readonly kplus.Capability[];
}

/** The prop names of SecurityOptions, checked so that a misspelled relaxation is not dropped. */
export const SECURITY_OPTIONS = propSchema<SecurityOptions>({
  runAsRoot: true, writableRootFilesystem: true, user: true, group: true, addCapabilities: true,
});

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
 * The pull policy an image gets unless the caller says: `Always` for a floating tag (none,
 * `:latest`, `:main`...), which otherwise never updates once the node has it; `IfNotPresent`
 * for a pinned tag or a digest, which never changes, so a pull per restart is only slow on a
 * home uplink.
 */
export function pullPolicyFor(image: string): kplus.ImagePullPolicy {
  return isFloatingImage(image) ? kplus.ImagePullPolicy.ALWAYS : kplus.ImagePullPolicy.IF_NOT_PRESENT;
}

/**
 * Container props with the home-lab defaults filled in: pull `IfNotPresent` for pinned images
 * and `Always` for floating ones (pullPolicyFor), small requests and no limits, no privilege
 * escalation, all capabilities dropped (all but ROOT_CAPABILITIES for root), runtime-default
 * seccomp, non-root, read-only root.
 * Use it for sidecars and companion workloads written with plain cdk8s-plus. An unknown prop
 * (`imagePulPolicy`) fails with UnknownProp.
 * @param where what an UnknownProp error names, e.g. a construct path. @default 'homeLabContainerProps'
 */
export function homeLabContainerProps(props: kplus.ContainerProps, security: SecurityOptions = {}, where = 'homeLabContainerProps'): kplus.ContainerProps {
  checkProps(props, CONTAINER_PROPS, where);
  checkProps(security, SECURITY_OPTIONS, where, 'security.');
  const added = addedCapabilities(security, where);
  return {
    ...props,
    imagePullPolicy: props.imagePullPolicy ?? pullPolicyFor(props.image),
    resources: props.resources ?? HOME_LAB_RESOURCES,
    securityContext: {
      ensureNonRoot: !security.runAsRoot,
      readOnlyRootFilesystem: !security.writableRootFilesystem,
      allowPrivilegeEscalation: false,
      privileged: false,
      user: security.user,
      group: security.group,
      capabilities: added.length ? { drop: [kplus.Capability.ALL], add: added } : { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
      ...props.securityContext,
    },
  };
}

const KNOWN_CAPABILITIES: ReadonlySet<string> = new Set(Object.values(kplus.Capability).filter((c) => c !== kplus.Capability.ALL));

/**
 * The capabilities a container adds back after dropping ALL: ROOT_CAPABILITIES when it runs as
 * root, then `addCapabilities`, each once. Names are checked here, since synth strips the types
 * of `apps/*.ts` and the API server would only refuse a misspelling at apply time.
 */
export function addedCapabilities(security: SecurityOptions, where: string): kplus.Capability[] {
  const asked = security.addCapabilities ?? [];
  if (!Array.isArray(asked)) {
    throw new StillonError('InvalidCapability', where, `security.addCapabilities must be a list, got ${JSON.stringify(asked)}`, 'pass e.g. { addCapabilities: [Capability.NET_ADMIN] }');
  }
  for (const capability of asked) {
    if (capability === kplus.Capability.ALL) {
      throw new StillonError('InvalidCapability', where, 'security.addCapabilities contains ALL, which grants every capability (privileged in all but name)',
        'list only the capabilities the image needs, e.g. [Capability.NET_ADMIN]');
    }
    if (!KNOWN_CAPABILITIES.has(capability)) {
      throw new StillonError('InvalidCapability', where, `security.addCapabilities contains '${String(capability)}', which is no Linux capability`,
        "pass names without the CAP_ prefix, e.g. [Capability.NET_ADMIN] or ['NET_ADMIN']");
    }
  }
  return [...new Set([...security.runAsRoot ? ROOT_CAPABILITIES : [], ...asked])];
}
