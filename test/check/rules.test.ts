import { checkFixture, findings } from './fixtures';
import { STILLON_PROFILE } from '../../src/conventions';
import { runRules, unexpectedHost } from '../../src/policy';

/**
 * One fixture repository per rule (test/fixtures/check/rules/<rule>): every app named `fires*`
 * must trigger the rule, every app named `quiet*` is a near miss that must not.
 */
const CASES: Array<{ fixture: string; code: string; fires: Record<string, RegExp>; quiet: string[] }> = [
  { fixture: 'pvc-not-protected', code: 'PvcNotProtected', fires: { fires: /finalizer alone does not stop a Flux prune.*Delete reclaim policy/ }, quiet: ['quiet'] },
  { fixture: 'namespace-in-flux', code: 'NamespaceInFlux', fires: { fires: /Namespace\/fires is in a Flux-managed build/ }, quiet: ['quiet'] },
  { fixture: 'plain-secret', code: 'PlainSecret', fires: { fires: /Secret\/db has plaintext data \(keys: password\)/ }, quiet: ['quiet'] },
  { fixture: 'ingress-without-tls', code: 'IngressWithoutTls', fires: { 'fires': /serves fires.example.test without a tls entry/, 'fires-issuer': /no cert-manager issuer annotation/ }, quiet: ['quiet'] },
  { fixture: 'foreign-host', code: 'ForeignHost', fires: { fires: /serves fires.elsewhere.test, which is outside example.test/ }, quiet: ['quiet'] },
  { fixture: 'unexpected-host', code: 'UnexpectedHost', fires: { fires: /app 'fires' serves other.example.test, expected fires.example.test/ }, quiet: ['quiet'] },
  { fixture: 'deprecated-ingress-class', code: 'DeprecatedIngressClass', fires: { fires: /only with the deprecated annotation kubernetes.io\/ingress.class: nginx/ }, quiet: ['quiet'] },
  { fixture: 'duplicate-host', code: 'DuplicateHost', fires: { 'shop/staging': /shop.example.test is claimed by shop\/production .*shop\/staging/, 'shop/production': /shop.example.test/ }, quiet: ['quiet'] },
  { fixture: 'secret-env-literal', code: 'SecretEnvLiteral', fires: { fires: /env DB_PASSWORD .* has a literal value in plain text/ }, quiet: ['quiet'] },
  { fixture: 'secret-in-config-map', code: 'SecretInConfigMap', fires: { fires: /key 'SMTP_PASSWORD' of ConfigMap\/fires holds a literal value/ }, quiet: ['quiet'] },
  { fixture: 'missing-reference', code: 'MissingReference', fires: { fires: /reads Secret\/nowhere-db \(env DB_PASSWORD of container 'fires'\), which nothing in app 'fires' provides/ }, quiet: ['quiet'] },
  { fixture: 'floating-image-tag', code: 'FloatingImageTag', fires: { fires: /uses no tag \(nginx\)/ }, quiet: ['quiet'] },
  { fixture: 'sealed-secret-mismatch', code: 'SealedSecretMismatch', fires: { fires: /metadata.name 'renamed' but spec.template.metadata.name 'original'/ }, quiet: ['quiet'] },
];

describe.each(CASES)('$code', ({ fixture, code, fires, quiet }) => {
  const result = checkFixture(`rules/${fixture}`, { rules: [code] });

  test.each(Object.entries(fires))('fails in app %s', (app, message) => {
    const found = findings(result, code, app);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test.each(quiet)('stays quiet in the near miss %s', (app) => {
    expect(findings(result, code, app)).toEqual([]);
  });

  test('names the file and line of each object', () => {
    for (const v of findings(result, code)) expect(v.path).toMatch(/\.yaml:\d+$/);
  });
});

describe('details of the new rules', () => {
  test('SecretEnvLiteral finds a password inside a URL, whatever the variable is called', () => {
    const messages = findings(checkFixture('rules/secret-env-literal'), 'SecretEnvLiteral', 'fires').map((v) => v.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/env DATABASE_URL .* has a URL with a password/)]));
  });

  test('SecretInConfigMap reads file contents: assignments and session cookies', () => {
    const messages = findings(checkFixture('rules/secret-in-config-map'), 'SecretInConfigMap', 'fires').map((v) => v.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/key 'app.ini' .* a value for 'password'/),
      expect.stringMatching(/key 'cookies.txt' .* a session cookie/),
    ]));
  });

  test('MissingReference covers envFrom, claims and imagePullSecrets; providedOutOfBand and optional references count as provided', () => {
    const result = checkFixture('rules/missing-reference');
    const messages = findings(result, 'MissingReference', 'fires').map((v) => v.message);
    expect(messages).toHaveLength(4);
    expect(messages.join('\n')).toMatch(/ConfigMap\/nowhere-config \(envFrom/);
    expect(messages.join('\n')).toMatch(/PersistentVolumeClaim\/nowhere-data \(volume 'data'\)/);
    expect(messages.join('\n')).toMatch(/Secret\/nowhere-pull \(imagePullSecrets\)/);
  });

  test('FloatingImageTag tells a registry port from a tag', () => {
    const messages = findings(checkFixture('rules/floating-image-tag'), 'FloatingImageTag', 'fires').map((v) => v.message);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/'local' .* no tag \(localhost:5000\/tools\)/),
      expect.stringMatching(/'sidecar' .* floating tag 'latest'/),
    ]));
  });

  test('SealedSecretMismatch reports conflicting scope annotations', () => {
    const messages = findings(checkFixture('rules/sealed-secret-mismatch'), 'SealedSecretMismatch', 'fires').map((v) => v.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/SealedSecret\/both is annotated both namespace-wide and cluster-wide/)]));
  });

  test('DuplicateHost does not count one Ingress naming its host twice', () => {
    expect(findings(checkFixture('rules/duplicate-host'), 'DuplicateHost', 'quiet')).toEqual([]);
  });

  test('check-only rules do not run on synth output', () => {
    const ingress = {
      app: 'reader',
      source: 'reader/web',
      fluxManaged: true,
      manifest: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'reader' }, spec: { rules: [{ host: 'rss.stillon.top' }] } },
    };
    expect(runRules([ingress], { conventions: STILLON_PROFILE }, [unexpectedHost])).toEqual([]);
    expect(runRules([ingress], { conventions: STILLON_PROFILE, mode: 'check' }, [unexpectedHost])).toEqual([
      expect.objectContaining({ code: 'UnexpectedHost', message: expect.stringMatching(/serves rss.stillon.top, expected reader.stillon.top/) }),
    ]);
  });
});
