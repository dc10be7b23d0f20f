import { OneOf } from '../http/field-decorators';

export class SimulationParams {
  @OneOf(['json', 'ndjson'], {
    optional: true,
    description: 'json (default): totals and at most 1,000 changed recipients; ndjson: every change, one per line',
  })
  format?: 'json' | 'ndjson';
}
