import { forgetRepositoryModules } from './fresh-modules';
import { SynthResult, synth } from '../synth/synth';

/**
 * What synth would write now, written nowhere: every read tool and `drift` start here, so they
 * see the apps through the same pipeline (build, every rule, render) as `stillon synth`.
 */
export function renderRepository(rootDir: string): SynthResult {
  forgetRepositoryModules(rootDir);
  return synth({ rootDir, check: true });
}
