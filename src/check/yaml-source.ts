import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { YamlSyntaxError } from '../yaml/yaml';

/** One document of a hand-written YAML file, with the line it starts on. */
export interface SourceDocument {
  /** Relative to the repository root, with `/`. */
  readonly file: string;
  /** 1-based line of the document's first node. */
  readonly line: number;
  readonly manifest: any;
}

/**
 * Every non-empty document of a file, with its line. Reads as Kubernetes does (YAML 1.1),
 * tolerating a byte-order mark and CRLF line ends, like synth's parseYamlDocuments; throws a
 * YamlSyntaxError naming the file and line.
 */
export function readYamlDocuments(rootDir: string, file: string): SourceDocument[] {
  return parseYamlWithLines(fs.readFileSync(path.join(rootDir, file), 'utf8'), file);
}

export function parseYamlWithLines(text: string, file: string): SourceDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ''), { version: '1.1', prettyErrors: true, lineCounter });
  const result: SourceDocument[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) throw new YamlSyntaxError(file, error.linePos?.[0].line, error.message.split('\n')[0]);
    const manifest = doc.toJS({ maxAliasCount: 100 });
    if (manifest === null || manifest === undefined) continue;
    const offset = doc.contents?.range?.[0] ?? doc.range[0];
    result.push({ file, line: lineCounter.linePos(offset).line, manifest });
  }
  return result;
}

/** Whether a document is a Kubernetes object (Flux's generator skips everything else). */
export function isKubernetesObject(manifest: any): boolean {
  return typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest)
    && typeof manifest.apiVersion === 'string' && typeof manifest.kind === 'string';
}
