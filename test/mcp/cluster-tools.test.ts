import { parse } from 'yaml';
import { FakeKubectl, McpSession, startMcp } from './mcp-client';
import { READ_VERBS } from '../../src/mcp/kubectl';
import { removeTempRepo, tempRepo } from '../support/temp-repo';

const CANARY = 'canary-K7wQ-cluster-secret';
const CANARY_B64 = Buffer.from(CANARY).toString('base64');
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: {
    name: 'web-env',
    namespace: 'web',
    annotations: { [LAST_APPLIED]: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { TOKEN: CANARY_B64 } }) },
    managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: { 'f:data': { 'f:TOKEN': {} } } }],
  },
  data: { TOKEN: CANARY_B64 },
  stringData: { EXTRA: CANARY },
};
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-abc', namespace: 'web', managedFields: [{ manager: 'kubelet' }] }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.3' }] } };
const DESCRIBE = [
  'Name:         web-env', 'Namespace:    web', 'Labels:       <none>', 'Annotations:  <none>', '', 'Type:  Opaque', '', 'Data', '====',
  'TOKEN:  26 bytes', `PLUGIN: ${CANARY}`, '',
  '', 'Name:         web-config', 'Namespace:    web', '', 'Data', '====', 'mode:', '----', 'debug', '',
].join('\n');

/** The echo app's Deployment as the cluster holds it (from what the repository renders): changed by hand, and with a field Flux set before. */
function liveEchoDeployment(rendered: string): any {
  const live = parse(rendered);
  const container = live.spec.template.spec.containers[0];
  container.image = 'registry.example.test/echo:1.10.2';
  container.env = [...container.env ?? [], { name: 'DEBUG', value: 'true' }];
  container.terminationMessagePath = '/dev/termination-log'; // a default: no drift
  live.spec.revisionHistoryLimit = 10;
  live.spec.template.metadata.annotations = { ...live.spec.template.metadata.annotations, 'example.test/old-note': 'set by an older commit' };
  live.metadata.labels = { ...live.metadata.labels, 'kustomize.toolkit.fluxcd.io/name': 'echo' };
  live.status = { replicas: 1 };
  const c = `k:{"name":"${container.name}"}`;
  live.metadata.managedFields = [
    {
      manager: 'kustomize-controller',
      operation: 'Apply',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:kustomize.toolkit.fluxcd.io/name': {}, 'f:app.kubernetes.io/name': {} } },
        'f:spec': { 'f:replicas': {}, 'f:template': { 'f:metadata': { 'f:annotations': { 'f:example.test/old-note': {} } } } },
      },
    },
    { manager: 'kubectl-set', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [c]: { 'f:image': {} } } } } } } },
    { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { [c]: { 'f:env': { 'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } } } } } } },
    { manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } },
  ];
  return live;
}

let repo: string;
let kubectl: FakeKubectl;
let mcp: McpSession;

beforeAll(async () => {
  repo = tempRepo();
  kubectl = new FakeKubectl({
    'get secrets -n=web -o=json': { apiVersion: 'v1', kind: 'List', items: [secret, { ...secret, kind: undefined, metadata: { name: 'bare' } }] },
    'get secret web-env -n=web -o=json': secret,
    'get secrets -A -o=json': { apiVersion: 'v1', kind: 'SecretList', items: [{ metadata: { name: 'kindless' }, data: { TOKEN: CANARY_B64 } }] },
    'get pods -n=web -o=json': { apiVersion: 'v1', kind: 'List', items: [pod] },
    'get deployments -A -o=wide': 'NAMESPACE   NAME   READY\nweb         web    1/1\n',
    'describe secret web-env -n=web': DESCRIBE,
    'logs web-abc -n=web --tail=50': 'line 1\nline 2\n',
    'logs web-abc -n=web --tail=200': 'default tail\n',
    'get events -n=web --field-selector=involvedObject.kind=Pod,involvedObject.name=web-abc -o=json': {
      kind: 'List',
      items: [
        { type: 'Warning', reason: 'BackOff', message: 'Back-off restarting', lastTimestamp: '2026-12-01T10:05:00Z', involvedObject: { kind: 'Pod', name: 'web-abc', namespace: 'web' } },
        { type: 'Normal', reason: 'Pulled', message: 'Pulled image', lastTimestamp: '2026-12-01T10:00:00Z', involvedObject: { kind: 'Pod', name: 'web-abc', namespace: 'web' } },
      ],
    },
    'get kustomizations.kustomize.toolkit.fluxcd.io -A -o=json': {
      kind: 'List',
      items: [{ metadata: { name: 'echo', namespace: 'flux-system' }, spec: {}, status: { lastAppliedRevision: 'main@sha1:abc', conditions: [{ type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: 'timeout' }] } }],
    },
    'api-resources': 'NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\npods   po           v1           true         Pod\n',
  });
  mcp = await startMcp(repo, kubectl.env());
}, 60_000);
afterAll(async () => {
  await mcp?.close();
  removeTempRepo(repo);
  kubectl?.remove();
});

describe('stillon mcp: cluster tools through a recording kubectl', () => {
  test('kubectl_get masks Secret data, stringData and last-applied-configuration, in an object and in Lists', async () => {
    const list = await mcp.call('kubectl_get', { resource: 'secrets', namespace: 'web' });
    expect(list.isError).toBe(false);
    const [first, bare] = list.json.items;
    expect(first.data).toEqual({ TOKEN: '(masked: 26 bytes)' });
    expect(first.stringData).toEqual({ EXTRA: '(masked: 26 bytes)' });
    expect(first.metadata.annotations[LAST_APPLIED]).toMatch(/^\(masked: \d+ bytes\)$/);
    expect(first.metadata.managedFields).toBeUndefined();
    expect(bare.data).toEqual({ TOKEN: '(masked: 26 bytes)' });

    const yaml = await mcp.call('kubectl_get', { resource: 'secret', name: 'web-env', namespace: 'web', output: 'yaml' });
    expect(parse(yaml.text).data).toEqual({ TOKEN: '(masked: 26 bytes)' });
    const kindless = await mcp.call('kubectl_get', { resource: 'secrets', allNamespaces: true });
    expect(kindless.json.items[0].data).toEqual({ TOKEN: '(masked: 26 bytes)' });

    const pods = await mcp.call('kubectl_get', { resource: 'pods', namespace: 'web' });
    expect(pods.json.items[0].spec.containers[0].image).toBe('nginx:1.27.3');
    expect((await mcp.call('kubectl_get', { resource: 'deployments', allNamespaces: true, output: 'wide' })).text).toContain('web         web    1/1');
  });

  test('kubectl (generic) with -o yaml fetches JSON and masks it before turning it into YAML', async () => {
    const { text, isError } = await mcp.call('kubectl', { verb: 'get', args: ['secrets', '-n', 'web', '-o', 'yaml'] });
    expect(isError).toBe(false);
    expect(parse(text).items[0].data).toEqual({ TOKEN: '(masked: 26 bytes)' });
  });

  test('kubectl_describe keeps key sizes and masks any other line of a Secret\'s Data; a ConfigMap is left as it is', async () => {
    const { text } = await mcp.call('kubectl_describe', { resource: 'secret', name: 'web-env', namespace: 'web' });
    expect(text).toContain('TOKEN:  26 bytes');
    expect(text).toContain('(masked line)');
    expect(text).toContain('mode:\n----\ndebug');
  });

  test('pod_logs always asks for a bounded tail; events come oldest first; flux_status reads Ready; api_resources', async () => {
    expect((await mcp.call('pod_logs', { pod: 'web-abc', namespace: 'web', tail: 50 })).text).toBe('line 1\nline 2\n');
    expect((await mcp.call('pod_logs', { pod: 'web-abc', namespace: 'web' })).text).toBe('default tail\n');
    expect((await mcp.call('pod_logs', { pod: 'web-abc', namespace: 'web', tail: 100_000 })).isError).toBe(true);

    const events = (await mcp.call('events', { namespace: 'web', kind: 'Pod', name: 'web-abc' })).json;
    expect(events.map((e: any) => e.reason)).toEqual(['Pulled', 'BackOff']);
    expect(events[1]).toMatchObject({ type: 'Warning', object: 'Pod/web-abc', message: 'Back-off restarting' });

    const flux = (await mcp.call('flux_status')).json;
    expect(flux.kustomizations).toEqual([expect.objectContaining({ name: 'echo', ready: 'False', reason: 'HealthCheckFailed', lastAppliedRevision: 'main@sha1:abc' })]);
    expect(flux.helmReleases.unavailable).toContain('NotFound');
    expect((await mcp.call('api_resources')).text).toContain('pods');
  });

  test('drift names each difference and the side that wins at the next reconcile', async () => {
    // The live objects start from what the repository renders now, whatever the committed output says.
    const files = (await mcp.call('show_app', { name: 'echo', includeRendered: true })).json.files;
    const rendered = (path: string) => files.find((f: any) => f.path === path).text;
    kubectl.respond({
      'get kustomization.v1.kustomize.toolkit.fluxcd.io echo -n=flux-system -o=json': { ...parse(rendered('apps/echo.yaml')), status: { conditions: [] } },
      'get deployment.v1.apps echo -n=echo -o=json': liveEchoDeployment(rendered('kustomize/echo/deployment-echo.yaml')),
    });
    const { json, isError } = await mcp.call('drift', { app: 'echo' });
    expect(isError).toBe(false);
    expect(json.inSync).toBe(false);
    const byKind = Object.fromEntries(json.objects.map((o: any) => [o.kind, o]));
    expect(byKind.Kustomization).toMatchObject({ state: 'in sync', namespace: 'flux-system', file: 'apps/echo.yaml' });
    expect(byKind.Service).toMatchObject({ state: 'missing', winner: 'git' });
    expect(byKind.Deployment.state).toBe('drifted');
    const container = 'spec.template.spec.containers[name=echo]';
    expect(byKind.Deployment.differences).toEqual([
      {
        path: 'spec.template.metadata.annotations.example.test/old-note',
        cluster: 'set by an older commit',
        winner: 'git',
        why: expect.stringContaining('removes it at the next reconcile'),
      },
      {
        path: `${container}.env[name=DEBUG]`,
        cluster: { name: 'DEBUG', value: 'true' },
        winner: 'cluster',
        why: expect.stringContaining('leaves fields it does not own'),
        changedBy: ['kubectl-edit'],
      },
      {
        path: `${container}.image`,
        git: 'registry.example.test/echo:1.10.3',
        cluster: 'registry.example.test/echo:1.10.2',
        winner: 'git',
        why: expect.stringContaining('Flux applies it with force'),
        changedBy: ['kubectl-set'],
      },
    ]);
  });

  test.each([
    ['delete', ['deployment', 'web', '-n', 'web']],
    ['apply', ['-f', 'kustomize/echo']],
    ['create', ['namespace', 'x']],
    ['patch', ['deployment', 'web', '-p', '{}']],
    ['edit', ['deployment/web']],
    ['replace', ['-f', 'x.yaml']],
    ['scale', ['deployment/web', '--replicas=0']],
    ['rollout', ['restart', 'deployment/web']],
    ['annotate', ['kustomization', 'echo', 'reconcile.fluxcd.io/requestedAt=now']],
    ['label', ['pod', 'web-abc', 'x=y']],
    ['cordon', ['node-1']],
    ['drain', ['node-1']],
    ['taint', ['nodes', 'node-1', 'k=v:NoSchedule']],
    ['exec', ['web-abc', '--', 'sh']],
    ['cp', ['web-abc:/etc/passwd', '/tmp/x']],
    ['port-forward', ['web-abc', '8080']],
    ['run', ['x', '--image=busybox']],
    ['set', ['image', 'deployment/web', 'web=nginx']],
    ['auth', ['can-i', '--list']],
    ['get', ['secrets', '-o', 'jsonpath={.items[*].data}']],
    ['get', ['secrets', '-o', 'go-template={{.data}}']],
    ['get', ['pods', '--watch']],
    ['get', ['pods', '--as=system:admin']],
    ['get', ['pods', '--kubeconfig=/etc/other']],
    ['get', ['--raw', '/api/v1/secrets']],
    ['get', ['../../etc/passwd']],
    ['logs', ['web-abc', '-f']],
    ['logs', ['web-abc', '--tail=5000']],
    ['GET', ['pods']],
  ])('fails: kubectl %s %j is refused before any process starts', async (verb, args) => {
    const calls = kubectl.calls().length;
    const { json, isError } = await mcp.call('kubectl', { verb, args });
    expect(isError).toBe(true);
    expect(json.error.code).toBe('KubectlRefused');
    expect(json.error.fix).toBeTruthy();
    expect(kubectl.calls().length).toBe(calls);
  });

  test('every process the server started ran a read verb; no answer holds Secret data', () => {
    const calls = kubectl.calls();
    expect(calls.length).toBeGreaterThanOrEqual(12);
    for (const argv of calls) expect(READ_VERBS).toContain(argv[0]);
    expect(calls.map((argv) => argv[0])).toEqual(expect.arrayContaining(['get', 'describe', 'logs', 'api-resources']));
    for (const answer of mcp.answers) {
      expect(answer).not.toContain(CANARY);
      expect(answer).not.toContain(CANARY_B64);
    }
  });
});
