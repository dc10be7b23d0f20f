import type { SuppressionCause } from '@app/domain';

export const SUPPRESSION_CAUSES: readonly SuppressionCause[] = [
  'hard_bounce',
  'soft_bounce_limit',
  'manual',
  'imported',
  'complaint',
  'unsubscribed',
];
