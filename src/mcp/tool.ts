import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ZodRawShape, z } from 'zod';
import { StillonError } from '../errors';

/**
 * The three kinds of tool, as the protocol's hints describe them. `openWorldHint` says whether a
 * tool reaches outside the repository: only the cluster tools do, and they only read.
 */
export const REPOSITORY_READ: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const CLUSTER_READ: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };
/** A write inside the repository; each write tool says whether it may replace or delete files. */
export function repositoryWrite(hints: { readonly destructive: boolean; readonly idempotent: boolean }): ToolAnnotations {
  return { readOnlyHint: false, destructiveHint: hints.destructive, idempotentHint: hints.idempotent, openWorldHint: false };
}

/** One tool: its name, what the assistant is told, its input and what it does. */
export interface ToolDefinition<Shape extends ZodRawShape> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: Shape;
  readonly annotations: ToolAnnotations;
  readonly run: (args: z.objectOutputType<Shape, z.ZodTypeAny>) => Promise<ToolAnswer> | ToolAnswer;
}

/** What a tool returns: a JSON document (as text, which every client shows) and whether it failed. */
export interface ToolAnswer {
  readonly result: unknown;
  readonly isError?: boolean;
}

export function defineTool<Shape extends ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition<Shape> {
  return tool;
}

/** Largest answer sent back: a `kubectl get -A` of a busy cluster would otherwise fill the assistant's context. */
export const MAX_ANSWER_CHARS = 200_000;

/** The answer as MCP content: pretty JSON, or the text itself when the result is a string. */
export function toContent(answer: ToolAnswer): CallToolResult {
  let text = typeof answer.result === 'string' ? answer.result : JSON.stringify(answer.result, null, 2);
  if (text.length > MAX_ANSWER_CHARS) {
    text = `${text.slice(0, MAX_ANSWER_CHARS)}\n... (cut at ${MAX_ANSWER_CHARS} characters; narrow the request: a namespace, a name, a selector)`;
  }
  return { content: [{ type: 'text', text }], ...answer.isError ? { isError: true } : {} };
}

/** Registers tools with the server; a thrown StillonError becomes an error answer naming where, what and the fix. */
export function registerTools(server: McpServer, tools: readonly ToolDefinition<any>[]): void {
  for (const tool of tools) {
    server.registerTool(tool.name, {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.input,
      annotations: { title: tool.title, ...tool.annotations },
    }, async (args: any) => {
      try {
        return toContent(await tool.run(args));
      } catch (error) {
        return toContent(errorAnswer(error));
      }
    });
  }
}

/** An error as an answer: ours with code, where and fix; anything else (a bug) in one line. */
export function errorAnswer(error: unknown): ToolAnswer {
  if (error instanceof StillonError) {
    return { isError: true, result: { error: { code: error.code, where: error.where, message: error.detail, fix: error.fix } } };
  }
  return { isError: true, result: { error: { code: 'InternalError', message: error instanceof Error ? error.message.split('\n')[0] : String(error) } } };
}
