import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from './command';
import { CliIo } from './io';
import { formatError, formatViolations, parseArgsError, reportUsage, usageError } from './print';
import { StillonError } from '../errors';
import { INIT_DEFAULTS, InitPlan, planInit, undoInit, updateInit, writeInit } from '../init/init';
import { clusterDir } from '../init/templates';
import { hasErrors, synth } from '../synth/synth';

export const INIT_USAGE = `Usage: stillon init [dir] [--domain <domain>] [--issuer <name>] [--ingress traefik|nginx]

Writes a complete GitOps repository into <dir> (default: the current folder), an empty folder or
your own git repository: package.json (merged if there is one), tsconfig.json, stillon.config.ts,
an example app apps/hello.ts with its snapshot test, the root Flux Kustomization
clusters/<cluster>/stillon-apps.yaml, .githooks/pre-commit, .github/workflows/ci.yaml, .gitignore
and a README that explains the Flux wiring. Then, when stillon-gitops is installed there, it
runs synth. It never replaces a file: when any is in the way it lists them and writes nothing.

Options:
      --domain <domain>   apps are served at <app>.<domain> (default: ${INIT_DEFAULTS.domain})
      --issuer <name>     cert-manager ClusterIssuer of every certificate (default: ${INIT_DEFAULTS.issuer})
      --ingress <name>    traefik (k3s ships it) or nginx (default: ${INIT_DEFAULTS.ingress})
      --cluster <name>    the folder \`flux bootstrap --path\` points at: clusters/<name>
                          (default: ${INIT_DEFAULTS.cluster})
  -h, --help              show this help

Exit codes: 0 written, 1 refused (files in the way, or synth failed: nothing written), 2 usage error.
`;

const OPTIONS = {
  domain: { type: 'string' },
  issuer: { type: 'string' },
  ingress: { type: 'string' },
  cluster: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `stillon init [dir]`: a new repository, or stillon added to one, without replacing any file. */
export const initCommand: Command = async (args: string[], io: CliIo) => {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return reportUsage(io, 'init', parseArgsError('init', error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(INIT_USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    return reportUsage(io, 'init', usageError('init', 'arguments', `expected at most one folder, got ${positionals.length}`, 'pass one folder, or none for the current one'));
  }
  const rootDir = path.resolve(io.cwd, positionals[0] ?? '.');
  if (fs.existsSync(rootDir) && !fs.statSync(rootDir).isDirectory()) {
    return reportUsage(io, 'init', usageError('init', positionals[0], `${positionals[0]} is not a folder`, 'pass a new or existing folder'));
  }
  const madeRoot = !fs.existsSync(rootDir);
  let plan: InitPlan;
  try {
    plan = planInit(rootDir, { domain: values.domain, issuer: values.issuer, ingress: values.ingress, cluster: values.cluster });
  } catch (error) {
    if (!(error instanceof StillonError)) throw error;
    return reportUsage(io, 'init', error);
  }
  if (plan.conflicts.length) {
    const fix = 'move it aside (init never replaces a file), or run init in a new folder';
    io.err(formatViolations(plan.conflicts.map((c) => new StillonError('InitConflict', rootDir, c, fix).toViolation()), { heading: 'stillon init', color: io.color?.err }));
    io.err('stillon init: refused, nothing was written.\n');
    return 1;
  }

  if (madeRoot) fs.mkdirSync(rootDir, { recursive: true });
  const removeRoot = () => {
    if (madeRoot) fs.rmSync(rootDir, { recursive: true, force: true });
  };
  let done;
  try {
    done = writeInit(rootDir, plan);
  } catch (error) {
    removeRoot();
    if (!(error instanceof StillonError)) throw error;
    io.err(formatError('init', error, { color: io.color?.err }));
    io.err('stillon init: nothing was written.\n');
    return 1;
  }
  const { settings } = plan;
  const chosen = (flag: string | undefined, why: string) => (flag === undefined ? `the default; ${why}` : 'from the command line');
  io.out([
    `stillon init: a GitOps repository for ${settings.domain} in ${rootDir}`,
    `  domain:  ${settings.domain} (${chosen(values.domain, 'pass --domain <your domain>')})`,
    `  issuer:  ${settings.issuer} (cert-manager ClusterIssuer, ${chosen(values.issuer, 'pass --issuer <name>')})`,
    `  ingress: ${settings.ingress} (${settings.ingress === 'traefik' ? 'the controller k3s ships with' : 'ingress-nginx'}, ${chosen(values.ingress, 'pass --ingress nginx for ingress-nginx')})`,
    '',
  ].join('\n'));
  const written = done.created.map((rel) => `created ${rel}\n`);

  // Synth here only when the apps will load the library from this very folder, and the loader's
  // cache (rooted at the working directory) is this repository's.
  const synthHere = rootDir === path.resolve(process.cwd()) && resolvesLibrary(rootDir);
  if (synthHere) {
    const result = synth({ rootDir });
    if (hasErrors(result.violations)) {
      undoInit(rootDir, done);
      removeRoot();
      io.err(formatViolations(result.violations));
      io.err('stillon init: synth failed, so every file init wrote was removed again and nothing was written.\n');
      return 1;
    }
    if (result.violations.length) io.err(formatViolations(result.violations));
    written.push(...(result.plan?.create ?? []).map((rel) => `created ${rel}\n`), ...(result.plan?.update ?? []).map((rel) => `updated ${rel}\n`));
  }
  written.push(...updateInit(rootDir, plan).map((rel) => `updated ${rel}\n`));
  io.out(`${written.join('')}\n`);
  const cd = rootDir === path.resolve(io.cwd) ? [] : [`cd ${path.relative(io.cwd, rootDir) || '.'}`];
  io.out([
    'Next steps:',
    ...[...cd, 'npm install', ...synthHere ? [] : ['npm run synth'], 'npm test', 'git config core.hooksPath .githooks'].map((s) => `  ${s}`),
    `  kubectl apply -f ${plan.conventions.paths.namespaces}/   (namespaces are never managed by Flux)`,
    `  flux bootstrap github --owner=<you> --repository=<repository> --path=${clusterDir(settings)}   (README.md: Flux wiring)`,
    'Then add your apps: npx stillon new <app> --image <image> --port <port>',
    '',
  ].join('\n'));
  return 0;
};

/** Whether `stillon-gitops` resolves from the repository, as its apps will import it. */
function resolvesLibrary(rootDir: string): boolean {
  try {
    createRequire(path.join(rootDir, 'package.json')).resolve('stillon-gitops');
    return true;
  } catch {
    return false;
  }
}
