import { KubeObject } from '../compare';
import { Expr, print, str } from './expr';
import { WorkloadPart } from './map-deployment';
import { objectKey, unmappable } from './model';
import { onlyKeys } from './values';

const RBAC = 'rbac.authorization.k8s.io';

function rulesOf(role: any): Expr {
  return (role.rules ?? []).map((r: any) => {
    onlyKeys(r, ['apiGroups', 'resources', 'verbs', 'resourceNames'], `rule of ${role.kind} ${role.metadata.name}`);
    return { apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], verbs: r.verbs ?? [], resourceNames: r.resourceNames };
  });
}

/** Whether a binding binds exactly the ServiceAccount `sa` of `namespace` to `kind/name`. */
function binds(b: any, kind: string, name: string, sa: string, namespace: string): boolean {
  const subjects = b.subjects ?? [];
  return b.roleRef?.kind === kind && b.roleRef?.name === name && b.roleRef?.apiGroup === RBAC && subjects.length === 1
    && subjects[0].kind === 'ServiceAccount' && subjects[0].name === sa && (subjects[0].namespace ?? namespace) === namespace;
}

/**
 * A ServiceAccount with its Role, ClusterRole and bindings as one ApiAccess, when they have the
 * shape ApiAccess writes: Role and RoleBinding named as the account, one ClusterRole and its
 * binding of one name, RoleBindings `<account>-<role>` to existing ClusterRoles.
 */
export function mapApiAccess(sa: any, id: string, variable: string, objects: readonly KubeObject[], namespace: string): WorkloadPart {
  const name = String(sa.metadata.name);
  onlyKeys(sa, ['apiVersion', 'kind', 'metadata'], `ServiceAccount ${name}`);
  onlyKeys(sa.metadata, ['name', 'namespace', 'labels'], `ServiceAccount ${name} metadata`);
  const rbac = objects.filter((o: any) => String(o.apiVersion).startsWith(`${RBAC}/`)) as any[];
  const bound = rbac.filter((o) => (o.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && s.name === name));
  const claimed = [objectKey(sa)];
  const props: Record<string, Expr> = { name };
  const role = rbac.find((o) => o.kind === 'Role' && o.metadata.name === name);
  const roleBinding = bound.find((o) => o.kind === 'RoleBinding' && binds(o, 'Role', name, name, namespace) && o.metadata.name === name);
  if (role && roleBinding) {
    props.rules = rulesOf(role);
    claimed.push(objectKey(role), objectKey(roleBinding));
  }
  const clusterBindings = bound.filter((o) => o.kind === 'ClusterRoleBinding');
  if (clusterBindings.length > 1) unmappable(`${clusterBindings.length} ClusterRoleBindings of ServiceAccount ${name}`);
  if (clusterBindings.length === 1) {
    const b = clusterBindings[0];
    const clusterRole = rbac.find((o) => o.kind === 'ClusterRole' && o.metadata.name === b.roleRef?.name);
    if (!clusterRole || b.metadata.name !== clusterRole.metadata.name || !binds(b, 'ClusterRole', clusterRole.metadata.name, name, namespace)) {
      unmappable(`ClusterRoleBinding ${b.metadata.name} is not named as a ClusterRole of the app`);
    }
    props.clusterRules = rulesOf(clusterRole);
    props.clusterRoleName = clusterRole.metadata.name !== `${namespace}-${name}` ? clusterRole.metadata.name : undefined;
    claimed.push(objectKey(clusterRole), objectKey(b));
  }
  const others = bound.filter((o) => o.kind === 'RoleBinding' && o !== roleBinding);
  const namespaceClusterRoles: string[] = [];
  for (const b of others) {
    if (!binds(b, 'ClusterRole', b.roleRef?.name, name, namespace) || b.metadata.name !== `${name}-${b.roleRef.name}`) unmappable(`RoleBinding ${b.metadata.name}`);
    namespaceClusterRoles.push(b.roleRef.name);
    claimed.push(objectKey(b));
  }
  props.namespaceClusterRoles = namespaceClusterRoles.length ? namespaceClusterRoles : undefined;
  for (const o of rbac.filter((x) => claimed.includes(objectKey(x)))) {
    onlyKeys(o.metadata, ['name', 'namespace', 'labels'], `${o.kind} ${o.metadata.name} metadata`);
    for (const k of Object.keys(o.metadata.labels ?? {})) if (!k.startsWith('app.kubernetes.io/')) unmappable(`label ${k} on ${o.kind} ${o.metadata.name}`);
  }
  return { lines: [`const ${variable} = new ApiAccess(app, ${str(id)}, ${print(props)});`], objects: claimed };
}
