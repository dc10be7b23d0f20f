import { metadataWithTrace, splitTrace } from './event-trace';

const eventId = '3f1c8f0e-6d7b-4a53-9a53-0f5d7c2a9b11';

describe('event trace in metadata', () => {
  it('stores correlationId, causationId and source under the reserved keys, beside the caller metadata', () => {
    const stored = metadataWithTrace({
      eventId,
      type: 'Noted',
      data: {},
      metadata: { schema: 2 },
      correlationId: 'c-1',
      causationId: 'k-1',
      source: 'http',
    });

    expect(stored).toEqual({ schema: 2, $correlationId: 'c-1', $causationId: 'k-1', $source: 'http' });
  });

  it('leaves metadata alone, even undefined, when there is no trace', () => {
    expect(metadataWithTrace({ eventId, type: 'Noted', data: {} })).toBeUndefined();
    expect(metadataWithTrace({ eventId, type: 'Noted', data: {}, metadata: { a: 1 } })).toEqual({ a: 1 });
  });

  it('splits a stored document back into metadata and trace fields', () => {
    expect(splitTrace({ schema: 2, $correlationId: 'c-1', $source: 'mail' })).toEqual({
      metadata: { schema: 2 },
      correlationId: 'c-1',
      source: 'mail',
    });
  });

  it('refuses a reserved key in the caller metadata, naming it', () => {
    expect(() => metadataWithTrace({ eventId, type: 'Noted', data: {}, metadata: { $source: 'x' } })).toThrow(
      /metadata\.\$source .* pass source instead/,
    );
  });

  it('refuses an empty trace field, naming it', () => {
    expect(() => metadataWithTrace({ eventId, type: 'Noted', data: {}, correlationId: '' })).toThrow(
      /correlationId of event .* must be a non-empty string/,
    );
  });
});
