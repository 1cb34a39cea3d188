export * from './difference';
export * from './semantic';
export * from './stillon-conventions';
