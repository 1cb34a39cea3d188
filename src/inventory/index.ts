export * from './facts';
export * from './inventory';
export * from './quantity';
