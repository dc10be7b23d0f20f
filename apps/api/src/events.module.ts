import { Module } from '@nestjs/common';
import { EventsBatchController } from './batch/events-batch.controller';
import { BouncesController } from './bounces/bounces.controller';
import { RecordBounceHandler } from './bounces/record-bounce.handler';
import { CorrectionsController } from './corrections/corrections.controller';
import { RecordCorrectionHandler } from './corrections/record-correction.handler';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { RecordDeliveryHandler } from './deliveries/record-delivery.handler';

export const commandHandlers = [RecordBounceHandler, RecordDeliveryHandler, RecordCorrectionHandler];

/** The fact commands: bounces, deliveries, corrections, one by one or in batches. */
@Module({
  controllers: [BouncesController, DeliveriesController, CorrectionsController, EventsBatchController],
  providers: [...commandHandlers],
})
export class EventsModule {}
