export * from './certificate';
export * from './crypto';
export * from './errors';
export * from './sealed-secret-document';
export * from './secret-data';
export * from './seal';
export * from './secret-input';
