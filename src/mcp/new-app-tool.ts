import { z } from 'zod';
import { measureChanges } from './changes';
import { McpContext } from './context';
import { forgetRepositoryModules } from './fresh-modules';
import { COMMIT_NOTE } from './synth-tool';
import { ToolDefinition, defineTool, repositoryWrite } from './tool';
import { BufferIo } from '../cli/io';
import { newCommand } from '../cli/new-command';
import { loadConventions } from '../conventions/load-config';

export const newApp = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'new_app',
  title: 'Scaffold an app (stillon new)',
  description: 'Runs `stillon new`: writes apps/<name>.ts (a StandardApp, safe by default) and its snapshot test, then synthesizes the app. '
    + 'Refuses an existing app or an invalid name; when synth fails, the app file is taken back and nothing is written. Returns the '
    + 'files it created with a unified diff and the steps left to a person (sealing secrets, applying the namespace). Never commits.',
  input: {
    name: z.string().describe('app name: a DNS-1123 label, e.g. linkding'),
    image: z.string().describe('container image with a pinned tag, e.g. nginx:1.27.3'),
    port: z.number().int().optional().describe('port the container listens on: adds a Service and, unless noIngress, an Ingress'),
    description: z.string().optional().describe('one line on what the app is'),
    volumes: z.array(z.string()).optional().describe('ProtectedPvc mounts as <path>=<size>, e.g. /data=1Gi'),
    secrets: z.array(z.string()).optional().describe('names of sealed secrets whose keys become environment variables (seal them with seal_secret)'),
    noIngress: z.boolean().optional().describe('reachable inside the cluster only'),
    host: z.string().optional().describe('serve at this host (under the domain) instead of <name>.<domain>'),
  },
  annotations: repositoryWrite({ destructive: false, idempotent: true }),
  run: (args) => context.exclusive(async () => {
    forgetRepositoryModules(context.rootDir);
    const conventions = loadConventions(context.rootDir);
    // The command itself, not a copy of it: the same checks, the same rollback, the same next steps.
    const io = new BufferIo(context.rootDir);
    const { value: code, changes } = await measureChanges(context.rootDir, conventions, () => newCommand(commandLine(args), io));
    const output = (io.stdout + io.stderr).trim();
    return code === 0
      ? { result: { ok: true, ...changes, output, note: COMMIT_NOTE } }
      : { isError: true, result: { ok: false, ...changes, output } };
  }),
});

/** The tool's arguments as `stillon new` takes them; each value is one argv element, so nothing is parsed twice. */
function commandLine(args: {
  name: string; image: string; port?: number; description?: string; volumes?: string[]; secrets?: string[]; noIngress?: boolean; host?: string;
}): string[] {
  const argv = [`--image=${args.image}`];
  if (args.port !== undefined) argv.push(`--port=${args.port}`);
  if (args.description !== undefined) argv.push(`--description=${args.description}`);
  for (const volume of args.volumes ?? []) argv.push(`--volume=${volume}`);
  for (const secret of args.secrets ?? []) argv.push(`--secret=${secret}`);
  if (args.noIngress) argv.push('--no-ingress');
  if (args.host !== undefined) argv.push(`--host=${args.host}`);
  // After `--`, a name such as `--help` is a name (which `new` refuses), never an option.
  return [...argv, '--', args.name];
}
