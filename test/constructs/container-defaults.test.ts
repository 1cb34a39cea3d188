import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HOME_LAB_RESOURCES, StandardApp, defineApp, homeLabContainerProps, pullPolicyFor } from '../../src';
import { emptyRoot, manifestOf, removeRoot, renderDefinition } from '../support/app-fixture';
import { schemaValidator } from '../support/schemas';

describe('homeLabContainerProps', () => {
  test('fills in pull policy, small resources and a locked-down security context', () => {
    const props = homeLabContainerProps({ image: 'nginx:1.27.3' });
    expect(props.imagePullPolicy).toBe(kplus.ImagePullPolicy.IF_NOT_PRESENT);
    expect(props.resources).toBe(HOME_LAB_RESOURCES);
    expect(props.securityContext).toMatchObject({
      ensureNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    });
  });

  test('keeps what the caller set and relaxes only what security allows', () => {
    const props = homeLabContainerProps({ image: 'nginx:1.27.3', imagePullPolicy: kplus.ImagePullPolicy.ALWAYS, securityContext: { privileged: true } },
      { runAsRoot: true, writableRootFilesystem: true, user: 0 });
    expect(props.imagePullPolicy).toBe(kplus.ImagePullPolicy.ALWAYS);
    expect(props.securityContext).toMatchObject({
      ensureNonRoot: false, readOnlyRootFilesystem: false, user: 0, privileged: true, allowPrivilegeEscalation: false,
    });
  });
});

describe('defaults that never break a running app', () => {
  const render = (props: Partial<import('../../src').StandardAppProps>) => {
    const { objects, violations } = renderDefinition(defineApp('demo', (app) => {
      new StandardApp(app, 'db', { image: 'postgres:16.4', ...props });
    }), root);
    expect(violations).toEqual([]);
    return manifestOf(objects, 'Deployment', 'db').spec.template.spec;
  };
  let root: string;
  beforeAll(() => { root = emptyRoot(); });
  afterAll(() => removeRoot(root));

  test('requests stay small and no memory limit is set unless given (a 3G JVM heap is not OOM-killed)', () => {
    expect(render({}).containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' } });
    expect(render({ resources: { memory: { request: Size.gibibytes(3), limit: Size.gibibytes(4) } } }).containers[0].resources)
      .toEqual({ requests: { memory: '3072Mi' }, limits: { memory: '4096Mi' } });
  });

  test('runAsRoot keeps what postgres and nginx need: chown, setuid/setgid through gosu, port 80', () => {
    const pod = render({ security: { runAsRoot: true, writableRootFilesystem: true } });
    const sc = pod.containers[0].securityContext;
    expect(sc.runAsNonRoot).toBe(false);
    expect(sc.capabilities).toEqual({ drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'NET_BIND_SERVICE', 'KILL'] });
    // RuntimeDefault seccomp allows chown and setuid; gosu is not a setuid binary, so no_new_privs is harmless.
    expect(sc.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(pod.securityContext.runAsNonRoot).toBe(false);
    expect(schemaValidator().validate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: pod })).toEqual([]);
  });

  test('a non-root container still drops every capability', () => {
    expect(render({}).containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('addCapabilities adds a capability after the root ones (pi-hole NET_ADMIN) or alone for a non-root container, each once', () => {
    const addCapabilities = [kplus.Capability.NET_ADMIN, kplus.Capability.CHOWN];
    const asRoot = render({ security: { runAsRoot: true, writableRootFilesystem: true, addCapabilities } });
    expect(asRoot.containers[0].securityContext.capabilities).toEqual({
      drop: ['ALL'], add: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID', 'NET_BIND_SERVICE', 'KILL', 'NET_ADMIN'],
    });
    expect(schemaValidator().validate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: asRoot })).toEqual([]);
    const nonRoot = render({ security: { addCapabilities: [kplus.Capability.NET_BIND_SERVICE] } }).containers[0].securityContext;
    expect(nonRoot.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(nonRoot.runAsNonRoot).toBe(true);
    // A sidecar takes the same option.
    expect(homeLabContainerProps({ image: 'x:1.0.0' }, { addCapabilities: [kplus.Capability.NET_RAW] }).securityContext?.capabilities)
      .toEqual({ drop: [kplus.Capability.ALL], add: [kplus.Capability.NET_RAW] });
  });

  test('fails with InvalidCapability on ALL, on a misspelled or CAP_-prefixed name, and on a string instead of a list', () => {
    const failure = (addCapabilities: unknown) => {
      const { violations } = renderDefinition(defineApp('demo', (app) => {
        new StandardApp(app, 'db', { image: 'postgres:16.4', security: { runAsRoot: true, addCapabilities: addCapabilities as kplus.Capability[] } });
      }), root);
      expect(violations.map((v) => v.code)).toEqual(['InvalidCapability']);
      return violations[0].message;
    };
    expect(failure([kplus.Capability.ALL])).toContain('contains ALL');
    expect(failure(['CAP_NET_ADMIN'])).toContain("'CAP_NET_ADMIN', which is no Linux capability");
    expect(failure(['NET_ADMN'])).toContain("'NET_ADMN'");
    expect(failure('NET_ADMIN')).toContain('must be a list');
  });

  test('pull policy: Always for floating tags, IfNotPresent for pinned tags and digests, as given otherwise', () => {
    for (const [image, policy] of [
      ['nginx', 'Always'], ['nginx:latest', 'Always'], ['ghcr.io/acme/app:main', 'Always'], ['registry.local:5000/app', 'Always'],
      ['nginx:1.27.3', 'IfNotPresent'], ['registry.local:5000/app:2.1', 'IfNotPresent'], [`nginx@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    ]) {
      expect([image, pullPolicyFor(image)]).toEqual([image, policy]);
      expect([image, homeLabContainerProps({ image }).imagePullPolicy]).toEqual([image, policy]);
    }
    expect(render({ image: 'nginx:latest' }).containers[0].imagePullPolicy).toBe('Always');
    expect(homeLabContainerProps({ image: 'nginx', imagePullPolicy: kplus.ImagePullPolicy.NEVER }).imagePullPolicy).toBe('Never');
  });
});
