import type { paths } from './generated/recipient-state-api';

/** A path of the service, as its OpenAPI document spells it (`/v1/suppressions/{address}`). */
export type ServicePath = keyof paths;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends ServicePath, M extends Method> = paths[P][M & keyof paths[P]];

/** The JSON body an operation takes. */
export type RequestBody<P extends ServicePath, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer Body } } } ? Body : never;

/** The query parameters an operation takes. */
export type QueryParameters<P extends ServicePath, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** The JSON body of an operation's success answer; `unknown` where the document does not describe it. */
export type ResponseBody<P extends ServicePath, M extends Method> =
  Operation<P, M> extends { responses: infer Responses } ? SuccessBody<Responses> : never;

type SuccessBody<Responses> = {
  [Status in keyof Responses]: Status extends 200 | 201 | 202 ? JsonContent<Responses[Status]> : never;
}[keyof Responses];

type JsonContent<Answer> = Answer extends { content: { 'application/json': infer Body } } ? Body : unknown;
