import { Module } from '@nestjs/common';
import { PolicyController } from './policy.controller';
import { SimulatePolicyHandler } from './simulate-policy.query';
import { SimulationSlots } from './simulation-slots';

export const queryHandlers = [SimulatePolicyHandler];

@Module({ controllers: [PolicyController], providers: [...queryHandlers, SimulationSlots] })
export class PolicyModule {}
