import * as ClassValidator from 'class-validator';
import * as modules from './class-validator-modules';

class Sample {
  @modules.IsString()
  @modules.MinLength(3)
  name: unknown;

  @modules.IsOptional()
  @modules.IsInt()
  @modules.Min(1)
  count: unknown;
}

describe("class-validator's exports required from their own modules", () => {
  it.each(Object.keys(modules).filter((name) => name !== 'validate' && name !== 'validateSync'))(
    '%s is the export of the package index',
    (name) => {
      expect(modules[name as keyof typeof modules]).toBe(ClassValidator[name as keyof typeof ClassValidator]);
    },
  );

  it.each([
    ['a valid object', { name: 'abc', count: 2 }, 0],
    ['an invalid one', { name: 'ab', count: 0, extra: true }, 3],
    ['one of the wrong types', { name: 7, count: 'x' }, 2],
  ])('validate and validateSync find what the index finds in %s', async (_, fields, faultyFields) => {
    const sample = Object.assign(new Sample(), fields);
    const options = { whitelist: true, forbidNonWhitelisted: true };
    expect(await modules.validate(sample, options)).toEqual(await ClassValidator.validate(sample, options));
    expect(modules.validateSync(sample, options)).toEqual(ClassValidator.validateSync(sample, options));
    expect(modules.validateSync(sample, options)).toHaveLength(faultyFields);
  });
});
