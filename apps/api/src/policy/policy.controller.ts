import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PolicyDocument } from '@app/domain';
import { CurrentPolicy } from './current-policy';

@ApiTags('policy')
@Controller('v1/policy')
export class PolicyController {
  constructor(private readonly policy: CurrentPolicy) {}

  @Get()
  @ApiOperation({ summary: 'The policy in force' })
  current(): PolicyDocument {
    return this.policy.get().document;
  }
}
