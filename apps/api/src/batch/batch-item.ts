import type { ClassConstructor } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { RecipientCommand } from '@app/domain';
import { recordBounceCommand } from '../bounces/record-bounce.command';
import { RecordBounceRequest } from '../bounces/record-bounce.request';
import { recordComplaintCommand } from '../complaints/record-complaint.command';
import { RecordComplaintRequest } from '../complaints/record-complaint.request';
import { recordCorrectionCommand } from '../corrections/record-correction.command';
import { RecordCorrectionRequest } from '../corrections/record-correction.request';
import { recordDeliveryCommand } from '../deliveries/record-delivery.command';
import { RecordDeliveryRequest } from '../deliveries/record-delivery.request';
import { cappedBadRequest } from '../http/capped-problems';
import { ProblemError } from '../http/problem-details';
import { fieldProblems } from '../http/validation';
import { recordUnsubscribeCommand } from '../unsubscribes/record-unsubscribe.command';
import { RecordUnsubscribeRequest } from '../unsubscribes/record-unsubscribe.request';

const KINDS = {
  bounce: { request: RecordBounceRequest, command: (r: object) => recordBounceCommand(r as RecordBounceRequest) },
  delivery: {
    request: RecordDeliveryRequest,
    command: (r: object) => recordDeliveryCommand(r as RecordDeliveryRequest),
  },
  correction: {
    request: RecordCorrectionRequest,
    command: (r: object) => recordCorrectionCommand(r as RecordCorrectionRequest),
  },
  complaint: {
    request: RecordComplaintRequest,
    command: (r: object) => recordComplaintCommand(r as RecordComplaintRequest),
  },
  unsubscribe: {
    request: RecordUnsubscribeRequest,
    command: (r: object) => recordUnsubscribeCommand(r as RecordUnsubscribeRequest),
  },
} as const;

const TYPE_MESSAGE = `type must be one of: ${Object.keys(KINDS).join(', ')}`;

export interface ParsedBatchItem {
  command: RecipientCommand;
  address: string;
}

/** Validates one batch item exactly as its own endpoint would, naming fields as `events[i].field`. */
export function parseBatchItem(item: Record<string, unknown>, index: number): ParsedBatchItem | ProblemError {
  const prefix = `events[${index}]`;
  const { type, ...body } = item;
  // Own keys only: `in` would also accept `toString` or `constructor` from the prototype.
  if (typeof type !== 'string' || !Object.hasOwn(KINDS, type)) {
    return ProblemError.badRequest(`${prefix}.${TYPE_MESSAGE}`, [{ field: `${prefix}.type`, message: TYPE_MESSAGE }]);
  }
  const kind = KINDS[type as keyof typeof KINDS];
  const request = plainToInstance(kind.request as ClassConstructor<object>, body);
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    return cappedBadRequest('Invalid item', fieldProblems(errors, prefix));
  }
  try {
    return { command: kind.command(request), address: String(body.address).trim().toLowerCase() };
  } catch (error) {
    // An address the domain refuses is this item's 400, its fields named as validation names them.
    if (error instanceof ProblemError) {
      const errors = error.errors.map((fault) => ({ ...fault, field: `${prefix}.${fault.field}` }));
      return new ProblemError(error.status, error.title, error.message, errors);
    }
    throw error;
  }
}
