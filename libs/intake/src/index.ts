export * from './intake-command';
