import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from './command';
import { CliIo } from './io';
import { formatError, formatFileChanges, formatViolations, parseArgsError, reportUsage, usageError } from './print';
import { repositoryRoot } from './repository';
import { loadConventions } from '../conventions/load-config';
import { Severity, StillonError, Violation } from '../errors';
import { AppSpec } from '../scaffold/app-source';
import { appTestFileOf, planScaffold, unsealedSecrets, writeScaffold } from '../scaffold/scaffold';
import { discoverAppFiles, loadApps } from '../synth/discover';
import { Layout } from '../synth/layout';
import { hasErrors, synth } from '../synth/synth';

export const NEW_USAGE = `Usage: stillon new <app> --image <image> [--port <port>] [options]

Scaffolds apps/<app>.ts (a StandardApp, safe by default), then synthesizes it: kustomize/<app>/,
apps/<app>.yaml, namespaces/<app>.yaml and the inventory. Refuses an existing app or an
invalid name, and writes nothing when synth fails.

Options:
      --image <image>        container image with a pinned tag, e.g. nginx:1.27.3 (required)
      --port <port>          port the container listens on: adds a Service and, unless
                             --no-ingress, an Ingress at https://<app>.<domain>
      --volume <path>=<size> a ProtectedPvc mounted at <path>, e.g. /data=1Gi (repeatable)
      --secret <name>        a sealed secret whose keys become environment variables
                             (repeatable); seal it with \`stillon seal\` before synth passes
      --no-ingress           reachable inside the cluster only
      --host <host>          serve at <host> (under the domain) instead of <app>.<domain>
      --description <text>   one line on what the app is
  -h, --help                 show this help

Exit codes: 0 scaffolded, 1 refused or synth failed (nothing written), 2 usage error.
`;

const OPTIONS = {
  'image': { type: 'string' },
  'port': { type: 'string' },
  'volume': { type: 'string', multiple: true },
  'secret': { type: 'string', multiple: true },
  'no-ingress': { type: 'boolean' },
  'host': { type: 'string' },
  'description': { type: 'string' },
  'help': { type: 'boolean', short: 'h' },
} as const;

/** `stillon new <app>`: scaffold an app file, synthesize it, say what is left to do by hand. */
export const newCommand: Command = async (args: string[], io: CliIo) => {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return reportUsage(io, 'new', parseArgsError('new', error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(NEW_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    return reportUsage(io, 'new', positionals.length
      ? usageError('new', positionals[1], `expected one app name, got ${positionals.join(' ')}`, 'pass one app name; quote a --description with spaces')
      : usageError('new', '<app>', 'missing the app name', 'stillon new <app> --image <image> [--port <port>]; see `stillon new --help`'));
  }
  const rootDir = repositoryRoot(io, 'new');
  if (rootDir === undefined) return 2;
  let spec: AppSpec;
  let file: string;
  let conventions;
  try {
    conventions = loadConventions(rootDir);
    const files = discoverAppFiles(rootDir, conventions);
    // Every name in use: the app files' own names, and the names their definitions declare.
    const existing = [...files.map((f) => path.posix.basename(f, '.ts')), ...loadApps(rootDir, files).apps.map((a) => a.definition.name)];
    spec = planScaffold({
      name: positionals[0],
      image: values.image,
      port: values.port,
      description: values.description,
      volumes: values.volume,
      secrets: values.secret,
      noIngress: values['no-ingress'],
      host: values.host,
    }, conventions, existing);
    file = writeScaffold(rootDir, spec, conventions);
  } catch (error) {
    if (!(error instanceof StillonError)) throw error;
    io.err(formatError('new', error, { color: io.color?.err }));
    io.err('stillon new: nothing was written.\n');
    return error.code === 'AppExists' ? 1 : 2;
  }
  io.out(formatFileChanges({ created: [file, appTestFileOf(spec)] }, io.color?.out));

  const result = synth({ rootDir, app: spec.name });
  const layout = new Layout(conventions);
  const namespaceStep = `kubectl apply -f ${layout.namespaceFile(spec.name)}`;
  const pending = unsealedSecrets(rootDir, spec, conventions);
  if (hasErrors(result.violations)) {
    if (onlyWaitingForSecrets(result.violations, spec)) {
      io.out([
        `${file} is ready; synth is waiting for its sealed secret(s): ${pending.join(', ')}.`,
        'Next steps:',
        ...spec.secrets.map((s) => `  stillon seal --namespace ${spec.name} --name ${s} --from-stdin <KEY>   (once per key, or --from-env-file <file>)`),
        '  npm run synth',
        `  ${namespaceStep}   (namespaces are never managed by Flux)`,
        'Until then `npm run synth` reports SealedSecretMissing for this app and writes nothing.',
        '',
      ].join('\n'));
      return 0;
    }
    for (const rel of [file, appTestFileOf(spec)]) fs.rmSync(path.join(rootDir, rel), { force: true });
    io.err(formatViolations(result.violations, { color: io.color?.err }));
    io.err(`stillon new: synth failed, so ${file} was removed again and nothing was written.\n`);
    return 1;
  }
  if (result.violations.length) io.err(formatViolations(result.violations, { color: io.color?.err }));
  const plan = result.plan!;
  io.out(formatFileChanges({ created: plan.create, updated: plan.update, deleted: plan.remove }, io.color?.out));
  io.out([
    '',
    `One manual step left (namespaces are never managed by Flux): ${namespaceStep}`,
    `Then commit ${file} and the files above, and push: Flux applies the rest.`,
    '',
  ].join('\n'));
  return 0;
};

/**
 * Whether synth failed only because the new app's sealed files do not exist yet: SealedSecretMissing
 * itself, and any other finding of this app that is about one of those secrets (e.g. a reference
 * to a Secret nothing provides yet).
 */
function onlyWaitingForSecrets(violations: readonly Violation[], spec: AppSpec): boolean {
  const errors = violations.filter((v) => v.severity === Severity.ERROR);
  const aboutSecret = (v: Violation) => spec.secrets.some((s) => new RegExp(`(^|[^-.a-z0-9])${s.replace(/\./g, '\\.')}([^-.a-z0-9]|$)`).test(v.message));
  return errors.some((v) => v.code === 'SealedSecretMissing')
    && errors.every((v) => v.app === spec.name && (v.code === 'SealedSecretMissing' || aboutSecret(v)));
}
