import { Text } from '../http/field-decorators';

export class RevertRestorationRequest {
  @Text(200, { optional: true, description: "Who reverts the restoration (default: the token's name)" })
  by?: string;

  @Text(1000, { optional: true })
  note?: string;
}
