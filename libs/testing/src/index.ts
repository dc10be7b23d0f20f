export { generateHistory } from './history/generate-history';
export type { GenerateHistoryOptions, GeneratedHistory } from './history/generate-history';
