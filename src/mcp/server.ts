// The SDK's subpaths resolve through its `exports` (`./*`), which the lint resolver does not read; tsc and Node do.
// eslint-disable-next-line import/no-unresolved
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
// eslint-disable-next-line import/no-unresolved
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { listApps, showApp } from './app-tools';
import { checkRepo } from './check-repo-tool';
import { clusterTools } from './cluster-tools';
import { McpContext } from './context';
import { drift } from './drift-tool';
import { newApp } from './new-app-tool';
import { sealSecret } from './seal-tool';
import { setImage } from './set-image-tool';
import { synthCheck } from './synth-check-tool';
import { synthTool } from './synth-tool';
import { ToolDefinition, registerTools } from './tool';

/** Every tool, in the order `tools/list` shows them: repository reads, repository writes, cluster reads. */
export function allTools(context: McpContext): ToolDefinition<any>[] {
  return [
    listApps(context), showApp(context), synthCheck(context), checkRepo(context),
    newApp(context), setImage(context), sealSecret(context), synthTool(context),
    ...clusterTools(context), drift(context),
  ];
}

const INSTRUCTIONS = 'GitOps-first tools for a stillon-gitops repository. Observe the cluster with the read-only cluster tools '
  + '(kubectl_get, kubectl_describe, pod_logs, events, flux_status, drift), find the cause, fix it in the repository with the write tools '
  + '(new_app, set_image, seal_secret, synth), then let the user review the diff, commit and push: Flux applies it. No tool changes the cluster, '
  + 'commits or pushes, and sealed values are never returned.';

export function createMcpServer(context: McpContext, version: string): McpServer {
  const server = new McpServer({ name: 'stillon', version }, { instructions: INSTRUCTIONS });
  registerTools(server, allTools(context));
  return server;
}

/** Serves over stdin/stdout until the client closes the connection (stdin ends). */
export async function serveStdio(context: McpContext, version: string): Promise<void> {
  const server = createMcpServer(context, version);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
