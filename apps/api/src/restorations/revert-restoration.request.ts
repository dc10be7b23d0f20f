import { Text } from '../http/field-decorators';

export class RevertRestorationRequest {
  @Text(200, { description: 'Who reverts the restoration' })
  by!: string;

  @Text(1000, { optional: true })
  note?: string;
}
