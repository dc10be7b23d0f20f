import { Module } from '@nestjs/common';
import { EventsBatchController } from './batch/events-batch.controller';
import { BouncesController } from './bounces/bounces.controller';
import { CorrectionsController } from './corrections/corrections.controller';
import { DeliveriesController } from './deliveries/deliveries.controller';

/** The fact commands: bounces, deliveries, corrections, one by one or in batches. */
@Module({
  controllers: [BouncesController, DeliveriesController, CorrectionsController, EventsBatchController],
})
export class EventsModule {}
