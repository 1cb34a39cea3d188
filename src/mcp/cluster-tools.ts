import { stringify } from 'yaml';
import { z } from 'zod';
import { McpContext } from './context';
import { DEFAULT_TAIL, MAX_TAIL } from './kubectl';
import { maskDescribe, maskSecrets } from './mask';
import { CLUSTER_READ, ToolDefinition, defineTool } from './tool';
import { StillonError } from '../errors';

const READ_ONLY = 'Read-only: runs kubectl on your kubeconfig with a read verb only; Secret data is masked.';

/** `-n ns`, `-A` or nothing (the kubeconfig's namespace). */
function scope(args: { namespace?: string; allNamespaces?: boolean }): string[] {
  if (args.allNamespaces) return ['-A'];
  return args.namespace ? ['-n', args.namespace] : [];
}

/** Parses a JSON answer of kubectl and masks it; the mask runs before anything else sees it. */
export function parseMasked(stdout: string, where: string): any {
  try {
    return maskSecrets(JSON.parse(stdout));
  } catch {
    throw new StillonError('KubectlUnreadable', where, 'kubectl did not answer with JSON', 'check that kubectl works on its own (kubectl version)');
  }
}

/** Managed fields are bookkeeping of the API server: long, and rarely what an assistant needs. */
function withoutManagedFields(value: any): any {
  if (Array.isArray(value)) return value.map(withoutManagedFields);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'managedFields').map(([k, v]) => [k, withoutManagedFields(v)]));
}

const get = (context: McpContext) => defineTool({
  name: 'kubectl_get',
  title: 'Get cluster objects',
  description: `Gets or lists objects, like \`kubectl get\`: as JSON (default), YAML or kubectl's wide table. ${READ_ONLY}`,
  input: {
    resource: z.string().describe('resource type, e.g. pods, deployments, kustomizations.kustomize.toolkit.fluxcd.io, or several: pods,services'),
    name: z.string().optional().describe('one object\'s name (default: all)'),
    namespace: z.string().optional(),
    allNamespaces: z.boolean().optional(),
    selector: z.string().optional().describe('label selector, e.g. app.kubernetes.io/name=linkding'),
    output: z.enum(['json', 'yaml', 'wide']).optional().describe('json (default), yaml or wide'),
    managedFields: z.boolean().optional().describe('keep metadata.managedFields (default false)'),
  },
  annotations: CLUSTER_READ,
  run: async (args) => {
    const argv = ['get', args.resource, ...args.name ? [args.name] : [], ...scope(args), ...args.selector ? ['-l', args.selector] : []];
    if (args.output === 'wide') return { result: await context.kubectl.readOk([...argv, '-o', 'wide']) };
    // YAML is made here from masked JSON: kubectl's own YAML would have to be masked as text.
    let objects = parseMasked(await context.kubectl.readOk([...argv, '-o', 'json']), 'kubectl_get');
    if (!args.managedFields) objects = withoutManagedFields(objects);
    return { result: args.output === 'yaml' ? stringify(objects) : objects };
  },
});

const describe = (context: McpContext) => defineTool({
  name: 'kubectl_describe',
  title: 'Describe cluster objects',
  description: `Describes objects with their recent events, like \`kubectl describe\`. ${READ_ONLY}`,
  input: {
    resource: z.string().describe('resource type or type/name, e.g. pod/web-5f7 or deployments'),
    name: z.string().optional(),
    namespace: z.string().optional(),
    selector: z.string().optional(),
  },
  annotations: CLUSTER_READ,
  run: async (args) => ({
    result: maskDescribe(await context.kubectl.readOk(['describe', args.resource, ...args.name ? [args.name] : [], ...scope(args), ...args.selector ? ['-l', args.selector] : []])),
  }),
});

const logs = (context: McpContext) => defineTool({
  name: 'pod_logs',
  title: 'Pod logs (tail)',
  description: `The last lines of a pod's log, like \`kubectl logs --tail\` (at most ${MAX_TAIL} lines; never follows). ${READ_ONLY}`,
  input: {
    pod: z.string().describe('pod name, or deployment/<name> for one of its pods'),
    namespace: z.string(),
    container: z.string().optional(),
    tail: z.number().int().min(0).max(MAX_TAIL).optional().describe(`lines from the end (default ${DEFAULT_TAIL})`),
    previous: z.boolean().optional().describe('the log of the previous, crashed container'),
    since: z.string().optional().describe('only newer lines, e.g. 10m'),
  },
  annotations: CLUSTER_READ,
  run: async (args) => ({
    result: await context.kubectl.readOk(['logs', args.pod, '-n', args.namespace, ...args.container ? ['-c', args.container] : [],
      `--tail=${args.tail ?? DEFAULT_TAIL}`, ...args.previous ? ['--previous'] : [], ...args.since ? ['--since', args.since] : []]),
  }),
});

const events = (context: McpContext) => defineTool({
  name: 'events',
  title: 'Recent events',
  description: `Events, oldest first, through \`kubectl get events\`: what the scheduler, kubelet and controllers said (failed pulls, probes, OOM kills). ${READ_ONLY}`,
  input: {
    namespace: z.string().optional(),
    allNamespaces: z.boolean().optional(),
    kind: z.string().optional().describe('only events about objects of this kind, e.g. Pod'),
    name: z.string().optional().describe('only events about the object of this name'),
  },
  annotations: CLUSTER_READ,
  run: async (args) => {
    const fields = [...args.kind ? [`involvedObject.kind=${args.kind}`] : [], ...args.name ? [`involvedObject.name=${args.name}`] : []];
    const list = parseMasked(await context.kubectl.readOk(['get', 'events', ...scope(args), ...fields.length ? ['--field-selector', fields.join(',')] : [], '-o', 'json']), 'events');
    const at = (e: any): string => e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? '';
    return {
      result: (list.items ?? []).sort((a: any, b: any) => at(a).localeCompare(at(b))).map((e: any) => ({
        time: at(e) || null,
        type: e.type,
        reason: e.reason,
        object: `${e.involvedObject?.kind}/${e.involvedObject?.name}`,
        namespace: e.involvedObject?.namespace ?? e.metadata?.namespace,
        count: e.count ?? 1,
        message: e.message,
      })),
    };
  },
});

/** One Flux object's state, from its Ready condition. */
function fluxState(o: any) {
  const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  return {
    namespace: o.metadata?.namespace,
    name: o.metadata?.name,
    ready: ready ? ready.status : 'Unknown',
    reason: ready?.reason ?? null,
    message: ready?.message ?? null,
    suspended: o.spec?.suspend === true,
    lastAppliedRevision: o.status?.lastAppliedRevision ?? null,
    lastAttemptedRevision: o.status?.lastAttemptedRevision ?? null,
  };
}

const FLUX_KINDS = { kustomizations: 'kustomizations.kustomize.toolkit.fluxcd.io', helmReleases: 'helmreleases.helm.toolkit.fluxcd.io' };

const flux = (context: McpContext) => defineTool({
  name: 'flux_status',
  title: 'Flux reconcile status',
  description: `The Ready state, reason, message and applied revision of each Flux Kustomization and HelmRelease. ${READ_ONLY} `
    + 'It never asks Flux to reconcile (that would annotate the object); push a commit, or wait for the interval.',
  input: { namespace: z.string().optional().describe('default: every namespace') },
  annotations: CLUSTER_READ,
  run: async (args) => {
    const result: Record<string, unknown> = {};
    for (const [key, resource] of Object.entries(FLUX_KINDS)) {
      const answer = await context.kubectl.read(['get', resource, ...args.namespace ? ['-n', args.namespace] : ['-A'], '-o', 'json']);
      // A cluster without the helm-controller has no HelmRelease type: that is an answer, not an error.
      result[key] = answer.code === 0
        ? (parseMasked(answer.stdout, 'flux_status').items ?? []).map(fluxState)
        : { unavailable: answer.stderr.trim().split('\n')[0] || `exit code ${answer.code}` };
    }
    return { result };
  },
});

const apiResources = (context: McpContext) => defineTool({
  name: 'api_resources',
  title: 'Resource types of the cluster',
  description: `The resource types the cluster serves, like \`kubectl api-resources\`. ${READ_ONLY}`,
  input: { apiGroup: z.string().optional().describe('only this API group, e.g. kustomize.toolkit.fluxcd.io') },
  annotations: CLUSTER_READ,
  run: async (args) => ({ result: await context.kubectl.readOk(['api-resources', ...args.apiGroup !== undefined ? [`--api-group=${args.apiGroup}`] : []]) }),
});

const kubectl = (context: McpContext) => defineTool({
  name: 'kubectl',
  title: 'Run a read-only kubectl command',
  description: 'Runs kubectl with a read verb (get, describe, logs, api-resources) and the flags those verbs take for reading '
    + '(-n, -A, -l, --field-selector, -o json|yaml|wide|name, -c, --tail, --since, --previous). Any other verb (apply, create, delete, '
    + 'patch, edit, scale, rollout, annotate, label, exec, ...) is refused before kubectl starts: change the repository instead. '
    + 'Secret data is masked.',
  input: {
    verb: z.string().describe('get, describe, logs or api-resources'),
    args: z.array(z.string()).optional().describe('the words after the verb, e.g. ["pods", "-n", "linkding", "-o", "yaml"]'),
  },
  annotations: CLUSTER_READ,
  run: async ({ verb, args }) => {
    const words = [verb, ...args ?? []];
    // -o yaml is fetched as JSON and masked before it is turned into YAML.
    const yamlAt = words.findIndex((w, i) => (w === 'yaml' && ['-o', '--output'].includes(words[i - 1])) || w === '-o=yaml' || w === '--output=yaml' || w === '-oyaml');
    if (yamlAt >= 0) words[yamlAt] = words[yamlAt] === 'yaml' ? 'json' : '-o=json';
    const asJson = yamlAt >= 0 || words.some((w, i) => (w === 'json' && ['-o', '--output'].includes(words[i - 1])) || w === '-o=json' || w === '--output=json' || w === '-ojson');
    const stdout = await context.kubectl.readOk(words.map((w) => (w === '-ojson' ? '-o=json' : w)));
    if (asJson) {
      const objects = parseMasked(stdout, 'kubectl');
      return { result: yamlAt >= 0 ? stringify(objects) : objects };
    }
    return { result: verb === 'describe' ? maskDescribe(stdout) : stdout };
  },
});

export const clusterTools = (context: McpContext): ToolDefinition<any>[] =>
  [get, describe, logs, events, flux, apiResources, kubectl].map((t) => t(context));
