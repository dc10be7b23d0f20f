import type { HistoryEntry } from './recipient.responses';
import { DEFAULT_HISTORY_PAGE, historyPage } from './history.query-params';

const history = (count: number) => ({
  address: 'jane@example.com',
  events: Array.from({ length: count }, (_, revision): HistoryEntry => ({
    revision,
    eventId: `e-${revision}`,
    type: 'BounceReceived',
    recordedAt: '2026-11-22T10:00:00.000Z',
    statusBefore: 'deliverable',
    statusAfter: 'soft_bouncing',
    explanation: '',
    data: {},
  })),
});

const revisions = (page: { events: HistoryEntry[] }) => page.events.map((entry) => entry.revision);

describe('a page of a recipient history', () => {
  it('answers a short history whole, as before histories were paged', () => {
    const page = historyPage(history(7), {});

    expect(revisions(page)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(page.nextAfter).toBeNull();
  });

  it('walks a long history page by page with nextAfter, each event once', () => {
    const walked: number[] = [];
    let after: number | undefined;
    let pages = 0;
    do {
      const page = historyPage(history(7), { limit: 3, ...(after === undefined ? {} : { after }) });
      walked.push(...revisions(page));
      after = page.nextAfter ?? undefined;
      pages++;
    } while (after !== undefined);

    expect(walked).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(pages).toBe(3);
  });

  it('ends with null when the last page is exactly full', () => {
    expect(historyPage(history(6), { limit: 3, after: 2 }).nextAfter).toBeNull();
    expect(historyPage(history(6), { limit: 3 }).nextAfter).toBe(2);
  });

  it('pages a history longer than the default page', () => {
    const page = historyPage(history(DEFAULT_HISTORY_PAGE + 1), {});

    expect(page.events).toHaveLength(DEFAULT_HISTORY_PAGE);
    expect(page.nextAfter).toBe(DEFAULT_HISTORY_PAGE - 1);
  });
});
