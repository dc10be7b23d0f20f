import { Module } from '@nestjs/common';
import { ListRestorationsHandler } from './list-restorations.query';
import { RestorationsController } from './restorations.controller';
import { RevertRestorationHandler } from './revert-restoration.handler';

export const commandHandlers = [RevertRestorationHandler];
export const queryHandlers = [ListRestorationsHandler];

@Module({ controllers: [RestorationsController], providers: [...commandHandlers, ...queryHandlers] })
export class RestorationsModule {}
