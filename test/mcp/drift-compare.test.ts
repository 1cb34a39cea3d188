import { compareObject, ownedFields } from '../../src/mcp/drift-compare';

const git = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels: { a: '1' } }, spec: { ports: [{ name: 'http', port: 80 }], selector: { app: 's' } } };

describe('compareObject', () => {
  test('an identical live object (plus defaults, status and Flux\'s labels) is in sync', () => {
    const live = {
      ...git,
      metadata: {
        ...git.metadata,
        uid: 'u',
        labels: { ...git.metadata.labels, 'kustomize.toolkit.fluxcd.io/name': 's' },
        managedFields: [{ manager: 'kustomize-controller', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:a': {}, 'f:kustomize.toolkit.fluxcd.io/name': {} } } } }],
      },
      spec: { ...git.spec, clusterIP: '10.0.0.1', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
      status: {},
    };
    expect(compareObject(git, live)).toEqual([]);
  });

  test('a list item Flux owns under another merge key (a Service port by port and protocol) is the item the repository sets', () => {
    const live = {
      ...git,
      metadata: { ...git.metadata, managedFields: [{ manager: 'kustomize-controller', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:name': {}, 'f:port': {} } } } } }] },
      spec: { ...git.spec, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    };
    expect(compareObject(git, live)).toEqual([]);
  });

  test('a value the repository sets differs: git wins', () => {
    const live = { ...git, spec: { ...git.spec, ports: [{ name: 'http', port: 8080 }] } };
    expect(compareObject(git, live)).toEqual([expect.objectContaining({ path: 'spec.ports[name=http].port', git: 80, cluster: 8080, winner: 'git' })]);
  });

  test('a field missing in the cluster: git wins (it is applied)', () => {
    const live = { ...git, metadata: { name: 's' } };
    expect(compareObject(git, live)).toEqual([expect.objectContaining({ path: 'metadata.labels.a', git: '1', winner: 'git' })]);
  });

  test('quantities are compared by amount', () => {
    const pvc = { spec: { resources: { requests: { storage: '1024Mi' } } } };
    expect(compareObject(pvc, { spec: { resources: { requests: { storage: '1Gi' } } } })).toEqual([]);
    expect(compareObject(pvc, { spec: { resources: { requests: { storage: '2Gi' } } } })).toHaveLength(1);
  });

  test('fields only live: Flux-owned ones are removed (git wins), hand-made ones stay (cluster wins), others are no drift', () => {
    const live = {
      ...git,
      metadata: {
        ...git.metadata,
        labels: { a: '1', old: 'x', manual: 'y', ctrl: 'z' },
        managedFields: [
          { manager: 'kustomize-controller', operation: 'Apply', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:a': {}, 'f:old': {} } } } },
          { manager: 'kubectl-label', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:manual': {} } } } },
          { manager: 'some-controller', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:ctrl': {} } } } },
        ],
      },
    };
    expect(compareObject(git, live)).toEqual([
      expect.objectContaining({ path: 'metadata.labels.manual', cluster: 'y', winner: 'cluster', changedBy: ['kubectl-label'] }),
      expect.objectContaining({ path: 'metadata.labels.old', cluster: 'x', winner: 'git' }),
    ]);
  });
});

describe('ownedFields', () => {
  test('reads f:, k: (by name or by several keys), v: and dotted keys with their live values', () => {
    const live = { spec: { ports: [{ port: 80, protocol: 'TCP', name: 'p' }], finalizers: ['a'] }, metadata: { annotations: { 'a.b/c': 'v' } } };
    const fields = {
      'f:metadata': { 'f:annotations': { 'f:a.b/c': {} } },
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'f:finalizers': { 'v:"a"': {} } },
    };
    expect(ownedFields(fields, live)).toEqual([
      { path: 'metadata.annotations.a.b/c', value: 'v' },
      { path: 'spec.ports[name=p]', value: { port: 80, protocol: 'TCP', name: 'p' } },
      { path: 'spec.finalizers', value: ['a'] },
    ]);
  });
});
