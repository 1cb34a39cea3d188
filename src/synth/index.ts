export * from './build';
export * from './check';
export * from './discover';
export * from './layout';
export * from './render';
export * from './synth';
export * from './write';
export * from '../yaml/yaml';
