export type { paths, components, operations } from './generated/recipient-state-api';
export type { QueryParameters, RequestBody, ResponseBody, ServicePath } from './operation-types';
export type { FieldError } from './recipient-state-problem';
export { RecipientStateProblem } from './recipient-state-problem';
export type { RetryClock, RetryOptions } from './retry-options';
export type { Fetch } from './retrying-fetch';
export type {
  CheckResult,
  ReadOptions,
  RecipientStateClient,
  RecipientStateClientOptions,
} from './recipient-state-client';
export { CHECK_BATCH_SIZE, createRecipientStateClient } from './recipient-state-client';
