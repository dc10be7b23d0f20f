import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from '@app/recipients';
import { bodySchemaOf } from '../http/body-schema';

export const MAX_BATCH = 1000;

/** Items are validated one by one, so one bad item gets its own error while the others are applied. */
export class EventsBatchRequest {
  @ApiProperty({
    type: 'array',
    maxItems: MAX_BATCH,
    items: { $ref: '#/components/schemas/BatchItem' },
    description: 'Each item is a bounce, delivery, correction, complaint or unsubscribe body plus its `type`',
  })
  @IsArray({ message: 'events must be an array' })
  @ArrayMinSize(1, { message: 'events must not be empty' })
  @ArrayMaxSize(MAX_BATCH, { message: `events may hold at most ${MAX_BATCH} items` })
  @IsObject({ each: true, message: 'each item of events must be an object' })
  events!: Record<string, unknown>[];
}

/**
 * The batch's route schema: Fastify's compiled validator checks the list and that each item is an object, so the pipe
 * neither copies the thousand items through class-transformer nor walks them with class-validator; each item is then
 * checked on its own (`parseBatchItem`).
 */
export const EVENTS_BATCH_SCHEMA = { body: bodySchemaOf(EventsBatchRequest) };
