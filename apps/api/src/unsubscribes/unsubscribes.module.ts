import { Module } from '@nestjs/common';
import { UnsubscribesController } from './unsubscribes.controller';

@Module({ controllers: [UnsubscribesController] })
export class UnsubscribesModule {}
