import { FactRequest } from '../bounces/record-bounce.request';

export class RecordDeliveryRequest extends FactRequest {}
