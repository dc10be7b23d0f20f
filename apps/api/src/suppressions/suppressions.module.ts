import { Module } from '@nestjs/common';
import { SuppressManuallyHandler } from './suppress-manually.handler';
import { CheckSuppressionsHandler, GetSuppressionHandler, ListSuppressionsHandler } from './suppression-query.handlers';
import { SuppressionsController } from './suppressions.controller';

export const commandHandlers = [SuppressManuallyHandler];
export const queryHandlers = [GetSuppressionHandler, CheckSuppressionsHandler, ListSuppressionsHandler];

@Module({ controllers: [SuppressionsController], providers: [...commandHandlers, ...queryHandlers] })
export class SuppressionsModule {}
