import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';

export const MAX_BULK_CHECK = 10_000;

export class CheckSuppressionsRequest {
  @ApiProperty({ type: [String], maxItems: MAX_BULK_CHECK, example: ['jane@example.com', 'joe@example.org'] })
  @IsArray({ message: 'addresses must be an array of strings' })
  @ArrayMinSize(1, { message: 'addresses must not be empty' })
  @ArrayMaxSize(MAX_BULK_CHECK, { message: `addresses may hold at most ${MAX_BULK_CHECK} entries` })
  @IsString({ each: true, message: 'addresses must hold strings only' })
  addresses!: string[];
}
