import { TransformationType } from 'class-transformer';
import type { MetadataStorage as TransformMetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from '@app/recipients';

type ValidationRule = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type JsonSchema = Record<string, unknown>;
type RequestClass = new () => object;

/**
 * class-transformer keeps its decorators' metadata in a storage its package root does not export; Nest's mapped types
 * read the same module.
 */
const transformMetadata = // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformMetadataStorage })
    .defaultMetadataStorage;

/** A rule the schema cannot state exactly, left to class-validator's own constraint for that one field. */
export interface KeptRule {
  property: string;
  /** Skipped when the value is null or undefined, as `@IsOptional()` skips every rule of its field. */
  optional: boolean;
  /** class-validator's verdict on the field's value, asked as its validation asks it. */
  accepts(value: unknown, object: object): boolean;
}

/** What class-transformer does to one field before validation: its `@Transform` functions, in order. */
export type FieldTransform = (value: unknown, key: string, source: object) => unknown;

/**
 * A request DTO read off its decorators: the JSON schema of its rules, the rules kept to class-validator, the
 * `@Transform`s class-transformer applies before validating, and the class (`@Type`) of each nested object.
 */
export interface RequestShape {
  dto: RequestClass;
  schema: JsonSchema;
  keptRules: KeptRule[];
  transforms: Map<string, FieldTransform>;
  nested: Map<string, RequestShape>;
}

/**
 * The JSON schema a request DTO's class-validator rules amount to, for Fastify to compile once and check a body with
 * before Nest's pipe (which then skips class-transformer and class-validator for a body the schema accepted). The DTO
 * stays the one source of the contract: the schema is read off its decorators, and a rule with no exact JSON schema
 * counterpart is refused at start rather than approximated, as are `@Transform` and nested `@Type`, which the pipe
 * would skip. A body the schema refuses still goes through class-validator, which names the fields, so the schema
 * only has to accept nothing class-validator would refuse.
 */
export function bodySchemaOf(dto: RequestClass): JsonSchema {
  const shape = requestShapeOf(dto, { keepRules: false });
  const [transformed] = shape.transforms.keys();
  if (transformed !== undefined) {
    throw new Error(`${dto.name}.${transformed}: a body schema cannot apply @Transform`);
  }
  const [nested] = shape.nested.keys();
  if (nested !== undefined) {
    throw new Error(`${dto.name}.${nested}: a body schema cannot build a nested @Type`);
  }
  return shape.schema;
}

/**
 * A DTO's shape for a caller that applies the transforms and nested types itself. With `keepRules`, a rule of a
 * top-level field that has no exact schema is kept to class-validator's constraint instead of refused.
 */
export function requestShapeOf(dto: RequestClass, options: { keepRules: boolean }): RequestShape {
  return shapeOf(dto, options.keepRules);
}

function shapeOf(dto: RequestClass, keepRules: boolean): RequestShape {
  refuseExposure(dto);
  // The rules class-validator runs on an instance without groups, as validateSync does.
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false);
  const byProperty = new Map<string, ValidationRule[]>();
  for (const rule of rules) {
    refuseOptions(dto, rule);
    byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  }
  const shape: RequestShape = { dto, schema: {}, keptRules: [], transforms: new Map(), nested: new Map() };
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, propertyRules] of byProperty) {
    const optional = propertyRules.some((rule) => rule.type === 'conditionalValidation' && rule.name === 'isOptional');
    const nestedClass = nestedClassOf(dto, name, propertyRules);
    const nested = nestedClass === undefined ? undefined : shapeOf(nestedClass, false);
    if (nested !== undefined) {
      shape.nested.set(name, nested);
    }
    const transform = transformOf(dto, name);
    if (transform !== undefined) {
      if (nested !== undefined) {
        throw new Error(`${dto.name}.${name}: no body schema for @Transform on a nested @Type`);
      }
      shape.transforms.set(name, transform);
    }
    const fragments: JsonSchema[] = [];
    for (const rule of propertyRules) {
      if (rule.type === 'conditionalValidation' && rule.name === 'isOptional') {
        continue;
      }
      const fragment = rule.type === 'nestedValidation' ? { type: 'object', ...nested?.schema } : fragmentOf(rule);
      if (fragment !== undefined) {
        fragments.push(rule.each === true ? { items: fragment } : fragment);
      } else if (keepRules && rule.each !== true) {
        shape.keptRules.push(keptRule(dto, rule, optional));
      } else {
        throw new Error(`${dto.name}.${name}: no body schema for ${rule.name ?? rule.type}`);
      }
    }
    const property = merged(fragments);
    if (property.items !== undefined && property.type !== 'array') {
      throw new Error(`${dto.name}.${name}: a rule for each item needs @IsArray() for a body schema`);
    }
    // An optional field may also be null: `@IsOptional()` skips every rule for null as for a missing field.
    properties[name] =
      optional && Object.keys(property).length > 0 ? { anyOf: [{ type: 'null' }, property] } : property;
    if (!optional) {
      required.push(name);
    }
  }
  shape.schema = { type: 'object', properties, required, additionalProperties: false };
  return shape;
}

/**
 * The JSON schema of one rule, refusing exactly the values the rule refuses (each carries its own type, since
 * class-validator's `min` refuses a string that JSON schema's `minimum` would pass), or undefined when none does.
 */
function fragmentOf(rule: ValidationRule): JsonSchema | undefined {
  const constraint: unknown = rule.constraints?.[0];
  switch (rule.type === 'customValidation' ? (rule.name ?? '') : rule.type) {
    case 'isString':
      return { type: 'string' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isInt':
      return { type: 'integer' };
    case 'isObject':
      return { type: 'object' };
    case 'isArray':
      return { type: 'array' };
    case 'arrayMinSize':
      return { type: 'array', minItems: constraint };
    case 'arrayMaxSize':
      return { type: 'array', maxItems: constraint };
    case 'min':
      return { type: 'number', minimum: constraint };
    case 'max':
      return { type: 'number', maximum: constraint };
    case 'isIn':
      return Array.isArray(constraint) && constraint.every(isJsonPrimitive) ? { enum: constraint } : undefined;
    case 'matches':
      // validator's `matches` tests the RegExp as given; Ajv compiles the source without flags (BODY_SCHEMA_AJV).
      return constraint instanceof RegExp && constraint.flags === '' && rule.constraints?.[1] === undefined
        ? { type: 'string', pattern: constraint.source }
        : undefined;
    case 'minLength':
      // validator's length leaves out a variation selector after a character and counts a surrogate pair once, so
      // it is at least 1 exactly when the string is not empty; a longer minimum has no JSON schema counterpart.
      return typeof constraint === 'number' && constraint <= 1 ? { type: 'string', minLength: constraint } : undefined;
    case 'maxLength':
      // Ajv counts code points, never fewer than validator's length: the schema accepts no string the rule refuses,
      // and one within the limit only by validator's count (variation selectors) is left to class-validator.
      return typeof constraint === 'number' ? { type: 'string', maxLength: constraint } : undefined;
    default:
      return undefined;
  }
}

function isJsonPrimitive(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && isFinite(value));
}

/** One schema of every fragment's keywords; fragments whose keywords clash are kept whole under `allOf`. */
function merged(fragments: JsonSchema[]): JsonSchema {
  const schema: JsonSchema = {};
  const clashing: JsonSchema[] = [];
  for (const fragment of fragments) {
    const fits = Object.entries(fragment).every(
      ([key, value]) =>
        !(key in schema) || JSON.stringify(schema[key]) === JSON.stringify(value) || numeric(key, value, schema[key]),
    );
    if (!fits) {
      clashing.push(fragment);
      continue;
    }
    for (const [key, value] of Object.entries(fragment)) {
      // An integer is a number: `@IsInt()` with `@Min()` is one integer type.
      schema[key] = key === 'type' && schema[key] === 'integer' ? 'integer' : value;
    }
  }
  return clashing.length === 0 ? schema : { ...schema, allOf: clashing };
}

function numeric(key: string, value: unknown, existing: unknown): boolean {
  return key === 'type' && [value, existing].includes('integer') && [value, existing].includes('number');
}

/** The nested class a `@ValidateNested()` field is built as, read off its `@Type`. */
function nestedClassOf(dto: RequestClass, name: string, rules: ValidationRule[]): RequestClass | undefined {
  const type = transformMetadata.findTypeMetadata(dto, name) as
    ReturnType<TransformMetadataStorage['findTypeMetadata']> | undefined;
  const validatesNested = rules.some((rule) => rule.type === 'nestedValidation');
  if (type === undefined) {
    if (validatesNested) {
      // Without @Type the object stays plain, and class-validator refuses a plain object as an unknown value.
      throw new Error(`${dto.name}.${name}: @ValidateNested() needs @Type for a body schema`);
    }
    return undefined;
  }
  // A type chosen per value (a discriminator, a function of the object) is not one schema.
  if (!validatesNested || type.options?.discriminator !== undefined || type.typeFunction.length > 0) {
    throw new Error(`${dto.name}.${name}: no body schema for this @Type`);
  }
  return type.typeFunction() as RequestClass;
}

/** The field's `@Transform`s as plainToInstance applies them (without groups or versions), or undefined for none. */
function transformOf(dto: RequestClass, name: string): FieldTransform | undefined {
  const transforms = transformMetadata.findTransformMetadatas(dto, name, TransformationType.PLAIN_TO_CLASS);
  for (const transform of transforms) {
    const { groups, since, until } = transform.options ?? {};
    if ((groups !== undefined && groups.length > 0) || since !== undefined || until !== undefined) {
      throw new Error(`${dto.name}.${name}: no body schema for a @Transform with groups or versions`);
    }
  }
  if (transforms.length === 0) {
    return undefined;
  }
  return (value, key, source) =>
    transforms.reduce<unknown>(
      (current, { transformFn }) =>
        transformFn({
          value: current,
          key,
          obj: source,
          type: TransformationType.PLAIN_TO_CLASS,
          options: {},
        }),
      value,
    );
}

function refuseExposure(dto: RequestClass): void {
  if (
    transformMetadata.getStrategy(dto) !== 'none' ||
    transformMetadata.getExposedMetadatas(dto).length > 0 ||
    transformMetadata.getExcludedMetadatas(dto).length > 0
  ) {
    throw new Error(`${dto.name}: no body schema for @Expose, @Exclude or an exposure strategy`);
  }
}

/** Groups, `always` and `validateIf` make a rule apply to some bodies only: none of them is one schema. */
function refuseOptions(dto: RequestClass, rule: ValidationRule): void {
  const conditional = rule as ValidationRule & { validateIf?: unknown };
  if (
    (rule.groups !== undefined && rule.groups.length > 0) ||
    rule.always !== undefined ||
    conditional.validateIf !== undefined
  ) {
    throw new Error(`${dto.name}.${rule.propertyName}: no body schema for a rule with groups, always or validateIf`);
  }
  if (rule.type === 'conditionalValidation' && rule.name !== 'isOptional') {
    throw new Error(`${dto.name}.${rule.propertyName}: no body schema for ${rule.name ?? rule.type}`);
  }
}

function keptRule(dto: RequestClass, rule: ValidationRule, optional: boolean): KeptRule {
  const constraints = getMetadataStorage().getTargetValidatorConstraints(rule.constraintCls);
  if (rule.type !== 'customValidation' || constraints.length === 0 || constraints.some(({ async }) => async)) {
    throw new Error(`${dto.name}.${rule.propertyName}: no body schema for ${rule.name ?? rule.type}`);
  }
  return {
    property: rule.propertyName,
    optional,
    accepts: (value, object) =>
      constraints.every(({ instance }) =>
        Boolean(
          instance.validate(value, {
            targetName: dto.name,
            property: rule.propertyName,
            object,
            value,
            constraints: rule.constraints,
          }),
        ),
      ),
  };
}
