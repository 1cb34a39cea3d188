import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { McpContext } from './context';
import { renderRepository } from './repository-state';
import { REPOSITORY_READ, ToolDefinition, defineTool } from './tool';
import { loadConventions } from '../conventions/load-config';
import { StillonError, Violation } from '../errors';
import { AppFacts, appFacts } from '../inventory/facts';
import { withheldBecause } from '../synth/check';
import { discoverAppFiles, loadApps } from '../synth/discover';
import { sourcesOf } from '../synth/layout';
import { RenderedApp } from '../synth/render';
import { SynthResult } from '../synth/synth';

/** One app in `list_apps`: what a person asks first (where it runs, where it is served, what it runs). */
function summary(app: RenderedApp, facts: AppFacts) {
  return {
    name: facts.name,
    // With clusters or environments one app renders as several variants (`shop-staging` on `home`).
    app: app.appName,
    cluster: app.cluster ?? null,
    environment: app.environment ?? null,
    namespace: facts.namespace,
    sourceFile: facts.sourceFile,
    description: facts.description ?? null,
    hosts: [...new Set(facts.ingresses.flatMap((i) => i.urls.map((u) => new URL(u).host)))].sort(),
    urls: facts.ingresses.flatMap((i) => i.urls).sort(),
    images: [...new Set(facts.workloads.flatMap((w) => w.images))].sort(),
    workloads: facts.workloads.map((w) => `${w.kind}/${w.name}`),
    claims: facts.claims.map((c) => `${c.name} (${c.size ?? '?'})`),
    sealedSecrets: facts.sealedSecrets.map((s) => ({ name: s.name, keys: s.keys })),
  };
}

/** When synth fails nothing renders: the apps are then known by their files and definitions only. */
function appsWithoutRendering(rootDir: string): { name: string; sourceFile: string }[] {
  const files = discoverAppFiles(rootDir, loadConventions(rootDir));
  return loadApps(rootDir, files).apps.map((a) => ({ name: a.definition.name, sourceFile: a.sourceFile }));
}

function violationsOf(result: SynthResult, app: { name: string; sourceFile: string }): Violation[] {
  return result.violations.filter((v) => v.app === app.name || v.path?.startsWith(app.sourceFile));
}

export const listApps = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'list_apps',
  title: 'List the apps',
  description: 'Lists every app of the repository (apps/*.ts) as synth renders it: name, namespace, source file, hosts and URLs, images, '
    + 'workloads, claims and sealed secrets (key names only). Reads the repository only; writes nothing, never contacts the cluster. '
    + 'When a rule is broken nothing renders: the apps are then listed by name with the violations.',
  input: {},
  annotations: REPOSITORY_READ,
  run: () => {
    const result = renderRepository(context.rootDir);
    if (result.plan && result.apps.length) {
      return { result: { rendered: true, apps: result.apps.map((a) => summary(a, appFacts(a))), violations: result.violations } };
    }
    return { result: { rendered: false, apps: appsWithoutRendering(context.rootDir), violations: result.violations } };
  },
});

export const showApp = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'show_app',
  title: 'Show one app',
  description: 'Shows one app: its source file (with its text), the files synth renders for it and whether each is up to date on disk '
    + '(unchanged, stale, missing, extra), its facts (workloads, services, ingresses, claims, sealed secret keys, Flux Kustomization) and '
    + 'its violations; an app rendered per cluster or environment lists its variants, each with its facts. With includeRendered, the rendered files\' text too (a file that holds a Secret is withheld). Writes nothing.',
  input: {
    name: z.string().describe('the app name (every variant of it), or one variant\'s name (e.g. shop-staging), as in list_apps'),
    includeRendered: z.boolean().optional().describe('also return the text of each rendered file (default false)'),
  },
  annotations: REPOSITORY_READ,
  run: ({ name, includeRendered }) => {
    const result = renderRepository(context.rootDir);
    // A variant by its own name, else every variant of the app of that name.
    const byVariant = result.apps.filter((a) => a.name === name);
    const variants = byVariant.length ? byVariant : result.apps.filter((a) => a.appName === name);
    const rendered = variants[0];
    const known = rendered ?? appsWithoutRendering(context.rootDir).find((a) => a.name === name);
    if (!known) {
      const names = (result.apps.length ? result.apps : appsWithoutRendering(context.rootDir)).map((a) => a.name);
      throw new StillonError('UnknownApp', name, `no app named '${name}' in the repository`, `pick one of: ${names.join(', ') || '(none)'}`);
    }
    const source = fs.readFileSync(path.join(context.rootDir, known.sourceFile), 'utf8');
    return {
      result: {
        name,
        sourceFile: known.sourceFile,
        source,
        rendered: rendered !== undefined,
        files: rendered && result.plan ? filesOf(result, rendered, includeRendered === true) : [],
        // One variant: its facts, as for an app without clusters or environments; several: per variant.
        facts: variants.length === 1 ? appFacts(rendered) : null,
        variants: variants.map((v) => ({ name: v.name, cluster: v.cluster ?? null, environment: v.environment ?? null, facts: appFacts(v) })),
        violations: violationsOf(result, known),
      },
    };
  },
});

/** The app's own files, as `Testing.synth` picks them (by the source named in their header), with their state on disk. */
function filesOf(result: SynthResult, app: RenderedApp, withText: boolean) {
  const plan = result.plan!;
  const state = (rel: string) => (plan.create.includes(rel) ? 'missing' : plan.update.includes(rel) ? 'stale' : 'unchanged');
  const own = [...plan.files].filter(([, content]) => sourcesOf(content).includes(app.sourceFile));
  const files = own.map(([rel, content]) => {
    const withheld = withheldBecause(rel, content);
    return { path: rel, state: state(rel), ...withText ? { text: withheld ? `(withheld: ${withheld})` : content } : {} };
  });
  const extra = plan.remove.filter((rel) => sourcesOf(plan.current.get(rel) ?? '').includes(app.sourceFile)).map((rel) => ({ path: rel, state: 'extra' }));
  return [...files, ...extra].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
