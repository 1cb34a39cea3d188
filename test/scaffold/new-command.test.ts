import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { seal } from '../../src/seal';
import { REPO_ROOT, removeTempRepo, runCli, tempRepo } from '../support/temp-repo';

const TEST_CERT = join(REPO_ROOT, 'test', 'fixtures', 'sealing', 'cert.pem');

/** Type errors in one file of the copy, checked with the repository's compiler options. */
function typeErrors(root: string, file: string): string[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
  const program = ts.createProgram([join(root, file)], { ...options, noEmit: true });
  const source = program.getSourceFile(join(root, file))!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

// In a copy of the fixture repository, with names no README example uses: what a user scaffolds
// in this repository's apps/ never meets these tests.
describe('stillon new', () => {
  let root: string;
  beforeEach(() => {
    root = tempRepo();
  });
  afterEach(() => removeTempRepo(root));

  test('scaffolds an app that type-checks, synthesizes and passes the checks', () => {
    const result = runCli(root, ['new', 'scaffolded', '--image', 'nginx:1.27', '--port', '80']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created apps/scaffolded.ts\n');
    expect(result.stdout).toContain('created kustomize/scaffolded/deployment-scaffolded.yaml\n');
    expect(result.stdout).toContain('updated docs/apps.md\n');
    expect(result.stdout).toContain('One manual step left (namespaces are never managed by Flux): kubectl apply -f namespaces/scaffolded.yaml\n');
    expect(readFileSync(join(root, 'kustomize/scaffolded/ingress-scaffolded.yaml'), 'utf8')).toContain('host: scaffolded.stillon.top');
    expect(readFileSync(join(root, 'docs/apps.md'), 'utf8')).toContain('| [scaffolded](../apps/scaffolded.ts) ');
    expect(runCli(root, ['synth', '--check']).code).toBe(0);
    expect(typeErrors(root, 'apps/scaffolded.ts')).toEqual([]);
  });

  test('scaffolds an app that passes `stillon check`', () => {
    expect(runCli(root, ['new', 'scaffolded', '--image', 'nginx:1.27', '--port', '80', '--volume', '/data=1Gi']).code).toBe(0);
    const result = runCli(root, ['check']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('refuses an existing app and an invalid name, writing nothing', () => {
    const existing = runCli(root, ['new', 'bookmarks', '--image', 'nginx:1.27']);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toContain("an app named 'bookmarks' already exists");
    const invalid = runCli(root, ['new', 'My_App', '--image', 'nginx:1.27']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("fix: pick a lower-case name, e.g. 'my-app'");
    expect(existsSync(join(root, 'apps/My_App.ts'))).toBe(false);
    expect(runCli(root, ['synth', '--check']).code).toBe(0);
  });

  test('with --secret: prints the seal command; synth passes once the secret is sealed', async () => {
    const result = runCli(root, ['new', 'scaffolded-shop', '--image', 'nginx:1.27.3', '--port', '8080', '--volume', '/data=1Gi', '--secret', 'shop-env', '--host', 'store']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('synth is waiting for its sealed secret(s): sealed-secrets/scaffolded-shop/shop-env.yaml');
    expect(result.stdout).toContain('stillon seal --namespace scaffolded-shop --name shop-env --from-stdin <KEY>');
    expect(result.stdout).toContain('kubectl apply -f namespaces/scaffolded-shop.yaml');
    expect(existsSync(join(root, 'kustomize/scaffolded-shop'))).toBe(false);
    expect(typeErrors(root, 'apps/scaffolded-shop.ts')).toEqual([]);

    await seal({ repoRoot: root, certificate: TEST_CERT, namespace: 'scaffolded-shop', name: 'shop-env', values: { API_TOKEN: 'not-a-real-token' } });
    const synth = runCli(root, ['synth']);
    expect(synth.stderr).toBe('');
    expect(synth.code).toBe(0);
    expect(readFileSync(join(root, 'kustomize/scaffolded-shop/ingress-scaffolded-shop.yaml'), 'utf8')).toContain('host: store.stillon.top');
    expect(readFileSync(join(root, 'docs/apps.md'), 'utf8')).toContain('shop-env: API_TOKEN');
  });

  test('removes the app file again when synth fails', () => {
    // The fixture's bookmarks app already serves bookmarks.stillon.top: the new one would be a duplicate host.
    const result = runCli(root, ['new', 'scaffolded-copy', '--image', 'nginx:1.27.3', '--port', '80', '--host', 'bookmarks']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DuplicateHost');
    expect(result.stderr).toContain('apps/scaffolded-copy.ts was removed again and nothing was written');
    expect(existsSync(join(root, 'apps/scaffolded-copy.ts'))).toBe(false);
  });

  test('prints its usage and fails without an app name', () => {
    expect(runCli(root, ['new', '--help']).stdout).toContain('Usage: stillon new <app> --image <image>');
    const missing = runCli(root, ['new', '--image', 'nginx:1.27']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing the app name');
  });
});
