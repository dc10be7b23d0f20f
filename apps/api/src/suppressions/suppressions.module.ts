import { Module } from '@nestjs/common';
import { AccessModule } from '../auth/access.module';
import { CheckSuppressionRoute } from './check-suppression.route';
import { CheckSuppressionsHandler, GetSuppressionHandler, ListSuppressionsHandler } from './suppression-query.handlers';
import { SuppressionsController } from './suppressions.controller';

export const queryHandlers = [GetSuppressionHandler, CheckSuppressionsHandler, ListSuppressionsHandler];

@Module({
  imports: [AccessModule],
  controllers: [SuppressionsController],
  providers: [...queryHandlers, CheckSuppressionRoute],
})
export class SuppressionsModule {}
