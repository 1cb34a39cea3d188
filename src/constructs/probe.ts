import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** When and how often a probe runs; every field is omitted unless given, so Kubernetes' defaults apply. */
export interface ProbeTimings {
  /** Wait before the first probe. @default - omitted (Kubernetes: 0s) */
  readonly initialDelay?: Duration;
  /** Time between probes. @default - omitted (Kubernetes: 10s) */
  readonly period?: Duration;
  /** Time a probe may take. @default - omitted (Kubernetes: 1s) */
  readonly timeout?: Duration;
  /** Failures in a row before the probe counts as failed. @default 3 (Kubernetes' own default, written out) */
  readonly failureThreshold?: number;
  /** Successes in a row before the probe counts as passed (1 for liveness and startup). @default - omitted (Kubernetes: 1) */
  readonly successThreshold?: number;
}

/** An HTTP or TCP probe's target port. */
export interface ProbePortOptions extends ProbeTimings {
  /** Container port to probe. @default - the app's `port` (an error when it has none) */
  readonly port?: number;
}

/** An HTTP GET probe's options. */
export interface HttpProbeOptions extends ProbePortOptions {
  /** HTTP or HTTPS. @default HTTP */
  readonly scheme?: kplus.ConnectionScheme;
}

const TIMINGS = { initialDelay: true, period: true, timeout: true, failureThreshold: true, successThreshold: true } as const;
const HTTP_PROBE_OPTIONS = propSchema<HttpProbeOptions>({ ...TIMINGS, port: true, scheme: true });
const TCP_PROBE_OPTIONS = propSchema<ProbePortOptions>({ ...TIMINGS, port: true });
const EXEC_PROBE_OPTIONS = propSchema<ProbeTimings>(TIMINGS);

type Action = { readonly http: string } | { readonly tcp: true } | { readonly exec: readonly string[] };

/**
 * A readiness, liveness or startup probe: HTTP GET, TCP connect or a command. Unlike
 * cdk8s-plus's Probe, a probe without a port takes the app's port, or fails; cdk8s-plus would
 * silently probe port 80.
 *
 * @example
 * new StandardApp(app, 'gitea', {
 *   image: 'gitea/gitea:1.22.3', port: 3000,
 *   readiness: HealthProbe.http('/api/healthz'),
 *   liveness: HealthProbe.tcp({ period: Duration.seconds(30) }),
 *   startup: HealthProbe.http('/api/healthz', { period: Duration.seconds(5), failureThreshold: 60 }),
 * });
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class HealthProbe {
  /** GET `path` on the app's port (or `options.port`); 200–399 is healthy. */
  public static http(path: string, options: HttpProbeOptions = {}): HealthProbe {
    checkProps(options, HTTP_PROBE_OPTIONS, 'HealthProbe.http');
    if (!path.startsWith('/')) {
      throw new StillonError('InvalidProbe', 'HealthProbe.http', `path '${path}' does not start with /`, "pass e.g. HealthProbe.http('/healthz')");
    }
    return new HealthProbe({ http: path }, options);
  }

  /** Opens a TCP connection to the app's port (or `options.port`). */
  public static tcp(options: ProbePortOptions = {}): HealthProbe {
    checkProps(options, TCP_PROBE_OPTIONS, 'HealthProbe.tcp');
    return new HealthProbe({ tcp: true }, options);
  }

  /** Runs `command` in the container; exit code 0 is healthy. */
  public static exec(command: readonly string[], options: ProbeTimings = {}): HealthProbe {
    checkProps(options, EXEC_PROBE_OPTIONS, 'HealthProbe.exec');
    if (!command.length) {
      throw new StillonError('InvalidProbe', 'HealthProbe.exec', 'the command is empty', "pass e.g. HealthProbe.exec(['pg_isready', '-U', 'postgres'])");
    }
    return new HealthProbe({ exec: [...command] }, options);
  }

  private constructor(private readonly action: Action, private readonly options: HttpProbeOptions) {}

  /**
   * The cdk8s-plus probe for a container whose main port is `appPort`.
   * @param where the construct path an error names
   */
  public toProbe(appPort: number | undefined, where: string): kplus.Probe {
    const o = this.options;
    const timings = {
      initialDelaySeconds: o.initialDelay,
      periodSeconds: o.period,
      timeoutSeconds: o.timeout,
      failureThreshold: o.failureThreshold,
      successThreshold: o.successThreshold,
    };
    if ('exec' in this.action) return kplus.Probe.fromCommand([...this.action.exec], timings);
    const port = o.port ?? appPort;
    if (port === undefined) {
      throw new StillonError('ProbeWithoutPort', where, 'an HTTP or TCP probe needs a port, and the app has none', 'pass { port } to the app or to the probe');
    }
    if ('http' in this.action) return kplus.Probe.fromHttpGet(this.action.http, { ...timings, port, scheme: o.scheme });
    return kplus.Probe.fromTcpSocket({ ...timings, port });
  }
}
