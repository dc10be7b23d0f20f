import type * as ClassValidator from 'class-validator';
import type { ValidationError, ValidatorOptions } from 'class-validator';

type ClassValidatorExports = typeof ClassValidator;

/**
 * One export of class-validator, required from its own module: the package's index loads every rule it has (with the
 * validator library and a phone-number library behind them), which cost the start more than the rules it uses. The
 * rules share the package's one metadata storage, whichever module they come from.
 */
function fromModule<Name extends keyof ClassValidatorExports>(module: string, name: Name): ClassValidatorExports[Name] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module's own path, not the package's index
  return (require(`class-validator/cjs/${module}`) as Pick<ClassValidatorExports, Name>)[name];
}

export const ArrayMaxSize = fromModule('decorator/array/ArrayMaxSize', 'ArrayMaxSize');
export const ArrayMinSize = fromModule('decorator/array/ArrayMinSize', 'ArrayMinSize');
export const ArrayUnique = fromModule('decorator/array/ArrayUnique', 'ArrayUnique');
export const IsIn = fromModule('decorator/common/IsIn', 'IsIn');
export const IsOptional = fromModule('decorator/common/IsOptional', 'IsOptional');
export const ValidateIf = fromModule('decorator/common/ValidateIf', 'ValidateIf');
export const ValidateNested = fromModule('decorator/common/ValidateNested', 'ValidateNested');
export const Max = fromModule('decorator/number/Max', 'Max');
export const Min = fromModule('decorator/number/Min', 'Min');
export const isISO8601 = fromModule('decorator/string/IsISO8601', 'isISO8601');
export const Matches = fromModule('decorator/string/Matches', 'Matches');
export const MaxLength = fromModule('decorator/string/MaxLength', 'MaxLength');
export const MinLength = fromModule('decorator/string/MinLength', 'MinLength');
export const IsArray = fromModule('decorator/typechecker/IsArray', 'IsArray');
export const IsBoolean = fromModule('decorator/typechecker/IsBoolean', 'IsBoolean');
export const IsInt = fromModule('decorator/typechecker/IsInt', 'IsInt');
export const IsObject = fromModule('decorator/typechecker/IsObject', 'IsObject');
export const IsString = fromModule('decorator/typechecker/IsString', 'IsString');
export const registerDecorator = fromModule('register-decorator', 'registerDecorator');
export const getMetadataStorage = fromModule('metadata/MetadataStorage', 'getMetadataStorage');

const getFromContainer = fromModule('container', 'getFromContainer');
const Validator = fromModule('validation/Validator', 'Validator');

/** class-validator's `validate` for an object, as its index defines it. */
export function validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
  return getFromContainer(Validator).validate(object, options);
}

/** class-validator's `validateSync` for an object, as its index defines it. */
export function validateSync(object: object, options?: ValidatorOptions): ValidationError[] {
  return getFromContainer(Validator).validateSync(object, options);
}
