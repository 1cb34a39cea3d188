import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCommand } from '../../src/cli/init-command';
import { BufferIo } from '../../src/cli/io';
import { REPO_ROOT, readTree } from '../support/temp-repo';

/** Everything init writes itself (synth's output comes on top when the library is installed). */
const INIT_FILES = [
  'package.json', 'tsconfig.json', 'stillon.config.ts', 'apps/hello.ts', 'test/apps/hello.test.ts',
  'clusters/my-cluster/stillon-apps.yaml', '.githooks/pre-commit', '.github/workflows/ci.yaml', '.gitignore', 'README.md',
];

const CACHE = mkdtempSync(join(tmpdir(), 'stillon-init-cache-'));
afterAll(() => rmSync(CACHE, { recursive: true, force: true }));

async function init(dir: string, args: string[] = []): Promise<{ code: number; io: BufferIo }> {
  const io = new BufferIo(dir);
  return { code: await initCommand(args, io), io };
}

/** `stillon init` as a process in `dir`, from this checkout's bin. */
function initProcess(dir: string, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'stillon.js'), 'init', ...args], {
    cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, STILLON_CACHE_DIR: CACHE },
  });
  if (result.error) throw result.error;
  return result;
}

/** node_modules/stillon-gitops in `dir`, standing in for the installed package: this checkout's src/. */
function installLibrary(dir: string, index = `module.exports = require(${JSON.stringify(join(REPO_ROOT, 'src', 'index.ts'))});\n`): void {
  const pkg = join(dir, 'node_modules', 'stillon-gitops');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{ "name": "stillon-gitops", "main": "index.js" }\n');
  writeFileSync(join(pkg, 'index.js'), index);
}

const reported = (stdout: string) => [...stdout.matchAll(/^(?:created|updated) (\S+)$/gm)].map((m) => m[1]);

describe('stillon init', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'stillon-init-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('writes a complete repository into an empty folder and lists every file', async () => {
    const { code, io } = await init(root);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(reported(io.stdout)).toEqual(INIT_FILES);
    expect([...readTree(root).keys()].sort()).toEqual([...INIT_FILES].sort());
    expect((statSync(join(root, '.githooks/pre-commit')).mode % 0o1000).toString(8)).toBe('755');
    // The library is not installed here: synth is a next step, not done.
    expect(io.stdout).toMatch(/^ {2}npm install\n {2}npm run synth$/m);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual(expect.objectContaining({ synth: 'stillon synth', check: 'stillon check', test: 'tsc && jest' }));
    expect(Object.keys(pkg.dependencies)).toEqual(['cdk8s', 'cdk8s-plus-28', 'constructs', 'stillon-gitops']);
    expect(readFileSync(join(root, 'apps/hello.ts'), 'utf8')).toMatch(/^import \{ StandardApp, defineApp \} from 'stillon-gitops';$/m);
    expect(readFileSync(join(root, 'test/apps/hello.test.ts'), 'utf8')).toBe([
      "import { Testing } from 'stillon-gitops';",
      "import app from '../../apps/hello';",
      '',
      "test('hello', () => expect(Testing.synth(app)).toMatchSnapshot());",
      '',
    ].join('\n'));
  });

  test('takes domain, issuer and ingress from the flags and says which ingress it chose', async () => {
    const defaults = await init(root);
    expect(defaults.io.stdout).toMatch(/^ {2}ingress: traefik \(the controller k3s ships with, the default; pass --ingress nginx/m);
    expect(readFileSync(join(root, 'stillon.config.ts'), 'utf8')).toContain('ingress: IngressProfile.TRAEFIK,');

    const other = mkdtempSync(join(tmpdir(), 'stillon-init-'));
    try {
      const { code, io } = await init(other, ['--domain', 'home.example.net', '--issuer', 'le-staging', '--ingress', 'nginx']);
      expect(code).toBe(0);
      expect(io.stdout).toMatch(/^ {2}ingress: nginx \(ingress-nginx, from the command line\)$/m);
      const config = readFileSync(join(other, 'stillon.config.ts'), 'utf8');
      expect(config).toContain("domain: 'home.example.net',");
      expect(config).toContain("clusterIssuer: 'le-staging',");
      expect(config).toContain('ingress: IngressProfile.NGINX,');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('the README and the root Kustomization wire Flux to apps/kustomization.yaml', async () => {
    await init(root, ['--cluster', 'home']);
    const rootKustomization = readFileSync(join(root, 'clusters/home/stillon-apps.yaml'), 'utf8');
    expect(rootKustomization).toMatch(/^kind: Kustomization$/m);
    expect(rootKustomization).toMatch(/^ {2}path: \.\/apps$/m);
    expect(rootKustomization).toMatch(/^ {4}name: flux-system$/m);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('--path=clusters/home');
    expect(readme).toContain('clusters/home/stillon-apps.yaml');
    expect(readme).toContain('apps/kustomization.yaml');
  });

  test('merges a package.json npm wrote, keeping its dependencies', async () => {
    const before = { dependencies: { 'stillon-gitops': 'file:../stillon-gitops-0.1.0.tgz', 'cdk8s': '^2.70.0' }, scripts: { test: 'echo "Error: no test specified" && exit 1' } };
    writeFileSync(join(root, 'package.json'), JSON.stringify(before));
    const { code, io } = await init(root);
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/^updated package\.json$/m);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies).toEqual(expect.objectContaining({ 'stillon-gitops': 'file:../stillon-gitops-0.1.0.tgz', 'cdk8s': '^2.70.0', 'constructs': expect.any(String) }));
    expect(pkg.scripts.test).toBe('tsc && jest');
    expect(pkg.devDependencies).toEqual(expect.objectContaining({ 'jest': expect.any(String), 'ts-jest': expect.any(String), 'typescript': expect.any(String) }));
  });

  test('fails when any file is in the way: lists them all, writes nothing', async () => {
    writeFileSync(join(root, 'README.md'), '# mine\n');
    mkdirSync(join(root, '.github/workflows'), { recursive: true });
    writeFileSync(join(root, '.github/workflows/ci.yaml'), 'name: mine\n');
    const before = readTree(root);
    const { code, io } = await init(root);
    expect(code).toBe(1);
    expect(io.stderr).toContain('refused, nothing was written');
    expect(io.stderr).toMatch(/^ {4}\.github\/workflows\/ci\.yaml exists$/m);
    expect(io.stderr).toMatch(/^ {4}README\.md exists$/m);
    expect(io.stdout).toBe('');
    expect(readTree(root)).toEqual(before);
  });

  test('fails in a repository whose apps/ holds hand-written manifests, touching none', async () => {
    mkdirSync(join(root, 'apps'));
    writeFileSync(join(root, 'apps/podinfo.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n');
    const before = readTree(root);
    const { code, io } = await init(root);
    expect(code).toBe(1);
    expect(io.stderr).toMatch(/apps\/ holds files of its own \(podinfo\.yaml\): synth would add apps\/kustomization\.yaml/);
    expect(readTree(root)).toEqual(before);
  });

  test('fails on a package.json whose test script is the user\'s own, changing nothing', async () => {
    writeFileSync(join(root, 'package.json'), '{ "scripts": { "test": "mocha" } }\n');
    const before = readTree(root);
    const { code, io } = await init(root);
    expect(code).toBe(1);
    expect(io.stderr).toContain('package.json: scripts.test is "mocha" (init would write "tsc && jest")');
    expect(readTree(root)).toEqual(before);
  });

  test.each([
    [['--domain', 'not a domain'], '--domain'],
    [['--domain', 'localhost'], '--domain'],
    [['--ingress', 'haproxy'], 'traefik'],
    [['--issuer', 'Lets Encrypt'], '--issuer'],
    [['--cluster', 'My_Cluster'], '--cluster'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['a', 'b'], 'at most one folder'],
  ])('fails with usage exit 2 on %j, writing nothing', async (args, message) => {
    const { code, io } = await init(root, args);
    expect(code).toBe(2);
    expect(io.stderr).toContain(message);
    expect(readTree(root).size).toBe(0);
  });

  test('creates the folder it is given', async () => {
    const { code, io } = await init(root, ['gitops']);
    expect(code).toBe(0);
    expect(existsSync(join(root, 'gitops', 'stillon.config.ts'))).toBe(true);
    expect(io.stdout).toMatch(/^ {2}cd gitops$/m);
  });

  test('with the library installed, synthesizes the example app: check and synth --check pass', () => {
    installLibrary(root);
    const result = initProcess(root);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const files = reported(result.stdout);
    expect(files).toEqual([...INIT_FILES, ...files.slice(INIT_FILES.length)]);
    expect(files).toEqual(expect.arrayContaining(['apps/kustomization.yaml', 'apps/hello.yaml', 'kustomize/hello/deployment-hello.yaml', 'namespaces/hello.yaml', 'docs/apps.md']));
    expect([...readTree(root).keys()].sort()).toEqual([...files].sort());
    expect(readFileSync(join(root, 'kustomize/hello/ingress-hello.yaml'), 'utf8')).toContain('host: hello.example.org');
    const bin = join(REPO_ROOT, 'bin', 'stillon.js');
    const env = { ...process.env, STILLON_CACHE_DIR: CACHE };
    const synthCheck = spawnSync(process.execPath, [bin, 'synth', '--check'], { cwd: root, encoding: 'utf8', env });
    expect(synthCheck.status).toBe(0);
    // The root Kustomization is a Flux Kustomization too: check builds it and every app.
    const check = spawnSync(process.execPath, [bin, 'check'], { cwd: root, encoding: 'utf8', env });
    expect(check.stdout).toMatch(/2 app\(s\)/);
    expect(check.status).toBe(0);
  });

  test('fails when synth fails, taking back every file it wrote and the package.json it merged', () => {
    installLibrary(root, "throw new Error('broken install');\n");
    writeFileSync(join(root, 'package.json'), '{ "dependencies": { "stillon-gitops": "^0.1.0" } }\n');
    const before = readTree(root);
    const result = initProcess(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('broken install');
    expect(result.stderr).toContain('every file init wrote was removed again and nothing was written');
    expect(readTree(root)).toEqual(before);
    expect(existsSync(join(root, 'apps'))).toBe(false);
  });
});
