import { ApiProperty } from '@nestjs/swagger';
import { SCOPES } from '@app/access';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn } from '@app/recipients';
import { Text, Timestamp } from '../http/field-decorators';

export class CreateTokenRequest {
  @Text(200, { description: 'What the token is for, shown as the actor of what it records', example: 'mta-eu-1' })
  name!: string;

  @Text(200, { optional: true, description: "Who answers for it; default: the issuing token's owner" })
  owner?: string;

  @ApiProperty({ type: [String], enum: [...SCOPES], example: ['check', 'ingest'] })
  @IsArray({ message: 'scopes must be an array' })
  @ArrayMinSize(1, { message: 'scopes must name at least one scope' })
  @ArrayUnique({ message: 'scopes must not repeat a scope' })
  @IsIn(SCOPES, { each: true, message: `scopes must each be one of: ${SCOPES.join(', ')}` })
  scopes!: string[];

  @Timestamp({ optional: true, description: 'When the token stops working; absent: never' })
  expiresAt?: string;
}
