import { Module } from '@nestjs/common';
import { ListRestorationsHandler } from './list-restorations.query';
import { RestorationsController } from './restorations.controller';

export const queryHandlers = [ListRestorationsHandler];

@Module({ controllers: [RestorationsController], providers: [...queryHandlers] })
export class RestorationsModule {}
