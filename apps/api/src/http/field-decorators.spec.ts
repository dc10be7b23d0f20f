import 'reflect-metadata';
import type { ClassConstructor } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RecordCorrectionRequest } from '../corrections/record-correction.request';
import { RecordDeliveryRequest } from '../deliveries/record-delivery.request';
import { fieldProblems } from './validation';
import { ListSuppressionsParams } from '../suppressions/list-suppressions.query-params';
import { RecordBounceRequest } from '../bounces/record-bounce.request';

function validated<T extends object>(type: ClassConstructor<T>, body: object) {
  const request = plainToInstance(type, body);
  const problems = fieldProblems(validateSync(request, { whitelist: true, forbidNonWhitelisted: true }));
  return { request, problems };
}

const address = 'jane@example.com';

describe('occurredAt and other times in requests', () => {
  it.each([
    ['UTC with Z', '2026-11-01T10:00:00Z'],
    ['a lower-case z and t, as RFC 3339 allows', '2026-11-01t10:00:00z'],
    ['a positive offset', '2026-11-01T11:00:00+01:00'],
    ['a negative offset and fractional seconds', '2026-11-01T05:00:00.250-05:00'],
  ])('accepts %s', (_name, occurredAt) => {
    expect(validated(RecordBounceRequest, { address, occurredAt }).problems).toEqual([]);
  });

  it.each([
    ['a time without a zone', '2026-11-01T10:00:00', /occurredAt has no zone offset/],
    ['a bare date', '2026-11-01', /occurredAt has no zone offset/],
    ['a time with a space and no zone', '2026-11-01 10:00:00', /occurredAt has no zone offset/],
    ['a time without seconds', '2026-11-01T10:00Z', /occurredAt must be an RFC 3339 date-time/],
    ['an offset without a colon', '2026-11-01T10:00:00+0100', /occurredAt must be an RFC 3339 date-time/],
    ['a day the calendar lacks', '2026-02-30T10:00:00Z', /occurredAt must be an RFC 3339 date-time/],
    ['an hour past the day', '2026-11-01T24:00:00Z', /occurredAt must be an RFC 3339 date-time/],
    ['a number', 1_793_527_200_000, /occurredAt must be an RFC 3339 date-time/],
  ])('rejects %s, naming occurredAt', (_name, occurredAt, message) => {
    const { problems } = validated(RecordBounceRequest, { address, occurredAt });
    expect(problems).toEqual([{ field: 'occurredAt', message: expect.stringMatching(message) }]);
  });

  it('holds for deliveries, corrections and the since filter of the suppression list', () => {
    const zoneless = '2026-11-01T10:00:00';
    expect(validated(RecordDeliveryRequest, { address, occurredAt: zoneless }).problems[0]?.field).toBe('occurredAt');
    const correction = validated(RecordCorrectionRequest, { address, by: 'ops', occurredAt: zoneless });
    expect(correction.problems[0]?.field).toBe('occurredAt');
    expect(validated(ListSuppressionsParams, { since: zoneless }).problems[0]?.field).toBe('since');
    expect(validated(ListSuppressionsParams, { since: '2026-11-01T10:00:00Z' }).problems).toEqual([]);
  });
});

describe('source', () => {
  const occurredAt = '2026-11-01T10:00:00Z';

  it('is trimmed and lower-cased, so every spelling of one source is one source', () => {
    expect(validated(RecordBounceRequest, { address, occurredAt, source: ' SES ' }).request.source).toBe('ses');
    expect(validated(RecordDeliveryRequest, { address, occurredAt, source: 'SendGrid' }).request.source).toBe(
      'sendgrid',
    );
  });

  it('must still say something once trimmed', () => {
    const { problems } = validated(RecordBounceRequest, { address, occurredAt, source: '   ' });
    expect(problems).toEqual([{ field: 'source', message: 'source must not be empty' }]);
  });

  it('is still rejected when it is not text', () => {
    const { problems } = validated(RecordBounceRequest, { address, occurredAt, source: 7 });
    expect(problems.map((problem) => problem.field)).toContain('source');
  });
});
