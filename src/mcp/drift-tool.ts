import { z } from 'zod';
import { parseMasked } from './cluster-tools';
import { McpContext } from './context';
import { Difference, compareObject } from './drift-compare';
import { renderRepository } from './repository-state';
import { CLUSTER_READ, ToolDefinition, defineTool } from './tool';
import { KINDS } from '../conventions';
import { StillonError } from '../errors';
import { hasErrors } from '../synth/synth';

/** `deployment.v1.apps`: the type kubectl resolves without guessing (a short name could be another group's). */
function resourceOf(manifest: any): string {
  const [group, version] = String(manifest.apiVersion).includes('/') ? String(manifest.apiVersion).split('/') : ['', manifest.apiVersion];
  const kind = String(manifest.kind).toLowerCase();
  return group ? `${kind}.${version}.${group}` : kind;
}

const notFound = (stderr: string) => /NotFound|not found/i.test(stderr);

export const drift = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'drift',
  title: 'Drift between the repository and the cluster',
  description: 'Compares what the repository renders for an app (as synth would write it now) with the live objects, fetched read-only '
    + '(`kubectl get <type> <name> -o json` for each rendered object). Reports each field that differs and which side wins at the next '
    + 'reconcile: Git for every field the repository sets (and for fields Flux set before that Git dropped); the cluster for fields changed '
    + 'by hand that Git does not set (Flux\'s server-side apply leaves them). Missing objects are created by Flux. Secret data is masked.',
  input: { app: z.string().describe('the app name, as in list_apps') },
  annotations: CLUSTER_READ,
  run: async ({ app }) => {
    const result = renderRepository(context.rootDir);
    if (hasErrors(result.violations)) {
      return { isError: true, result: { error: 'the repository does not render (synth fails), so there is nothing to compare with', violations: result.violations } };
    }
    const rendered = result.apps.find((a) => a.name === app);
    if (!rendered) {
      throw new StillonError('UnknownApp', app, `no app named '${app}' in the repository`, `pick one of: ${result.apps.map((a) => a.name).join(', ') || '(none)'}`);
    }
    const objects = [];
    let suspended = false;
    for (const object of rendered.objects) {
      const m = object.manifest;
      const namespace: string | undefined = m.metadata?.namespace;
      const argv = ['get', resourceOf(m), String(m.metadata?.name), ...namespace ? ['-n', namespace] : [], '-o', 'json'];
      const answer = await context.kubectl.read(argv);
      const ref = { kind: m.kind, name: m.metadata?.name, namespace: namespace ?? null, file: object.path };
      if (answer.code !== 0) {
        objects.push(notFound(answer.stderr)
          ? { ...ref, state: 'missing', winner: 'git', why: 'not in the cluster: Flux creates it at the next reconcile' }
          : { ...ref, state: 'unreadable', error: answer.stderr.trim().split('\n')[0] || `exit code ${answer.code}` });
        continue;
      }
      const live = parseMasked(answer.stdout, 'drift');
      if (m.kind === KINDS.fluxKustomization && live.spec?.suspend === true) suspended = true;
      const differences: Difference[] = compareObject(m, live);
      objects.push({ ...ref, state: differences.length ? 'drifted' : 'in sync', differences });
    }
    const drifted = objects.filter((o) => o.state !== 'in sync').length;
    return {
      result: {
        app,
        namespace: rendered.namespace,
        inSync: drifted === 0,
        summary: `${objects.length} object(s): ${drifted} drifted, missing or unreadable`,
        ...suspended ? { note: 'the Flux Kustomization is suspended in the cluster: nothing wins until it is resumed (flux resume kustomization), which this server never does' } : {},
        objects,
      },
    };
  },
});
