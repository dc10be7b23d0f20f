import { getMetadataStorage } from '@app/recipients';
import type { FieldProblem } from './problem-details';

interface ArrayLimit {
  field: string;
  max: number;
  message: string;
}

/** Per request type, read once: its fields' `@ArrayMaxSize` limits. */
const limitsByType = new WeakMap<object, ArrayLimit[]>();

function arrayLimitsOf(dto: new () => object): ArrayLimit[] {
  let limits = limitsByType.get(dto);
  if (limits === undefined) {
    limits = getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .filter((rule) => rule.type === 'customValidation' && rule.name === 'arrayMaxSize')
      .map((rule) => {
        const max = Number(rule.constraints?.[0]);
        const message =
          typeof rule.message === 'string' ? rule.message : `${rule.propertyName} may hold at most ${max} items`;
        return { field: rule.propertyName, max, message };
      });
    limitsByType.set(dto, limits);
  }
  return limits;
}

/**
 * The lists of a body longer than its request type's `@ArrayMaxSize` allows. Checked before class-transformer and
 * class-validator, which would otherwise turn and check every item of a 700,000-item list only to refuse its length.
 */
export function declaredArrayLimitProblems(body: unknown, dto: new () => object): FieldProblem[] {
  if (typeof body !== 'object' || body === null) {
    return [];
  }
  return arrayLimitsOf(dto)
    .filter(({ field, max }) => {
      const value: unknown = (body as Record<string, unknown>)[field];
      return Array.isArray(value) && value.length > max;
    })
    .map(({ field, message }) => ({ field, message }));
}
