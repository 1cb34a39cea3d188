import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AppChart } from './app-chart';
import { explainDns1123Label, isDns1123Subdomain } from '../conventions';
import { StillonError } from '../errors';
import { checkProps, propSchema } from '../private/known-props';

/** One RBAC rule: which verbs on which resources of which API groups. */
export interface ApiRule {
  /** API groups, `''` for the core group (pods, secrets, configmaps). */
  readonly apiGroups: readonly string[];
  /** Resources, e.g. `['secrets']` or `['customresourcedefinitions']`. */
  readonly resources: readonly string[];
  /** Verbs, e.g. `['get', 'list', 'watch']`. */
  readonly verbs: readonly string[];
  /** Only these objects. @default - every object of the resources */
  readonly resourceNames?: readonly string[];
}

export interface ApiAccessProps {
  /** Name of the ServiceAccount, Role and RoleBinding. @default `<app>` */
  readonly name?: string;
  /** Rules within the app's namespace: a Role and a RoleBinding. @default [] - no Role */
  readonly rules?: readonly ApiRule[];
  /**
   * Rules across the cluster (cluster-scoped resources such as CRDs or nodes, or every
   * namespace): a ClusterRole and a ClusterRoleBinding named `<namespace>-<name>` (or
   * `clusterRoleName`), since cluster-scoped names are shared by every app of the cluster.
   * @default [] - no ClusterRole
   */
  readonly clusterRules?: readonly ApiRule[];
  /**
   * Name of the ClusterRole and ClusterRoleBinding, to adopt live ones under their existing name
   * (a hand-written `dex`): a new name would create second objects and Flux would prune the live
   * ones. Only with `clusterRules`. Cluster-scoped names are shared by every app: pick one no
   * other app uses.
   * @default `<namespace>-<name>`
   */
  readonly clusterRoleName?: string;
  /** Existing ClusterRoles (e.g. `view`) granted within the namespace, each by a RoleBinding `<name>-<role>`. @default [] */
  readonly namespaceClusterRoles?: readonly string[];
}

const API_RULE = propSchema<ApiRule>({ apiGroups: true, resources: true, verbs: true, resourceNames: true });
const API_ACCESS_PROPS = propSchema<ApiAccessProps>({
  name: true, rules: true, clusterRules: true, clusterRoleName: true, namespaceClusterRoles: true,
});
const RBAC_GROUP = 'rbac.authorization.k8s.io';

/**
 * A ServiceAccount and what it may do in the Kubernetes API: a Role and RoleBinding for the
 * app's namespace, a ClusterRole and ClusterRoleBinding for the cluster. Give it to a
 * StandardApp (`apiAccess`) and its pods run as the account with its token mounted; without
 * one, pods mount no token at all.
 *
 * @example
 * const access = new ApiAccess(app, 'api', {
 *   rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'update'] }],
 *   clusterRules: [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list'] }],
 * });
 * new StandardApp(app, 'dex', { image: 'ghcr.io/dexidp/dex:v2.41.1', port: 5556, apiAccess: access });
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export class ApiAccess extends Construct {
  /** The ServiceAccount's name (pods refer to it as `serviceAccountName`). */
  public readonly name: string;
  public readonly serviceAccount: kplus.k8s.KubeServiceAccount;
  public readonly role?: kplus.k8s.KubeRole;
  public readonly clusterRole?: kplus.k8s.KubeClusterRole;

  constructor(scope: Construct, id: string, props: ApiAccessProps = {}) {
    super(scope, id);
    checkProps(props, API_ACCESS_PROPS, this.node.path);
    for (const rule of [...props.rules ?? [], ...props.clusterRules ?? []]) {
      checkProps(rule, API_RULE, this.node.path, 'rules[].');
      if (!rule.verbs.length || !rule.resources.length || !rule.apiGroups.length) {
        throw new StillonError('InvalidApiRule', this.node.path, 'a rule needs apiGroups, resources and verbs',
          "pass e.g. { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }");
      }
    }
    const app = AppChart.of(this);
    this.name = props.name ?? app.appName;
    if (props.clusterRoleName !== undefined && !props.clusterRules?.length) {
      throw new StillonError('ClusterRoleNameWithoutRules', this.node.path, `clusterRoleName '${props.clusterRoleName}' is given but no clusterRules`,
        'pass { clusterRules } as well, or drop { clusterRoleName }');
    }
    const clusterName = props.clusterRoleName ?? `${app.namespace}-${this.name}`;
    for (const [prop, name] of [['name', this.name], ['clusterRoleName', clusterName]]) {
      if (!isDns1123Subdomain(name)) throw new StillonError('InvalidName', this.node.path, `${prop} ${explainDns1123Label(name)}`, `pass a lower-case { ${prop} }`);
    }
    const subjects = [{ kind: 'ServiceAccount', name: this.name, namespace: app.namespace }];
    const rules = (list: readonly ApiRule[]) => list.map((r) => ({
      apiGroups: [...r.apiGroups],
      resources: [...r.resources],
      verbs: [...r.verbs],
      resourceNames: r.resourceNames ? [...r.resourceNames] : undefined,
    }));
    this.serviceAccount = new kplus.k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: this.name } });
    if (props.rules?.length) {
      this.role = new kplus.k8s.KubeRole(this, 'Role', { metadata: { name: this.name }, rules: rules(props.rules) });
      new kplus.k8s.KubeRoleBinding(this, 'RoleBinding', {
        metadata: { name: this.name }, subjects, roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: this.name },
      });
    }
    if (props.clusterRules?.length) {
      // Cluster-scoped: rendered without metadata.namespace (AppChart decides by the API's scope).
      this.clusterRole = new kplus.k8s.KubeClusterRole(this, 'ClusterRole', { metadata: { name: clusterName }, rules: rules(props.clusterRules) });
      new kplus.k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
        metadata: { name: clusterName }, subjects, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterName },
      });
    }
    for (const role of props.namespaceClusterRoles ?? []) {
      new kplus.k8s.KubeRoleBinding(this, `RoleBinding-${role}`, {
        metadata: { name: `${this.name}-${role}` }, subjects, roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
      });
    }
  }
}
