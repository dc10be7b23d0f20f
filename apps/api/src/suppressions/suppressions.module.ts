import { Module } from '@nestjs/common';
import { CheckSuppressionsHandler, GetSuppressionHandler, ListSuppressionsHandler } from './suppression-query.handlers';
import { SuppressionsController } from './suppressions.controller';

export const queryHandlers = [GetSuppressionHandler, CheckSuppressionsHandler, ListSuppressionsHandler];

@Module({ controllers: [SuppressionsController], providers: [...queryHandlers] })
export class SuppressionsModule {}
