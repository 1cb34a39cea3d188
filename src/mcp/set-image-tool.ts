import { z } from 'zod';
import { measureChanges } from './changes';
import { McpContext } from './context';
import { forgetRepositoryModules } from './fresh-modules';
import { COMMIT_NOTE } from './synth-tool';
import { ToolDefinition, defineTool, repositoryWrite } from './tool';
import { BufferIo } from '../cli/io';
import { setImageCommand } from '../cli/set-image-command';
import { loadConventions } from '../conventions/load-config';

export const setImage = (context: McpContext): ToolDefinition<any> => defineTool({
  name: 'set_image',
  title: 'Set a container image (stillon set-image)',
  description: 'Runs `stillon set-image`: in apps/<app>.ts, rewrites the one string literal holding an image of the same repository '
    + '(the part before the tag or digest; nginx is docker.io/library/nginx) to the new tag or digest, keeping every other byte of the '
    + 'file, then synthesizes the app. Refuses, writing nothing, when no literal holds that image, when two do (pass container), or when '
    + 'an expression builds it; when synth fails the app file is restored. Returns the files it changed with a unified diff. Never commits.',
  input: {
    app: z.string().describe('app name: apps/<app>.ts'),
    image: z.string().describe('the image with its new tag or digest, e.g. ghcr.io/acme/shop:2.3.0 or ghcr.io/acme/shop@sha256:<digest>'),
    container: z.string().optional().describe('when the app has two images of that repository: the construct id or container name whose image to set'),
    env: z.string().optional().describe('set the image of this environment only: the literal under that key of env.pick({ ... })'),
    cluster: z.string().optional().describe('set the image on this cluster only: the literal under that key of cluster.pick({ ... })'),
  },
  annotations: repositoryWrite({ destructive: false, idempotent: true }),
  run: (args) => context.exclusive(async () => {
    forgetRepositoryModules(context.rootDir);
    const conventions = loadConventions(context.rootDir);
    // The command itself: the same refusals, the same restore when synth fails.
    const io = new BufferIo(context.rootDir);
    const { value: code, changes } = await measureChanges(context.rootDir, conventions, () => setImageCommand(commandLine(args), io));
    const output = (io.stdout + io.stderr).trim();
    return code === 0
      ? { result: { ok: true, ...changes, output, note: COMMIT_NOTE } }
      : { isError: true, result: { ok: false, ...changes, output } };
  }),
});

/** Each value one argv element; after `--`, an app or image starting with `-` is never an option. */
function commandLine(args: { app: string; image: string; container?: string; env?: string; cluster?: string }): string[] {
  const options = (['container', 'env', 'cluster'] as const).flatMap((key) => (args[key] === undefined ? [] : [`--${key}=${args[key]}`]));
  return [...options, '--', args.app, args.image];
}
