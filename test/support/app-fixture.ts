import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppDefinition } from '../../src/constructs/define-app';
import { STILLON_PROFILE, Conventions, SealingScope } from '../../src/conventions';
import { Violation } from '../../src/policy/violation';
import { seal } from '../../src/seal';
import { Layout, RenderedObject, SynthOptions, SynthResult, buildApp, renderApp, synth } from '../../src/synth';

/** The test sealing certificate; its private key is in the same folder (see its README). */
export const TEST_CERT = join(__dirname, '..', 'fixtures', 'sealing', 'cert.pem');

/** An empty repository root under os.tmpdir(). */
export function emptyRoot(): string {
  return mkdtempSync(join(tmpdir(), 'stillon-unit-'));
}

export function removeRoot(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** Seals `values` into `<root>/sealed-secrets/<namespace>/<name>.yaml` with the real sealing code and test certificate. */
export async function sealInto(root: string, namespace: string, name: string, values: Record<string, string>,
  scope: SealingScope = SealingScope.STRICT): Promise<string> {
  const result = await seal({ repoRoot: root, certificate: TEST_CERT, namespace, name, values, scope });
  return result.relativeFile;
}

/** One app built and rendered in memory (no disk output): its objects and violations. */
export interface RenderedFixture {
  readonly objects: RenderedObject[];
  readonly violations: Violation[];
}

/** Builds and renders one definition the way synth does, without policies or writing. */
export function renderDefinition(definition: AppDefinition, root: string, conventions: Conventions = STILLON_PROFILE): RenderedFixture {
  const built = buildApp({ definition, sourceFile: `apps/${definition.name}.ts` }, { conventions, rootDir: root });
  const rendered = renderApp(built, new Layout(conventions));
  return { objects: rendered?.objects ?? [], violations: rendered?.violations ?? built.violations };
}

/** Runs the whole synth in `root` on the given definitions (as `apps/<name>.ts`). */
export function synthApps(root: string, definitions: readonly AppDefinition[], options: Partial<SynthOptions> = {}): SynthResult {
  return synth({
    rootDir: root,
    conventions: STILLON_PROFILE,
    apps: definitions.map((definition) => ({ definition, sourceFile: `apps/${definition.name}.ts` })),
    ...options,
  });
}

/** The one manifest of `kind` named `name`; fails the test when there is none or several. */
export function manifestOf(objects: readonly { manifest: any }[], kind: string, name: string): any {
  const found = objects.filter((o) => o.manifest?.kind === kind && o.manifest?.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}/${name}, found ${found.length} among ${objects.map((o) => `${o.manifest?.kind}/${o.manifest?.metadata?.name}`).join(', ')}`);
  }
  return found[0].manifest;
}

/** The codes of the errors among violations, sorted, for `toEqual`. */
export function codesOf(violations: readonly Violation[]): string[] {
  return violations.map((v) => v.code).sort();
}
