// The single source of truth for the data model; drizzle-kit generates db/migrations from these files.
export * from './core';
export * from './accounts';
export * from './widget';
export * from './followups';
export * from './webhooks';
export * from './sessions';
export * from './rollups';
export * from './themes';
export * from './unsubscribes';
export * from './goals';
