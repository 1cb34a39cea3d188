import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { parse, parseAllDocuments } from 'yaml';
import { ClusterIssuer } from '../../imports/cert-manager.io';
import { ApiAccess, StandardApp, clusterScopedKinds, defineApp, isClusterScoped } from '../../src';
import { codesOf, emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { CRDS_DIR, schemaValidator } from '../support/schemas';

let root: string;
beforeAll(() => { root = emptyRoot(); });
afterAll(() => removeRoot(root));

const oidc = defineApp('dex', { namespace: 'auth' }, (app) => {
  const access = new ApiAccess(app, 'api', {
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }],
    clusterRules: [{ apiGroups: ['dex.coreos.com'], resources: ['*'], verbs: ['*'] }, { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create'] }],
    namespaceClusterRoles: ['view'],
  });
  new StandardApp(app, 'dex', { image: 'ghcr.io/dexidp/dex:v2.41.1', port: 5556, apiAccess: access });
  // Cluster-scoped objects written with L1 classes: an IngressClass and a CRD's ClusterIssuer.
  new kplus.k8s.KubeIngressClass(app, 'class', { metadata: { name: 'internal' }, spec: { controller: 'k8s.io/ingress-nginx' } });
  new ClusterIssuer(app, 'issuer', { metadata: { name: 'selfsigned' }, spec: { selfSigned: {} } });
  // Even an explicit namespace is dropped from a cluster-scoped object.
  ApiObject.of(new kplus.k8s.KubeClusterRole(app, 'extra', { metadata: { name: 'auth-extra', namespace: 'auth' } }));
});

describe('ApiAccess', () => {
  test('renders a ServiceAccount, Role, ClusterRole and bindings; the pods run as it with the token mounted', () => {
    const { objects, violations } = renderDefinition(oidc, root);
    expect(violations).toEqual([]);
    expect(manifestOf(objects, 'ServiceAccount', 'dex').metadata.namespace).toBe('auth');
    expect(manifestOf(objects, 'Role', 'dex').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] }]);
    expect(manifestOf(objects, 'RoleBinding', 'dex')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dex' },
      subjects: [{ kind: 'ServiceAccount', name: 'dex', namespace: 'auth' }],
    });
    expect(manifestOf(objects, 'RoleBinding', 'dex-view').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' });
    expect(manifestOf(objects, 'ClusterRoleBinding', 'auth-dex')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'auth-dex' }, subjects: [{ kind: 'ServiceAccount', name: 'dex', namespace: 'auth' }],
    });
    const pod = manifestOf(objects, 'Deployment', 'dex').spec.template.spec;
    expect(pod.serviceAccountName).toBe('dex');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('cluster-scoped objects carry no metadata.namespace, namespaced ones keep theirs', () => {
    const { objects } = renderDefinition(oidc, root);
    for (const [kind, name] of [['ClusterRole', 'auth-dex'], ['ClusterRoleBinding', 'auth-dex'], ['IngressClass', 'internal'], ['ClusterIssuer', 'selfsigned'], ['ClusterRole', 'auth-extra']]) {
      expect([kind, name, 'namespace' in manifestOf(objects, kind, name).metadata]).toEqual([kind, name, false]);
    }
    for (const [kind, name] of [['Role', 'dex'], ['Deployment', 'dex'], ['Service', 'dex'], ['Ingress', 'dex']]) {
      expect(manifestOf(objects, kind, name).metadata.namespace).toBe('auth');
    }
  });

  test('every object validates against the Kubernetes 1.28 schemas and the CRDs', () => {
    const { objects } = renderDefinition(oidc, root);
    const validator = schemaValidator();
    const invalid = objects
      .map((o) => [o.manifest.kind, o.manifest.metadata.name, validator.validate(o.manifest)])
      .filter(([, , e]) => (e as unknown[]).length);
    expect(invalid).toEqual([]);
  });

  test('fails with InvalidApiRule on a rule without verbs, and with UnknownProp on a misspelled rule field', () => {
    const bad = (rule: any) => codesOf(renderDefinition(defineApp('x', (app) => { new ApiAccess(app, 'api', { rules: [rule] }); }), root).violations);
    expect(bad({ apiGroups: [''], resources: ['pods'], verbs: [] })).toEqual(['InvalidApiRule']);
    expect(bad({ apiGroups: [''], resources: ['pods'], verb: ['get'] })).toEqual(['UnknownProp']);
  });

  test('clusterRoleName keeps a live ClusterRole and ClusterRoleBinding under their existing name', () => {
    const { objects, violations } = renderDefinition(defineApp('dex', (app) => {
      new ApiAccess(app, 'api', { clusterRoleName: 'dex', clusterRules: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['list'] }] });
    }), root);
    expect(violations).toEqual([]);
    expect(objects.filter((o) => o.manifest.kind.startsWith('Cluster')).map((o) => `${o.manifest.kind}/${o.manifest.metadata.name}`).sort())
      .toEqual(['ClusterRole/dex', 'ClusterRoleBinding/dex']);
    expect(manifestOf(objects, 'ClusterRoleBinding', 'dex').roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'dex' });
  });

  test('fails with ClusterRoleNameWithoutRules when there is no ClusterRole to name, and with InvalidName on a bad name', () => {
    const bad = (props: any) => renderDefinition(defineApp('x', (app) => { new ApiAccess(app, 'api', props); }), root).violations;
    const [without] = bad({ clusterRoleName: 'dex', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    expect(without.code).toBe('ClusterRoleNameWithoutRules');
    expect(without.message).toContain("clusterRoleName 'dex' is given but no clusterRules");
    const [invalid] = bad({ clusterRoleName: 'Dex_Role', clusterRules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }] });
    expect(invalid.code).toBe('InvalidName');
    expect(invalid.message).toContain("clusterRoleName 'Dex_Role'");
  });

  test('without apiAccess the pods mount no token; automountServiceAccountToken turns it on', () => {
    const render = (automount?: boolean) => manifestOf(renderDefinition(defineApp('x', (app) => {
      new StandardApp(app, 'web', { image: 'nginx:1.27.3', automountServiceAccountToken: automount });
    }), root).objects, 'Deployment', 'web').spec.template.spec;
    expect(render().automountServiceAccountToken).toBe(false);
    expect(render().serviceAccountName).toBeUndefined();
    expect(render(true).automountServiceAccountToken).toBe(true);
  });
});

describe('isClusterScoped', () => {
  test('answers by group and kind, for core kinds and CRDs', () => {
    expect(isClusterScoped('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe(true);
    expect(isClusterScoped('rbac.authorization.k8s.io/v1', 'Role')).toBe(false);
    expect(isClusterScoped('v1', 'Namespace')).toBe(true);
    expect(isClusterScoped('v1', 'ConfigMap')).toBe(false);
    expect(isClusterScoped('cert-manager.io/v1', 'ClusterIssuer')).toBe(true);
    // Same kind name, another group: not ours to guess.
    expect(isClusterScoped('example.com/v1', 'ClusterRole')).toBe(false);
  });

  test('agrees with spec.scope of every CRD in imports/crds', () => {
    for (const file of readdirSync(CRDS_DIR).filter((f) => f.endsWith('.yaml'))) {
      const crd = parse(readFileSync(join(CRDS_DIR, file), 'utf8'));
      for (const version of crd.spec.versions) {
        expect([file, isClusterScoped(`${crd.spec.group}/${version.name}`, crd.spec.names.kind)]).toEqual([file, crd.spec.scope === 'Cluster']);
      }
    }
  });

  test('agrees with kustomize (kubectl kustomize with a namespace) on every 1.28 kind kustomize knows, and names only 1.28 kinds', () => {
    const definitions = JSON.parse(readFileSync(join(CRDS_DIR, 'k8s', 'v1.28.0', '_definitions.json'), 'utf8')).definitions;
    const kinds = new Map<string, string>();
    for (const def of Object.values<any>(definitions)) {
      if (!String(def.properties?.metadata?.$ref ?? '').endsWith('ObjectMeta')) continue;
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        if (!gvk.kind.endsWith('List')) kinds.set(`${gvk.group ? `${gvk.group}/` : ''}${gvk.version} ${gvk.kind}`, `${gvk.group}/${gvk.kind}`);
      }
    }
    const crdKinds = readdirSync(CRDS_DIR).filter((f) => f.endsWith('.yaml')).map((f) => parse(readFileSync(join(CRDS_DIR, f), 'utf8')).spec)
      .map((spec) => `${spec.group}/${spec.names.kind}`);
    expect(clusterScopedKinds().filter((k) => ![...kinds.values(), ...crdKinds].includes(k))).toEqual([]);

    const dir = mkdtempSync(join(tmpdir(), 'stillon-scope-'));
    try {
      const docs = [...kinds.keys()].map((k) => { const [apiVersion, kind] = k.split(' '); return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: probe\n`; });
      writeFileSync(join(dir, 'all.yaml'), docs.join('---\n'));
      writeFileSync(join(dir, 'kustomization.yaml'), 'namespace: probe\nresources: [all.yaml]\n');
      const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
      expect(built.status).toBe(0);
      const kustomizeCluster = parseAllDocuments(built.stdout).map((d) => d.toJS()).filter((m) => m.metadata.namespace === undefined)
        .map((m) => `${m.apiVersion} ${m.kind}`).sort();
      const ours = [...kinds.keys()].filter((k) => { const [apiVersion, kind] = k.split(' '); return isClusterScoped(apiVersion, kind); });
      // Everything kustomize keeps out of namespaces is cluster-scoped here too.
      expect(kustomizeCluster.filter((k) => !ours.includes(k))).toEqual([]);
      // What we add beyond kustomize: kinds newer than kustomize's built-in schema (Kubernetes 1.21),
      // cluster-scoped in 1.28's discovery. A kind that moves between these lists is a decision, not noise.
      expect(ours.filter((k) => !kustomizeCluster.includes(k)).sort()).toEqual([
        'admissionregistration.k8s.io/v1alpha1 ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/v1alpha1 ValidatingAdmissionPolicyBinding',
        'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy',
        'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicyBinding',
        'authentication.k8s.io/v1 SelfSubjectReview',
        'authentication.k8s.io/v1 TokenReview',
        'authentication.k8s.io/v1alpha1 SelfSubjectReview',
        'authentication.k8s.io/v1beta1 SelfSubjectReview',
        'authorization.k8s.io/v1 SelfSubjectAccessReview',
        'authorization.k8s.io/v1 SelfSubjectRulesReview',
        'authorization.k8s.io/v1 SubjectAccessReview',
        'certificates.k8s.io/v1alpha1 ClusterTrustBundle',
        'flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema',
        'flowcontrol.apiserver.k8s.io/v1beta2 PriorityLevelConfiguration',
        'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema',
        'flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration',
        'internal.apiserver.k8s.io/v1alpha1 StorageVersion',
        'networking.k8s.io/v1alpha1 ClusterCIDR',
        'networking.k8s.io/v1alpha1 IPAddress',
        'resource.k8s.io/v1alpha2 ResourceClass',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
