import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STILLON_PROFILE, resolveConventions } from '../../src/conventions';
import { appSource, planScaffold } from '../../src/scaffold';
import { removeTempRepo, runCli, tempRepo } from '../support/temp-repo';

const plan = (request: Partial<Parameters<typeof planScaffold>[0]>, existing: string[] = ['bookmarks']) =>
  planScaffold({ name: 'demo', image: 'nginx:1.27', ...request }, STILLON_PROFILE, existing);

describe('appSource', () => {
  test('leaves a security hint that, uncommented, synthesizes an app running as root', () => {
    const repo = tempRepo();
    try {
      const source = appSource(plan({ port: '80' })).replace('// security:', 'security:');
      writeFileSync(join(repo, 'apps/demo.ts'), source);
      const result = runCli(repo, ['synth', '--app', 'demo']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const deployment = readFileSync(join(repo, 'kustomize/demo/deployment-demo.yaml'), 'utf8');
      expect(deployment).toContain('runAsNonRoot: false');
      expect(deployment).toContain('readOnlyRootFilesystem: false');
    } finally {
      removeTempRepo(repo);
    }
  });

  test('writes the smallest app like the example apps', () => {
    expect(appSource(plan({ port: '80' }))).toBe([
      "import { StandardApp, defineApp } from '../src';",
      '',
      "export default defineApp('demo', (app) => {",
      "  new StandardApp(app, 'demo', {",
      "    image: 'nginx:1.27',",
      '    port: 80,',
      '    // The container runs as non-root with a read-only root filesystem (and a writable /tmp).',
      '    // For an image that needs root or writes elsewhere, uncomment the next line:',
      '    // security: { runAsRoot: true, writableRootFilesystem: true },',
      '  });',
      '});',
      '',
    ].join('\n'));
  });

  test('mounts a ProtectedPvc per volume, named after the last path segment', () => {
    const source = appSource(plan({ port: '80', volumes: ['/usr/share/nginx/html=1Gi', '/var/data=512Mi', '/srv/data=2Gi'] }));
    expect(source).toContain("import { ProtectedPvc, StandardApp, defineApp } from '../src';");
    expect(source).toContain("  web.mount('/usr/share/nginx/html', new ProtectedPvc(app, 'html', { size: '1Gi' }));");
    expect(source).toContain("  web.mount('/var/data', new ProtectedPvc(app, 'data', { size: '512Mi' }));");
    expect(source).toContain("  web.mount('/srv/data', new ProtectedPvc(app, 'data-2', { size: '2Gi' }));");
  });

  test('reads every key of each sealed secret through SealedSecretRef, and says how to seal it', () => {
    const source = appSource(plan({ port: '80', secrets: ['demo-env', 'demo.smtp'] }));
    expect(source).toContain("  const demoEnvSecret = new SealedSecretRef(app, 'demo-env');\n  web.envFrom(demoEnvSecret);");
    expect(source).toContain("  const demoSmtpSecret = new SealedSecretRef(app, 'demo.smtp');");
    expect(source).toContain('stillon seal --namespace demo --name demo-env --from-stdin <KEY>');
  });

  test('turns --no-ingress into expose: false, --host into a subdomain, and quotes the description', () => {
    expect(appSource(plan({ port: '80', noIngress: true }))).toContain('    expose: false,');
    expect(appSource(plan({ port: '80', host: 'www.stillon.top' }))).toContain("    ingress: { subdomain: 'www' },");
    expect(appSource(plan({ port: '80', host: 'www' }))).toContain("    ingress: { subdomain: 'www' },");
    expect(appSource(plan({ port: '80', host: 'demo.stillon.top' }))).not.toContain('ingress:');
    expect(appSource(plan({ description: "Bob's \\ app" }))).toContain("defineApp('demo', { description: 'Bob\\'s \\\\ app' }, (app) => {");
  });

  test('allows a foreign host only when the conventions allow it', () => {
    const conventions = resolveConventions({ allowedForeignHosts: ['demo.example.org'] });
    const spec = planScaffold({ name: 'demo', image: 'nginx:1.27', port: 80, host: 'demo.example.org' }, conventions, []);
    expect(appSource(spec)).toContain("    ingress: { host: 'demo.example.org' },");
  });
});

describe('planScaffold', () => {
  test.each(['Demo', 'my_app', '-demo', 'demo-', 'a'.repeat(64), ''])('fails on the invalid name %p', (name) => {
    expect(() => plan({ name })).toThrow(/ScaffoldInvalid: .* is not a DNS-1123 label/);
  });

  test('fails on a name whose Flux file would replace apps/kustomization.yaml', () => {
    expect(() => plan({ name: 'kustomization' })).toThrow(/ScaffoldInvalid: 'kustomization' is reserved/);
  });

  test('fails on an existing app', () => {
    expect(() => plan({ name: 'bookmarks' })).toThrow(/AppExists: an app named 'bookmarks' already exists; fix: edit apps\/bookmarks.ts/);
  });

  test.each([
    [{ image: undefined }, /an image is required/],
    [{ image: 'nginx 1.27' }, /is not an image reference/],
    [{ port: '0' }, /port must be a whole number from 1 to 65535, got '0'/],
    [{ port: '80a' }, /got '80a'/],
    [{ volumes: ['data=1Gi'] }, /expected <absolute path>=<size>, got 'data=1Gi'/],
    [{ volumes: ['/data'] }, /expected <absolute path>=<size>/],
    [{ volumes: ['/data=1GB'] }, /InvalidSize/],
    [{ volumes: ['/data=1Gi', '/data=2Gi'] }, /\/data is given twice/],
    [{ secrets: ['Demo_Env'] }, /'Demo_Env' is not a valid Secret name/],
    [{ port: '80', host: 'demo.example.org' }, /demo.example.org is outside stillon.top/],
    [{ host: 'www' }, /an Ingress needs a port/],
    [{ port: '80', host: 'www', noIngress: true }, /--host and --no-ingress contradict each other/],
  ])('fails on %p', (request, message) => {
    expect(() => plan(request as any)).toThrow(message);
  });
});
