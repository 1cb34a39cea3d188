import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from './command';
import { CliIo } from './io';
import { formatError, formatFileChanges, parseArgsError, reportUsage, usageError } from './print';
import { repositoryRoot } from './repository';
import { loadConventions } from '../conventions/load-config';
import { StillonError } from '../errors';
import { ImportedApp, checkTargets, importApp, importable } from '../import/import';
import { formatReport } from '../import/report';
import { resolveSources } from '../import/source';
import { writeImport } from '../import/write';

export const IMPORT_USAGE = `Usage: stillon import <path> [--app <name>] [--dry-run] [--accept-differences]

Adopts hand-written GitOps apps: builds the original with kubectl kustomize, maps it onto the
typed constructs (names and selectors kept exactly), proves the generated apps/<app>.ts means
the same to the cluster (synthesized in memory, compared by meaning), and only then writes it,
with the SealedSecrets copied byte for byte to sealed-secrets/<ns>/<name>.yaml. The originals
are never modified: the report says which to remove after review.

<path> is a kustomize folder (an overlay too), a file with Flux Kustomizations (their
interval, prune, wait, timeout, dependsOn, force and targetNamespace become the app's options),
or a repository (every Flux Kustomization in it).

Options:
      --app <name>             name of the app (default: the Flux Kustomization's or the folder's)
      --dry-run                print the app file and the report, write nothing
      --accept-differences     write even with differences that no named convention explains
  -h, --help                   show this help

Refused, with nothing written: plaintext (a Secret with data, a credential in env or a
ConfigMap: seal it with \`stillon seal\`), a remote base (no network: vendor a copy), an
existing apps/<app>.ts.

Exit codes: 0 imported (or would be), 1 refused or differences found (nothing written), 2 usage error.
`;

const OPTIONS = {
  'app': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'accept-differences': { type: 'boolean' },
  'help': { type: 'boolean', short: 'h' },
} as const;

/** `stillon import <path>`: prove, report, then write all or nothing. */
export const importCommand: Command = async (args: string[], io: CliIo) => {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return reportUsage(io, 'import', parseArgsError('import', error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(IMPORT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    return reportUsage(io, 'import', usageError('import', positionals[1] ?? '<path>', positionals.length ? `expected one path, got ${positionals.join(' ')}` : 'missing the path to import',
      'stillon import <kustomize folder | Flux Kustomization file | repository>; see `stillon import --help`'));
  }
  const rootDir = repositoryRoot(io, 'import');
  if (rootDir === undefined) return 2;
  const accept = values['accept-differences'] === true;
  const dryRun = values['dry-run'] === true;
  const apps: ImportedApp[] = [];
  try {
    const conventions = loadConventions(rootDir);
    for (const source of resolveSources(path.resolve(io.cwd, positionals[0]), values.app)) apps.push(importApp(source, rootDir, conventions));
    let ok = true;
    for (const app of apps) {
      if (dryRun && app.model) io.out(`--- ${[...app.files.keys()][0]}\n${app.files.values().next().value!.toString('utf8')}`);
      const report = formatReport(app, { acceptDifferences: accept, dryRun });
      if (importable(app, accept)) io.out(report);
      else io.err(report);
      ok &&= importable(app, accept);
    }
    if (!ok) {
      io.err(`stillon import: nothing was written${apps.length > 1 ? ' (an import of several apps is all or nothing)' : ''}.\n`);
      return 1;
    }
    const writes = new Map<string, Buffer>();
    for (const app of apps) for (const [rel, bytes] of checkTargets(app, rootDir)) writes.set(rel, bytes);
    if (dryRun) return 0;
    writeImport(rootDir, writes);
    io.out(formatFileChanges({ created: [...writes.keys()].sort() }, io.color?.out));
    io.out('Next: npm run synth (stillon synth) writes kustomize/, apps/*.yaml and namespaces/; review, commit, then remove the originals listed above.\n');
    return 0;
  } catch (error) {
    if (!(error instanceof StillonError)) throw error;
    // Paths inside the repository as the user typed them: relative to its root.
    const where = error.where.split(`${rootDir}${path.sep}`).join('');
    io.err(formatError('import', new StillonError(error.code, where, error.detail.split(`${rootDir}${path.sep}`).join(''), error.fix), { color: io.color?.err }));
    io.err('stillon import: nothing was written.\n');
    return 1;
  }
};
