import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { RecordBounceRequest, SmtpRequest } from '../bounces/record-bounce.request';
import { createValidationPipe } from './validation';

const BODY = { type: 'body' as const, metatype: RecordBounceRequest };

function bounce(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    address: ' Jane@Example.com ',
    occurredAt: '2026-11-22T12:00:00Z',
    messageId: 'm-1',
    smtp: { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
    ...overrides,
  };
}

describe('the validation pipe with compiled request checks', () => {
  const classValidatorOnly = createValidationPipe();
  const compiled = createValidationPipe([RecordBounceRequest]);

  it('answers a valid body with the instance class-transformer and class-validator answer', async () => {
    const expected = (await classValidatorOnly.transform(bounce(), BODY)) as RecordBounceRequest;
    const classValidator = jest.spyOn(ValidationPipe.prototype, 'transform');
    const actual = (await compiled.transform(bounce(), BODY)) as RecordBounceRequest;

    expect(classValidator).not.toHaveBeenCalled();
    classValidator.mockRestore();

    expect(actual).toBeInstanceOf(RecordBounceRequest);
    expect(actual.smtp).toBeInstanceOf(SmtpRequest);
    expect(actual).toEqual(expected);
  });

  it.each([
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a reply code out of range', { smtp: { replyCode: 999 } }, 'smtp.replyCode'],
    ['a malformed address', { address: 'not an address' }, 'address'],
  ])('refuses %s naming the field, as class-validator does', async (_case, overrides, field) => {
    const refusal = compiled.transform(bounce(overrides), BODY);

    await expect(refusal).rejects.toMatchObject({ status: 400 });
    const errors = ((await refusal.catch((error: unknown) => error)) as { errors: { field: string }[] }).errors;
    expect(errors.map((problem) => problem.field)).toContain(field);
    await expect(classValidatorOnly.transform(bounce(overrides), BODY)).rejects.toMatchObject({ errors });
  });
});
