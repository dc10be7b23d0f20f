import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TEST_AUTHORIZATION } from '../../support/test-app';

/** One malformed request, and what a correct answer to it looks like. */
export interface FuzzCase {
  request: FuzzRequest;
  expected: Expected;
  /** A batch whose every item is bad: answered 200 with each item's own error (or refused whole, as `expected`). */
  items?: readonly Expected[];
}

export interface FuzzRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface Expected {
  statuses: readonly number[];
  /** The answer names at least one of these (a field nested under one of them counts). */
  fields: readonly string[];
}

interface FuzzAnswer {
  status: number;
  contentType: string;
  body: any;
}

/** Sends one case through Fastify's `inject`: the whole HTTP stack of the app, without a socket. */
export async function sendCase(app: NestFastifyApplication, request: FuzzRequest): Promise<FuzzAnswer> {
  // Every case carries the test token: what is fuzzed is the input, not the credentials.
  const headers = { authorization: TEST_AUTHORIZATION, ...request.headers };
  const response = await app
    .getHttpAdapter()
    .getInstance()
    .inject({ ...request, headers });
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = response.body;
  }
  return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body };
}

/** Everything wrong with the answer to one case; empty when it is the clear 4xx the contract asks for. */
export function answerProblems(fuzzCase: FuzzCase, answer: FuzzAnswer): string[] {
  if (answer.status >= 500) {
    return [`answered ${answer.status}`];
  }
  if (fuzzCase.items !== undefined && answer.status === 200) {
    return batchProblems(fuzzCase.items, answer.body);
  }
  return problemDocumentProblems(fuzzCase.expected, answer.status, answer.body, answer.contentType);
}

function batchProblems(items: readonly Expected[], body: any): string[] {
  const results: unknown = body?.results;
  if (!Array.isArray(results) || results.length !== items.length) {
    return [`a batch of ${items.length} bad items was answered without one result per item`];
  }
  return items.flatMap((expected, index) => {
    const result = results[index] as { index?: unknown; status?: unknown; error?: any } | undefined;
    if (result?.index !== index || typeof result.status !== 'number') {
      return [`item ${index} has no result of its own`];
    }
    // The batch itself is application/json; each item's error is a problem document inside it.
    return problemDocumentProblems(expected, result.status, result.error, 'application/problem+json').map(
      (problem) => `item ${index}: ${problem}`,
    );
  });
}

function problemDocumentProblems(expected: Expected, status: number, body: any, contentType: string): string[] {
  const problems: string[] = [];
  if (!expected.statuses.includes(status)) {
    problems.push(`answered ${status}, not ${expected.statuses.join(' or ')}`);
  }
  if (!contentType.startsWith('application/problem+json')) {
    problems.push(`answered as ${contentType || 'no content type'}`);
  }
  if (body?.status !== status || typeof body?.title !== 'string' || typeof body?.detail !== 'string') {
    problems.push('the body is not a problem document');
    return problems;
  }
  const named = namedFields(body);
  if (!expected.fields.some((field) => named.some((name) => covers(name, field)))) {
    problems.push(`it names ${JSON.stringify(named)}, none of ${JSON.stringify(expected.fields)}`);
  }
  return problems;
}

/** The fields a problem document names: its `errors`, else the words of its detail. */
function namedFields(body: { detail: string; errors?: unknown }): string[] {
  const errors = Array.isArray(body.errors)
    ? body.errors.map((error: { field?: unknown }) => String(error?.field))
    : [];
  return errors.length > 0 ? errors : body.detail.split(/[\s,;]+/).map((word) => word.replace(/:$/, ''));
}

/** `smtp.replyCode` covers `smtp`; `items.3` and `items[3]` are the same field. */
function covers(named: string, expected: string): boolean {
  const [a, b] = [canonical(named), canonical(expected)];
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
}

function canonical(field: string): string {
  return field.replace(/(^|\.)(\d+)(?=\.|\[|$)/g, '[$2]');
}

/** A case as a failure message shows it: long payloads are cut. */
export function describeCase(fuzzCase: FuzzCase): string {
  const { method, url, headers, payload } = fuzzCase.request;
  const cut = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}... (${text.length} characters)` : text);
  return `${method} ${cut(url)} ${JSON.stringify(headers)} ${payload === undefined ? '' : cut(payload)}`;
}
