import { parseArgs } from 'node:util';
import { Command } from './command';
import { CliIo } from './io';
import { formatFileChanges, formatViolations, parseArgsError, reportUsage } from './print';
import { repositoryRoot } from './repository';
import { describeStaleOutput } from '../synth/check';
import { hasErrors, synth } from '../synth/synth';
import { planChanges } from '../synth/write';

const USAGE = `Usage: stillon synth [--check] [--app <name>] [--allow-pvc-removal] [--explain]

Renders apps/*.ts into kustomize/<app>/, apps/<app>.yaml and namespaces/<ns>.yaml; with clusters
in stillon.config.ts, into clusters/<cluster>/apps/<app>.yaml, kustomize/<app>/ (or
kustomize/<cluster>/<app>/ where a cluster's manifests differ) and namespaces/<cluster>/<ns>.yaml.
Nothing is written when any rule is broken.

  --check               write nothing; exit 1 listing each stale, missing or extra file with a diff
  --app <name>          write only this app's files, every variant of it (every app is still
                        validated)
  --allow-pvc-removal   let synth delete the file of a claim that left the apps (the data stays in
                        the cluster: claims carry prune: disabled)
  --explain             list every convention applied to every object (labels, Recreate, security
                        context, pull policy, requests, claim protection), not only to new ones
  -h, --help            show this help

Prints each file it created, updated or deleted, then a one-line summary, then the conventions
applied to objects new to Git: what an adopted workload changes on Flux's next reconcile.
Exit codes: 0 written or up to date; 1 a rule is broken, a file cannot be written, or (--check)
the output is stale; 2 usage error.
`;

export const synthCommand: Command = async (args: string[], io: CliIo) => {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'check': { type: 'boolean' },
        'app': { type: 'string' },
        'allow-pvc-removal': { type: 'boolean' },
        'explain': { type: 'boolean' },
        'help': { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return reportUsage(io, 'synth', parseArgsError('synth', error));
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const rootDir = repositoryRoot(io, 'synth');
  if (rootDir === undefined) return 2;
  const result = synth({ rootDir, app: values.app, check: values.check, allowPvcRemoval: values['allow-pvc-removal'] });
  if (result.violations.length) io.err(formatViolations(result.violations, { color: io.color?.err }));
  if (hasErrors(result.violations)) {
    io.err('synth failed: nothing was written.\n');
    return 1;
  }
  const plan = result.plan!;
  if (values.check) {
    if (!planChanges(plan)) {
      io.out(`synth --check: ${plan.unchanged.length} file(s) up to date.\n`);
      return 0;
    }
    io.out(`${describeStaleOutput(plan)}\n`);
    io.err(`synth --check: the committed output is out of date (${plan.update.length} stale, ${plan.create.length} missing, ${plan.remove.length} extra); run \`npm run synth\` and commit the result.\n`);
    return 1;
  }
  // Each file that changed, as `new` lists them, then one line for the whole run.
  io.out(formatFileChanges({ created: plan.create, updated: plan.update, deleted: plan.remove }, io.color?.out));
  const variants = result.apps.length;
  const apps = new Set(result.apps.map((a) => a.sourceFile)).size;
  io.out(`synth: ${apps} app(s)${variants === apps ? '' : ` in ${variants} variant(s)`}; ${plan.create.length} created, ${plan.update.length} updated, ${plan.remove.length} deleted, ${plan.unchanged.length} unchanged.\n`);
  // An adopted workload's objects are new to Git: what the conventions change in the running app
  // is shown before Flux applies it.
  const created = new Set(plan.create);
  const shown = result.apps.flatMap((app) => {
    const fileOf = new Map(app.objects.map((o) => [`${o.manifest.kind}/${o.manifest.metadata?.name}`, o.path]));
    return app.conventions
      .filter((c) => values.explain || created.has(fileOf.get(c.object) ?? ''))
      .map((c) => `  ${app.name}${app.cluster === undefined ? '' : ` (${app.cluster})`}: ${c.convention} ${c.object}: ${c.change}\n`);
  });
  if (shown.length) {
    io.out(`\n${values.explain ? 'Conventions applied' : 'Conventions applied to objects new to Git (Flux changes a running app accordingly on its next reconcile)'}:\n${shown.join('')}`);
  }
  return 0;
};
