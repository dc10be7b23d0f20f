import { ArrayMaxSize, IsArray } from 'class-validator';
import { declaredArrayLimitProblems } from './declared-array-limits';

class ListRequest {
  @IsArray()
  @ArrayMaxSize(2, { message: 'items may hold at most 2 entries' })
  items!: string[];

  @ArrayMaxSize(3)
  others!: string[];
}

describe('declaredArrayLimitProblems', () => {
  it("names each list longer than its field's @ArrayMaxSize, with the field's own message", () => {
    expect(declaredArrayLimitProblems({ items: ['a', 'b', 'c'], others: ['a', 'b', 'c', 'd'] }, ListRequest)).toEqual([
      { field: 'items', message: 'items may hold at most 2 entries' },
      { field: 'others', message: 'others may hold at most 3 items' },
    ]);
  });

  it('leaves lists within their limit, fields that are not lists and bodies that are not objects', () => {
    expect(declaredArrayLimitProblems({ items: ['a', 'b'], others: 'x' }, ListRequest)).toEqual([]);
    expect(declaredArrayLimitProblems('x', ListRequest)).toEqual([]);
  });
});
