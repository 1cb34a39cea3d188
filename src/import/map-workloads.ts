import { MapContext, podSpecOf } from './context';
import { Expr, print, str } from './expr';
import { env, mounts } from './map-container';
import { WorkloadPart } from './map-deployment';
import { objectKey, unmappable } from './model';
import { onlyKeys, probe, resources, seconds, security } from './values';

const POD_SPEC = ['containers', 'volumes', 'securityContext', 'nodeSelector', 'automountServiceAccountToken', 'restartPolicy', 'dnsPolicy'];
const CONTAINER = ['name', 'image', 'imagePullPolicy', 'command', 'args', 'workingDir', 'env', 'resources', 'readinessProbe',
  'livenessProbe', 'startupProbe', 'securityContext', 'volumeMounts', 'ports'];

/** The MainContainerOptions and PodPlacement of a one-container pod. */
function mainOptions(o: any, ctx: MapContext): { props: Record<string, Expr>; c: any; pod: any } {
  const name = String(o.metadata.name);
  const pod = podSpecOf(o) ?? {};
  onlyKeys(pod, POD_SPEC, 'pod spec');
  if ((pod.containers ?? []).length !== 1) unmappable(`${(pod.containers ?? []).length} containers (sidecars are not mapped yet)`);
  if (pod.dnsPolicy !== undefined && pod.dnsPolicy !== 'ClusterFirst') unmappable(`dnsPolicy ${pod.dnsPolicy}`);
  if (pod.automountServiceAccountToken === true) unmappable('a mounted service account token');
  const c = pod.containers[0];
  onlyKeys(c, CONTAINER, `container ${c.name}`);
  const sec = security(c, pod, ctx.imports);
  return {
    c,
    pod,
    props: {
      name,
      containerName: c.name !== name ? c.name : undefined,
      image: c.image,
      command: c.command,
      args: c.args,
      workingDir: c.workingDir,
      security: sec.security,
      fsGroup: sec.fsGroup,
      resources: resources(c.resources, ctx.imports),
      env: env(c.env, ctx),
      nodeSelector: pod.nodeSelector,
    },
  };
}

function metadataOnly(o: any, podLabelsFrom: any): void {
  onlyKeys(o.metadata, ['name', 'namespace', 'labels'], 'metadata');
  for (const k of Object.keys(o.metadata.labels ?? {})) if (!k.startsWith('app.kubernetes.io/')) unmappable(`label ${k} (the construct labels its objects itself)`);
  onlyKeys(podLabelsFrom?.metadata, [], 'pod template metadata');
}

/** A Job as a StillonJob. */
export function mapJob(j: any, id: string, ctx: MapContext): WorkloadPart {
  metadataOnly(j, j.spec?.template);
  onlyKeys(j.spec, ['template', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'], 'Job spec');
  const { props, c, pod } = mainOptions(j, ctx);
  const restart = pod.restartPolicy;
  if (restart !== 'Never' && restart !== 'OnFailure') unmappable(`restartPolicy ${restart}`);
  if (c.readinessProbe || c.livenessProbe || c.startupProbe || c.ports) unmappable('probes or ports on a Job');
  const w = ctx.variable(id);
  const all = {
    ...props,
    backoffLimit: j.spec.backoffLimit,
    activeDeadline: seconds(j.spec.activeDeadlineSeconds, ctx.imports),
    ttlAfterFinished: seconds(j.spec.ttlSecondsAfterFinished, ctx.imports),
    restartPolicy: restart,
  };
  return part(j, 'StillonJob', id, w, all, mounts([{ c }], pod, w, ctx, false), ctx);
}

/** A CronJob as a StillonCronJob. */
export function mapCronJob(cj: any, id: string, ctx: MapContext): WorkloadPart {
  onlyKeys(cj.spec, ['schedule', 'timeZone', 'concurrencyPolicy', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit',
    'suspend', 'jobTemplate'], 'CronJob spec');
  metadataOnly(cj, cj.spec?.jobTemplate?.spec?.template);
  onlyKeys(cj.spec.jobTemplate, ['spec'], 'jobTemplate');
  const js = cj.spec.jobTemplate?.spec ?? {};
  onlyKeys(js, ['template', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'], 'jobTemplate spec');
  const { props, c, pod } = mainOptions(cj, ctx);
  const restart = pod.restartPolicy;
  if (restart !== 'Never' && restart !== 'OnFailure') unmappable(`restartPolicy ${restart}`);
  if (c.readinessProbe || c.livenessProbe || c.startupProbe || c.ports) unmappable('probes or ports on a CronJob');
  const w = ctx.variable(id);
  const all = {
    ...props,
    schedule: cj.spec.schedule,
    timeZone: cj.spec.timeZone,
    concurrencyPolicy: cj.spec.concurrencyPolicy,
    startingDeadline: seconds(cj.spec.startingDeadlineSeconds, ctx.imports),
    successfulJobsHistoryLimit: cj.spec.successfulJobsHistoryLimit,
    failedJobsHistoryLimit: cj.spec.failedJobsHistoryLimit,
    suspend: cj.spec.suspend,
    backoffLimit: js.backoffLimit,
    activeDeadline: seconds(js.activeDeadlineSeconds, ctx.imports),
    ttlAfterFinished: seconds(js.ttlSecondsAfterFinished, ctx.imports),
    restartPolicy: restart,
  };
  return part(cj, 'StillonCronJob', id, w, all, mounts([{ c }], pod, w, ctx, false), ctx);
}

/** A StatefulSet and its headless Service as a StatefulApp, claim templates kept exactly. */
export function mapStatefulSet(s: any, id: string, ctx: MapContext): WorkloadPart {
  onlyKeys(s.metadata, ['name', 'namespace', 'labels'], 'metadata');
  onlyKeys(s.spec, ['replicas', 'selector', 'serviceName', 'template', 'volumeClaimTemplates'], 'StatefulSet spec');
  onlyKeys(s.spec.selector, ['matchLabels'], 'selector');
  onlyKeys(s.spec.template?.metadata, ['labels'], 'pod template metadata');
  const selector: Record<string, string> = s.spec.selector?.matchLabels ?? {};
  for (const [k, v] of Object.entries<string>(s.spec.template?.metadata?.labels ?? {})) if (selector[k] !== v) unmappable(`pod label ${k} beyond the selector`);
  for (const [k, v] of Object.entries<string>(s.metadata.labels ?? {})) if (selector[k] !== v && !k.startsWith('app.kubernetes.io/')) unmappable(`label ${k} beyond the selector`);
  const { props, c, pod } = mainOptions(s, ctx);
  if (pod.restartPolicy !== undefined && pod.restartPolicy !== 'Always') unmappable(`restartPolicy ${pod.restartPolicy}`);
  const ports: Record<string, number> = {};
  for (const p of c.ports ?? []) {
    if (!p.name || (p.protocol ?? 'TCP') !== 'TCP') unmappable(`container port ${p.containerPort} without a name or not TCP`);
    ports[p.name] = p.containerPort;
  }
  const first = Object.values(ports)[0];
  const portsByName = new Map(Object.entries(ports));
  const service: any = ctx.objects.find((o: any) => o.kind === 'Service' && o.metadata.name === (s.spec.serviceName ?? s.metadata.name));
  if (!service || service.spec?.clusterIP !== 'None') unmappable('no headless Service of spec.serviceName in the app');
  onlyKeys(service.spec, ['clusterIP', 'selector', 'ports'], `Service ${service.metadata.name} spec`);
  onlyKeys(service.metadata, ['name', 'namespace', 'labels'], `Service ${service.metadata.name} metadata`);
  const claimTemplates: Record<string, Expr> = {};
  const templateMounts = new Set<string>();
  for (const t of s.spec.volumeClaimTemplates ?? []) {
    onlyKeys(t, ['metadata', 'spec'], 'claim template');
    onlyKeys(t.metadata, ['name', 'labels'], 'claim template metadata');
    onlyKeys(t.spec, ['accessModes', 'resources', 'storageClassName'], 'claim template spec');
    const mount = (c.volumeMounts ?? []).filter((m: any) => m.name === t.metadata.name);
    if (mount.length !== 1) unmappable(`claim template ${t.metadata.name} mounted ${mount.length} times`);
    onlyKeys(mount[0], ['name', 'mountPath', 'subPath'], 'claim template mount');
    templateMounts.add(t.metadata.name);
    claimTemplates[t.metadata.name] = {
      size: String(t.spec.resources?.requests?.storage),
      mountPath: mount[0].mountPath,
      subPath: mount[0].subPath,
      storageClassName: t.spec.storageClassName,
      labels: t.metadata.labels,
    };
  }
  const w = ctx.variable(id);
  const container = { ...c, volumeMounts: (c.volumeMounts ?? []).filter((m: any) => !templateMounts.has(m.name)) };
  const all = {
    ...props,
    replicas: s.spec.replicas !== undefined && s.spec.replicas !== 1 ? s.spec.replicas : undefined,
    ports,
    serviceName: service.metadata.name !== props.name ? service.metadata.name : undefined,
    selector,
    claimTemplates: Object.keys(claimTemplates).length ? claimTemplates : undefined,
    readiness: probe(c.readinessProbe, portsByName, first, ctx.imports),
    liveness: probe(c.livenessProbe, portsByName, first, ctx.imports),
    startup: probe(c.startupProbe, portsByName, first, ctx.imports),
  };
  const result = part(s, 'StatefulApp', id, w, all, mounts([{ c: container }], pod, w, ctx, false), ctx);
  return { ...result, objects: [...result.objects, objectKey(service)] };
}

function part(o: any, construct: string, id: string, w: string, props: Record<string, Expr>, after: string[], ctx: MapContext): WorkloadPart {
  ctx.imports.stillon.add(construct);
  const named = { ...props, name: props.name !== id ? props.name : undefined };
  return { lines: [`${after.length ? `const ${w} = ` : ''}new ${construct}(app, ${str(id)}, ${print(named)});`, ...after], objects: [objectKey(o)] };
}
