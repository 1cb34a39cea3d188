export * from './conventions';
export * from './constructs';
export * from './policy';
export * from './synth';
export * from './seal';
export * from './check';
export * from './inventory';
export * from './scaffold';
