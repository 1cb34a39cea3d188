import { KubeObject } from '../compare';

/**
 * What the mapper makes of one app: the statements of its build callback, in order, each part
 * tagged with the objects it stands for, plus the imports those statements use. The emitter
 * turns it into `apps/<app>.ts`; the proof decides whether a typed part must become raw.
 */
export interface AppModel {
  readonly name: string;
  /** The options object of defineApp (namespace, flux), as source; empty when all are defaults. */
  readonly options: string;
  readonly imports: Imports;
  readonly parts: readonly Part[];
  /** Sealed files the app reads: copied byte for byte from where the original listed them. */
  readonly sealed: readonly SealedCopy[];
}

export interface Imports {
  /** From the library: StandardApp, ProtectedPvc... */
  readonly stillon: Set<string>;
  /** From cdk8s: Duration, Size. */
  readonly cdk8s: Set<string>;
  /** From cdk8s-plus-28: Cpu, Capability, Protocol, Volume. */
  readonly kplus: Set<string>;
}

export function newImports(): Imports {
  return { stillon: new Set(['defineApp']), cdk8s: new Set(), kplus: new Set() };
}

/** Statements of the callback for some objects of the original. */
export interface Part {
  /** `Kind/name` of every original object these statements render. */
  readonly objects: readonly string[];
  /** The statements, without indentation. */
  readonly lines: readonly string[];
  /** Whether these are typed constructs (true) or RawObjects (false). */
  readonly typed: boolean;
  /** The construct id of the part's first construct: a synth error at `<app>/<id>/...` is the part's. */
  readonly id: string;
}

export interface SealedCopy {
  readonly name: string;
  readonly namespace: string;
  /** Absolute path of the original file. */
  readonly from: string;
  /** Its exact bytes. */
  readonly bytes: Buffer;
}

/** `Kind/name`: how the mapper names an object of the original. */
export function objectKey(o: KubeObject): string {
  return `${o.kind}/${o.metadata?.name}`;
}

/** Something the typed mapping cannot express exactly: the object goes through RawObject, for this reason. */
export class Unmappable extends Error {}

export function unmappable(reason: string): never {
  throw new Unmappable(reason);
}
