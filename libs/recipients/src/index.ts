export * from './command-handling/handle-command';
