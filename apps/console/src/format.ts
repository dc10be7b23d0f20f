import type { RecipientStatus } from './api/types';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Times are shown in UTC, as the API records them, so two people reading the same page see the same thing. */
export function formatTime(iso: string | undefined | null): string {
  if (iso === undefined || iso === null) {
    return '—';
  }
  return `${dateTime.format(new Date(iso))} UTC`;
}

export const STATUS_LABELS: Record<RecipientStatus, string> = {
  deliverable: 'Deliverable',
  soft_bouncing: 'Soft bouncing',
  quarantined: 'Quarantined',
  suppressed: 'Suppressed',
};

/** Colours shared by the badges and the charts, so a status reads the same everywhere. */
export const STATUS_COLOURS: Record<RecipientStatus, string> = {
  deliverable: '#2e7d32',
  soft_bouncing: '#f9a825',
  quarantined: '#ef6c00',
  suppressed: '#c62828',
};

/** `mailbox_full` -> `mailbox full`. */
export const humanise = (code: string | undefined) => (code === undefined ? '—' : code.replace(/_/g, ' '));
