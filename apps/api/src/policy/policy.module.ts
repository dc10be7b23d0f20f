import { Module } from '@nestjs/common';
import { PolicyController } from './policy.controller';
import { SimulatePolicyHandler } from './simulate-policy.query';

export const queryHandlers = [SimulatePolicyHandler];

@Module({ controllers: [PolicyController], providers: [...queryHandlers] })
export class PolicyModule {}
