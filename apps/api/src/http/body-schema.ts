import { getMetadataStorage } from 'class-validator';

type ValidationRule = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/**
 * The JSON schema a request DTO's class-validator rules amount to, for Fastify to compile once and check a body with
 * before Nest's pipe (which then skips class-validator for a body the schema accepted). The DTO stays the one source
 * of the contract: the schema is read off its decorators, and a rule with no exact JSON schema counterpart is refused
 * at start rather than approximated. A body the schema refuses still goes through class-validator, which names the
 * fields, so the schema only has to accept nothing class-validator would refuse.
 */
export function bodySchemaOf(dto: new () => object): Record<string, unknown> {
  const rules = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const properties: Record<string, Record<string, unknown>> = {};
  for (const rule of rules) {
    const property = (properties[rule.propertyName] ??= {});
    Object.assign(property, keywordsOf(dto, rule));
  }
  for (const [name, property] of Object.entries(properties)) {
    if (property.items !== undefined && property.type !== 'array') {
      throw new Error(`${dto.name}.${name}: a rule for each item needs @IsArray() for a body schema`);
    }
  }
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/** The JSON schema keywords of one rule. */
function keywordsOf(dto: { name: string }, rule: ValidationRule): Record<string, unknown> {
  const constraint: unknown = rule.constraints?.[0];
  switch (rule.type === 'customValidation' ? (rule.name ?? '') : rule.type) {
    case 'isArray':
      return { type: 'array' };
    case 'arrayMinSize':
      return { minItems: constraint };
    case 'arrayMaxSize':
      return { maxItems: constraint };
    case 'isString':
      return rule.each === true ? { items: { type: 'string' } } : { type: 'string' };
    default:
      throw new Error(`${dto.name}.${rule.propertyName}: no body schema for ${rule.name ?? rule.type}`);
  }
}
