export * from './scopes';
export * from './token-secret';
export * from './access-token-events';
export * from './access-token-registry';
export * from './access-token-request';
export * from './access-tokens';
