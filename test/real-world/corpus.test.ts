import { CorpusRun, escapeHatches, runCorpusApp } from './corpus';
import { formatDifference } from '../../src/compare';
import { AppDefinition } from '../../src/constructs/define-app';
import codeServer from '../fixtures/real-world/code-server/app';
import dex from '../fixtures/real-world/dex/app';
import gitea from '../fixtures/real-world/gitea/app';
import immich from '../fixtures/real-world/immich/app';
import jenkins from '../fixtures/real-world/jenkins/app';
import media from '../fixtures/real-world/media/app';
import paperless from '../fixtures/real-world/paperless/app';
import pihole from '../fixtures/real-world/pihole/app';
import { schemaValidator } from '../support/schemas';

/**
 * Each corpus app: its definition, and every deliberate difference (a convention of ours, by
 * name: see src/compare/stillon-conventions.ts) the comparison may recognise. Anything else
 * that differs fails the test; a name listed that explains nothing fails it too.
 */
const APPS: Record<string, { readonly definition: AppDefinition; readonly deliberate: readonly string[] }> = {
  'code-server': { definition: codeServer, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'dex': { definition: dex, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'StandardLabels', 'WorkloadLabels'] },
  'gitea': { definition: gitea, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'immich': { definition: immich, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels'] },
  'jenkins': { definition: jenkins, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'media': { definition: media, deliberate: ['FluxLayout', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'paperless': { definition: paperless, deliberate: ['FluxLayout', 'HostConvention', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
  'pihole': { definition: pihole, deliberate: ['FluxLayout', 'NoServiceAccountToken', 'PodSecurity', 'PvcProtection', 'StandardLabels', 'WorkloadLabels'] },
};

/**
 * Apps the typed API cannot express yet: what is missing, and why it matters. Their test asserts
 * the differences are still there (so it fails, and the entry must go, once the capability lands).
 */
const PENDING: Record<string, { readonly missing: readonly string[]; readonly reason: string }> = {
  'code-server': {
    missing: ['a second Service port to a sidecar', 'an Ingress path to another port', 'typed ingress annotations (nginx forward-auth, proxy-read-timeout)', 'a readiness probe without liveness'],
    reason: 'without forward-auth annotations the editor is served unauthenticated; without the /oauth2 path sign-in cannot complete',
  },
  'dex': {
    missing: ['ServiceAccount, Role/ClusterRole and bindings (ApiAccess)', 'the token mounted', 'a ConfigMap with literal data', 'probes on another port (telemetry)'],
    reason: 'dex keeps its state in CRDs: without its account, RBAC and token it cannot start',
  },
  'gitea': {
    missing: ['volumeClaimTemplates without added labels: StatefulApp labels its claim templates, which are immutable on a live StatefulSet', 'ingress annotations (proxy-body-size)'],
    reason: 'adopting the live postgres StatefulSet fails to apply (a template change is forbidden); pushes over 1 MiB fail at nginx',
  },
  'immich': {
    missing: ['a CronJob', 'probe timings (initialDelaySeconds)', 'ingress annotations (proxy-body-size: 0)'],
    reason: 'the nightly library scan would disappear; uploads over 1 MiB would fail at nginx',
  },
  'media': {
    missing: ['one Ingress with several hosts and several paths to several Services', 'readiness-only probes', 'nodeSelector'],
    reason: 'the apps would not be reachable under their hosts and paths, and could be scheduled away from the media disk',
  },
  'paperless': {
    missing: ['a ConfigMap from files with subPath mounts and rollout on change', 'a migration Job', 'exec and delayed probes', 'ingress annotations'],
    reason: 'paperless would start without its configuration, and migrations would not run',
  },
  'pihole': {
    missing: ['adding a capability (NET_ADMIN): SecurityOptions has no way to add one'],
    reason: 'the capability the original asked for is lost (pi-hole needs it for DHCP and some dnsmasq options)',
  },
};

const runs = new Map<string, CorpusRun>();
function run(app: string): CorpusRun {
  if (!runs.has(app)) runs.set(app, runCorpusApp(app, APPS[app].definition, APPS[app].deliberate));
  return runs.get(app)!;
}

for (const app of Object.keys(APPS).filter((a) => !PENDING[a])) {
  describe(`${app}`, () => {
    test('synthesizes and means what the original means, but for the deliberate differences named', () => {
      const r = run(app);
      expect(r.errors).toEqual([]);
      expect(r.comparison.unexplained.map(formatDifference)).toEqual([]);
      expect(r.comparison.used).toEqual([...APPS[app].deliberate].sort());
    });

  });
}

for (const app of Object.keys(PENDING)) {
  describe(`${app} (pending: ${PENDING[app].missing.join('; ')})`, () => {
    test('still differs from the original where a capability is missing', () => {
      const r = run(app);
      // Printed so that the report shows what is left; the entry in PENDING says why.
      const left = [...r.errors, ...r.comparison.unexplained.map(formatDifference)];
      expect(left.length).toBeGreaterThan(0);
    });
  });
}

for (const app of Object.keys(APPS)) {
  test(`${app}: every synthesized object validates against the Kubernetes 1.28 schemas and the CRDs`, () => {
    const r = run(app);
    expect(r.errors).toEqual([]);
    expect(r.written.length).toBeGreaterThan(0);
    const invalid = r.written.flatMap((o) => schemaValidator().validate(o).map((e) => `${o.kind}/${o.metadata?.name} ${e.path} ${e.message}`));
    expect(invalid).toEqual([]);
  });
}

test('the corpus definitions use no JSON patch and no L1 object', () => {
  const { rows, total } = escapeHatches();
  expect(rows.map((r) => r.file).sort()).toEqual(Object.keys(APPS).map((app) => `test/fixtures/real-world/${app}/app.ts`).sort());
  expect(total).toEqual({ files: Object.keys(APPS).length, jsonPatches: 0, l1Objects: 0 });
});
