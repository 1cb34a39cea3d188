export * from './app-source';
export * from './scaffold';
