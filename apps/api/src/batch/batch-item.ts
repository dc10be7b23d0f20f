import type { ClassConstructor } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { validateSync } from '@app/recipients';
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
import type { RequestCheck } from './compiled-request-check';
import { compileRequestCheck } from './compiled-request-check';

/** One item type: its request DTO, its compiled check and the domain command it asks for. */
interface ItemKind {
  request: ClassConstructor<object>;
  check: RequestCheck<object>;
  command: (request: object) => RecipientCommand;
}

function itemKind<T extends object>(request: new () => T, command: (request: T) => RecipientCommand): ItemKind {
  return { request, check: compileRequestCheck(request), command: command as (request: object) => RecipientCommand };
}

const KINDS: Record<string, ItemKind> = {
  bounce: itemKind(RecordBounceRequest, recordBounceCommand),
  delivery: itemKind(RecordDeliveryRequest, recordDeliveryCommand),
  correction: itemKind(RecordCorrectionRequest, recordCorrectionCommand),
  complaint: itemKind(RecordComplaintRequest, recordComplaintCommand),
  unsubscribe: itemKind(RecordUnsubscribeRequest, recordUnsubscribeCommand),
};

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
  const kind = KINDS[type] as ItemKind;
  // The compiled check vouches for a valid item at a small part of class-validator's cost; any other item is
  // validated by class-validator, so its error names the fields as the item's own endpoint names them.
  const request = kind.check(body) ?? validatedRequest(kind, body, prefix);
  if (request instanceof ProblemError) {
    return request;
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

function validatedRequest(kind: ItemKind, body: Record<string, unknown>, prefix: string): object | ProblemError {
  const request = plainToInstance(kind.request, body);
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length > 0 ? cappedBadRequest('Invalid item', fieldProblems(errors, prefix)) : request;
}
