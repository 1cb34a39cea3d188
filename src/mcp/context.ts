import { Kubectl } from './kubectl';

/** What every tool works on: the repository it is rooted at, and the cluster through kubectl. */
export interface McpContext {
  /** The repository root (found with findRepositoryRoot); no tool reads or writes outside it. */
  readonly rootDir: string;
  /** The only way to the cluster: read verbs, checked before any process starts. */
  readonly kubectl: Kubectl;
  /**
   * Runs `work` after every write started before it has finished: two write tools called at once
   * must not measure each other's changes, nor write the same files at the same time.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** A context whose writes run one at a time. */
export function createContext(rootDir: string, kubectl: Kubectl = new Kubectl()): McpContext {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    rootDir,
    kubectl,
    exclusive<T>(work: () => Promise<T>): Promise<T> {
      const next = queue.then(work, work);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
