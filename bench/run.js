#!/usr/bin/env node
// The synth benchmark (issue #5): `npm run bench [-- --n 1,10,100,500 --runs 5 --baseline-runs 5 --baseline-runs-large 3]`.
//
// For each N it generates N linkding-like apps (Deployment, Service, Ingress, ProtectedPvc,
// SealedSecretRef, Flux Kustomization) in a temporary copy of this repository, and the same N apps
// as plain cdk8s-plus charts in a stock cdk8s project (what `cdk8s init typescript-app` writes:
// cdk8s.yaml with `app: npx ts-node main.ts`, its tsconfig, `npm run synth` = `cdk8s synth`).
// It measures wall time, CPU time (user + sys of the whole process tree) and peak RSS (of the
// largest process) with GNU time, takes the median of the runs after one warm-up, and writes the
// table to bench/results.md. Runs of the five cases are interleaved so that a change in machine
// load affects them alike. Not part of `npm test`: it takes minutes and asserts nothing.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const TIME = '/usr/bin/time';

function parseOptions(argv) {
  const o = { n: [1, 10, 100, 500], runs: 5, baselineRuns: 5, baselineRunsLarge: 3, largeFrom: 500, out: path.join(__dirname, 'results.md'), keep: false, noBaseline: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--n') o.n = value.split(',').map(Number), i++;
    else if (flag === '--runs') o.runs = Number(value), i++;
    else if (flag === '--baseline-runs') o.baselineRuns = Number(value), i++;
    else if (flag === '--baseline-runs-large') o.baselineRunsLarge = Number(value), i++;
    else if (flag === '--out') o.out = path.resolve(value), i++;
    else if (flag === '--keep') o.keep = true;
    else if (flag === '--no-baseline') o.noBaseline = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Generated apps

const appName = (i) => `app-${String(i).padStart(4, '0')}`;
const className = (i) => `App${String(i).padStart(4, '0')}`;
const image = (i) => `sissbruecker/linkding:1.36.${i}`;

function stillonApp(i) {
  const name = appName(i);
  return `import { ProtectedPvc, SealedSecretRef, StandardApp, defineApp } from '../src';

export default defineApp('${name}', { description: 'Bookmark manager ${i}' }, (app) => {
  const web = new StandardApp(app, '${name}', {
    image: '${image(i)}',
    port: 9090,
    security: { runAsRoot: true, writableRootFilesystem: true },
  });
  web.mount('/etc/linkding/data', new ProtectedPvc(app, 'data', { size: '1Gi' }));
  const superuser = new SealedSecretRef(app, '${name}-superuser');
  web.env('LD_SUPERUSER_NAME', 'admin');
  web.env('LD_SUPERUSER_PASSWORD', superuser.key('LD_SUPERUSER_PASSWORD'));
});
`;
}

/** The same app in plain cdk8s-plus: one Chart, the SealedSecret and Flux Kustomization as ApiObjects. */
function stockApp(i, ciphertext) {
  const name = appName(i);
  return `import { Construct } from 'constructs';
import { ApiObject, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

export class ${className(i)} extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: '${name}', labels: { 'app.kubernetes.io/name': '${name}', 'app.kubernetes.io/managed-by': 'cdk8s' } });
    const host = '${name}.stillon.top';
    const data = new kplus.PersistentVolumeClaim(this, 'data', {
      metadata: { name: '${name}-data', annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } },
      storage: Size.gibibytes(1),
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
    });
    const secret = kplus.Secret.fromSecretName(this, 'superuser', '${name}-superuser');
    const web = new kplus.Deployment(this, 'web', {
      metadata: { name: '${name}', annotations: { 'stillon.top/description': 'Bookmark manager ${i}' } },
      replicas: 1,
      strategy: kplus.DeploymentStrategy.recreate(),
      securityContext: { ensureNonRoot: false },
      containers: [{
        name: '${name}',
        image: '${image(i)}',
        portNumber: 9090,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
        resources: {
          cpu: { request: kplus.Cpu.millis(50) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
        },
        envVariables: {
          LD_SUPERUSER_NAME: kplus.EnvValue.fromValue('admin'),
          LD_SUPERUSER_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'LD_SUPERUSER_PASSWORD' }),
        },
      }],
    });
    web.containers[0].mount('/etc/linkding/data', kplus.Volume.fromPersistentVolumeClaim(this, 'data-volume', data));
    const service = web.exposeViaService({ name: '${name}', ports: [{ port: 80, targetPort: 9090 }] });
    new kplus.Ingress(this, 'ingress', {
      metadata: { name: '${name}', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } },
      className: 'nginx',
      rules: [{ host, path: '/', pathType: kplus.HttpIngressPathType.PREFIX, backend: kplus.IngressBackend.fromService(service) }],
      tls: [{ hosts: [host], secret: kplus.Secret.fromSecretName(this, 'tls', '${name}-tls') }],
    });
    new ApiObject(this, 'sealed', {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: '${name}-superuser', namespace: '${name}' },
      spec: {
        encryptedData: { LD_SUPERUSER_PASSWORD: '${ciphertext}' },
        template: { metadata: { name: '${name}-superuser', namespace: '${name}' }, type: 'Opaque' },
      },
    });
    new ApiObject(this, 'flux', {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: '${name}', namespace: 'flux-system' },
      spec: {
        interval: '10m0s', path: './kustomize/${name}', prune: true, targetNamespace: '${name}',
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      },
    });
  }
}
`;
}

/** Seals one secret per app with the real sealing library, once for the largest N. */
async function sealAll(dir, count) {
  require('../bin/ts-loader').register();
  const { seal } = require('../src/seal');
  const certificate = path.join(REPO, 'test/fixtures/sealing/cert.pem');
  for (let i = 1; i <= count; i++) {
    const name = appName(i);
    await seal({ repoRoot: dir, certificate, namespace: name, name: `${name}-superuser`, values: { LD_SUPERUSER_PASSWORD: `password-${i}` } });
  }
}

/** A copy of the repository (sources, not output or caches) with N generated apps. */
function stillonRepo(dir, n, sealedDir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const entry of ['bin', 'src', 'imports', 'package.json', 'tsconfig.json', 'stillon.config.ts', '.npmrc']) {
    if (fs.existsSync(path.join(REPO, entry))) fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'apps'));
  for (let i = 1; i <= n; i++) {
    fs.writeFileSync(path.join(dir, 'apps', `${appName(i)}.ts`), stillonApp(i));
    fs.cpSync(path.join(sealedDir, 'sealed-secrets', appName(i)), path.join(dir, 'sealed-secrets', appName(i)), { recursive: true });
  }
}

/** The stock project, as `cdk8s init typescript-app` sets it up (template files written here; no npm install). */
function stockRepo(dir, n, sealedDir) {
  const template = path.join(REPO, 'node_modules/cdk8s-cli/templates/typescript-app');
  fs.mkdirSync(path.join(dir, 'apps'), { recursive: true });
  fs.copyFileSync(path.join(template, 'cdk8s.yaml'), path.join(dir, 'cdk8s.yaml'));
  fs.copyFileSync(path.join(template, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  const pkg = JSON.parse(fs.readFileSync(path.join(template, 'package.json'), 'utf8'));
  pkg.name = 'stock';
  pkg.dependencies = { 'cdk8s': '*', 'cdk8s-plus-28': '*', 'constructs': '*' }; // from the symlinked node_modules
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  const imports = [];
  const charts = [];
  for (let i = 1; i <= n; i++) {
    const sealed = fs.readFileSync(path.join(sealedDir, 'sealed-secrets', appName(i), `${appName(i)}-superuser.yaml`), 'utf8');
    const ciphertext = /LD_SUPERUSER_PASSWORD: (\S+)/.exec(sealed)[1];
    fs.writeFileSync(path.join(dir, 'apps', `${appName(i)}.ts`), stockApp(i, ciphertext));
    imports.push(`import { ${className(i)} } from './apps/${appName(i)}';`);
    charts.push(`new ${className(i)}(app, '${appName(i)}');`);
  }
  fs.writeFileSync(path.join(dir, 'main.ts'), `import { App } from 'cdk8s';\n${imports.join('\n')}\n\nconst app = new App();\n${charts.join('\n')}\napp.synth();\n`);
}

function git(dir, ...args) {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Runs a command under GNU time: wall s, CPU s (user+sys of the tree), peak RSS MB (largest process). */
function measure(cwd, command, args, { env = {}, expectExit = 0 } = {}) {
  const out = path.join(os.tmpdir(), `stillon-bench-time-${process.pid}`);
  const r = spawnSync(TIME, ['-o', out, '-f', '%e %U %S %M', command, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, user, sys, rssKb] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  if (r.status !== expectExit) {
    throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${r.status} (expected ${expectExit})\n${r.stdout}\n${r.stderr}`);
  }
  return { wall, cpu: user + sys, rss: rssKb / 1024, stdout: r.stdout };
}

const OUTPUT = ['kustomize', 'namespaces'];
function removeOutput(dir) {
  for (const d of OUTPUT) fs.rmSync(path.join(dir, d), { recursive: true, force: true });
  for (const f of fs.readdirSync(path.join(dir, 'apps'))) if (f.endsWith('.yaml')) fs.rmSync(path.join(dir, 'apps', f));
}

/** Every output file and its mtime, to prove that a no-change run wrote nothing. */
function outputStamp(dir) {
  const files = [];
  const walk = (d) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.yaml')) files.push(`${p} ${fs.statSync(p).mtimeMs}`);
    }
  };
  for (const d of [...OUTPUT, 'apps']) walk(path.join(dir, d));
  return files.sort().join('\n');
}

const CASES = {
  stock: 'stock `cdk8s synth` (ts-node)',
  cold: 'a. `npm run synth`, cold (no cache, no output)',
  warm: 'b. `npm run synth`, warm cache (all files written)',
  nochange: 'c. `npm run synth`, nothing changed (no file written)',
  check: 'd. `npm run synth -- --check`',
};

function runCase(kind, ctx) {
  const { dir, stockDir, n } = ctx;
  switch (kind) {
    case 'stock':
      fs.rmSync(path.join(stockDir, 'dist'), { recursive: true, force: true });
      // No upgrade check: it asks registry.npmjs.org at most every 30 minutes; the run stays offline.
      return measure(stockDir, 'npm', ['run', 'synth'], { env: { CDK8S_CHECK_UPGRADE: 'false' } });
    case 'cold':
      fs.rmSync(path.join(dir, '.stillon-cache'), { recursive: true, force: true });
      removeOutput(dir);
      return measure(dir, 'npm', ['run', 'synth']);
    case 'warm':
      removeOutput(dir);
      return measure(dir, 'npm', ['run', 'synth']);
    case 'nochange': {
      const before = outputStamp(dir);
      const m = measure(dir, 'npm', ['run', 'synth']);
      if (outputStamp(dir) !== before || !m.stdout.includes(' 0 created, 0 updated, 0 deleted')) throw new Error(`the no-change synth of ${n} apps wrote files:\n${m.stdout}`);
      return m;
    }
    case 'check': {
      const m = measure(dir, 'npm', ['run', 'synth', '--', '--check']);
      if (!m.stdout.includes('up to date')) throw new Error(`synth --check of ${n} apps: ${m.stdout}`);
      return m;
    }
  }
  throw new Error(kind);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function load() {
  return os.loadavg().map((l) => l.toFixed(2)).join(', ');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const o = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stillon-bench-'));
  const sealedDir = path.join(work, 'sealed');
  const started = new Date();
  const loadBefore = load();
  console.error(`bench: work dir ${work}; load average ${loadBefore}`);
  await sealAll(sealedDir, Math.max(...o.n));

  const results = {}; // n → case → [{wall,cpu,rss}]
  const runsOf = {};
  for (const n of o.n) {
    const dir = path.join(work, `stillon-${n}`);
    const stockDir = path.join(work, `stock-${n}`);
    stillonRepo(dir, n, sealedDir);
    const kinds = o.noBaseline ? ['cold', 'warm', 'nochange', 'check'] : ['stock', 'cold', 'warm', 'nochange', 'check'];
    if (!o.noBaseline) stockRepo(stockDir, n, sealedDir);
    const ctx = { dir, stockDir, n };
    results[n] = Object.fromEntries(kinds.map((k) => [k, []]));
    runsOf[n] = { ours: o.runs, stock: n >= o.largeFrom ? o.baselineRunsLarge : o.baselineRuns };
    // Warm-up: fills the page cache, our transpile cache and the output.
    for (const k of kinds) runCase(k, ctx);
    for (let r = 0; r < Math.max(runsOf[n].ours, runsOf[n].stock); r++) {
      for (const k of kinds) {
        if (r >= (k === 'stock' ? runsOf[n].stock : runsOf[n].ours)) continue;
        const m = runCase(k, ctx);
        results[n][k].push(m);
        console.error(`bench: N=${n} ${k.padEnd(8)} run ${r + 1}: ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU, ${m.rss.toFixed(0)} MB`);
      }
    }
    if (!o.keep) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(stockDir, { recursive: true, force: true });
    }
  }
  const loadAfter = load();
  const report = formatReport(o, results, runsOf, { started, loadBefore, loadAfter });
  fs.writeFileSync(o.out, report);
  process.stdout.write(report);
  if (!o.keep) fs.rmSync(work, { recursive: true, force: true });
}

function formatReport(o, results, runsOf, { started, loadBefore, loadAfter }) {
  const med = (n, k, f) => median(results[n][k].map((m) => m[f]));
  const fmt = (s) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
  const lines = [];
  const cpus = os.cpus();
  const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  lines.push(`# Synth benchmark`, '');
  lines.push(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism?.() ?? cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}; node ${process.version}, npm ${npmVersion}.`);
  lines.push(`Run ${started.toISOString()}; load average (1, 5, 15 min) before ${loadBefore}, after ${loadAfter}.`);
  lines.push('');
  lines.push(`Median of ${o.runs} runs after one warm-up (stock baseline: ${o.baselineRuns} runs, ${o.baselineRunsLarge} at N ≥ ${o.largeFrom}); every command is \`npm run synth\` as a user types it, measured with GNU time: wall time, CPU (user + sys of the whole process tree), peak RSS of the largest process. ×: how many times faster than stock.`);
  lines.push('');
  const kinds = Object.keys(results[o.n[0]]);
  const hasStock = kinds.includes('stock');
  lines.push(`| N | case | wall s | CPU s | peak RSS MB | × stock (wall) |`);
  lines.push('| ---: | --- | ---: | ---: | ---: | ---: |');
  for (const n of o.n) {
    for (const k of kinds) {
      const wall = med(n, k, 'wall');
      const ratio = hasStock && k !== 'stock' ? `${(med(n, 'stock', 'wall') / wall).toFixed(1)}×` : '';
      lines.push(`| ${n} | ${CASES[k]} | ${fmt(wall)} | ${fmt(med(n, k, 'cpu'))} | ${med(n, k, 'rss').toFixed(0)} | ${ratio} |`);
    }
  }
  lines.push('');
  if (o.n.length > 1) {
    lines.push('Marginal cost of one more app (wall ms per app, between consecutive N):', '');
    lines.push(`| N | ${kinds.map((k) => k).join(' | ')} |`);
    lines.push(`| --- | ${kinds.map(() => '---:').join(' | ')} |`);
    for (let i = 1; i < o.n.length; i++) {
      const [a, b] = [o.n[i - 1], o.n[i]];
      lines.push(`| ${a} → ${b} | ${kinds.map((k) => ((med(b, k, 'wall') - med(a, k, 'wall')) / (b - a) * 1000).toFixed(1)).join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('Cases: a. `.stillon-cache/` and the output deleted before each run; b. cache kept, output deleted (every file written); c. cache and output kept (checked: no file written, mtimes unchanged); d. `--check` against up-to-date output. Stock: a project laid out as `cdk8s init typescript-app` does (its cdk8s.yaml `app: npx ts-node main.ts`, tsconfig.json and package.json templates written by the benchmark instead of running `cdk8s init`, which would run npm install; no `cdk8s import`, the apps use cdk8s-plus-28 only), node_modules symlinked from this repository, `CDK8S_CHECK_UPGRADE=false` so no registry request; `dist/` deleted before each run as `cdk8s synth` does itself. Equivalent apps: one Chart per app with a Deployment, Service, Ingress, PVC, a SealedSecret ApiObject (sealed by `src/seal`) and a Flux Kustomization ApiObject.');
  lines.push('');
  return lines.join('\n');
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack ?? e}\n`);
  process.exitCode = 1;
});
