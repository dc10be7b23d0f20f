import type { HistoryEntry, RecipientState, RecipientStatus } from '../api/types';
import { describeDuration, durationMs } from '../duration';
import { STATUS_COLOURS, STATUS_LABELS, formatTime } from '../format';
import type { ChartOption } from './echarts';

const MIN_SPAN_MS = 24 * 60 * 60 * 1000;
/** Share of the axis a status band needs before its name is written in it. */
const MIN_LABELLED_BAND = 0.06;

/** The rows of the timeline, top to bottom: what happened, then what was decided. */
const LANES = ['Decision', 'Correction / request', 'Delivery', 'Soft bounce', 'Hard bounce'] as const;
type Lane = (typeof LANES)[number];

const FACT_LANES: Record<string, Lane> = {
  DeliverySucceeded: 'Delivery',
  AddressCorrected: 'Correction / request',
  SuppressionRequested: 'Correction / request',
  RestorationReverted: 'Correction / request',
};

function laneOf(entry: HistoryEntry): Lane {
  if (entry.type === 'BounceReceived') {
    const classification = entry.data.classification as { class?: string } | undefined;
    return classification?.class === 'hard' ? 'Hard bounce' : 'Soft bounce';
  }
  return FACT_LANES[entry.type] ?? 'Decision';
}

/**
 * When each entry belongs on the time axis: a fact when it happened, a decision when the fact that triggered it
 * happened (facts may be recorded late; the decision is about that moment), anything else when it was recorded.
 */
function entryTimes(history: readonly HistoryEntry[]): Map<HistoryEntry, number> {
  const factTimes = new Map<string, number>();
  const times = new Map<HistoryEntry, number>();
  for (const entry of history) {
    const trigger = typeof entry.data.trigger === 'string' ? factTimes.get(entry.data.trigger) : undefined;
    const at =
      entry.occurredAt === undefined ? (trigger ?? Date.parse(entry.recordedAt)) : Date.parse(entry.occurredAt);
    factTimes.set(entry.eventId, at);
    times.set(entry, at);
  }
  return times;
}

interface Band {
  status: RecipientStatus;
  from: number;
  to: number;
}

/** The status after each event holds until the next event that changes it, and the last one until now. */
function statusBands(history: readonly HistoryEntry[], now: number): Band[] {
  const bands: Band[] = [];
  const times = entryTimes(history);
  // In recorded order: a status holds from the entry that set it, never before the one it replaced.
  for (const entry of history) {
    const at = Math.max(times.get(entry) ?? now, bands.at(-1)?.from ?? -Infinity);
    const last = bands.at(-1);
    if (last !== undefined && last.status === entry.statusAfter) {
      continue;
    }
    if (last !== undefined) {
      last.to = at;
    }
    bands.push({ status: entry.statusAfter, from: at, to: now });
  }
  return bands.filter((band) => band.to > band.from);
}

/** The soft-bounce window that ends at the newest soft bounce: bounces inside it count towards the limit. */
function softBounceWindow(history: readonly HistoryEntry[], window: string): [number, number] | undefined {
  const windowMs = durationMs(window);
  const soft = history.filter((entry) => laneOf(entry) === 'Soft bounce').map((entry) => Date.parse(entry.occurredAt!));
  if (windowMs === undefined || soft.length === 0) {
    return undefined;
  }
  const newest = Math.max(...soft);
  return [newest - windowMs, newest];
}

export function timelineOption(
  history: readonly HistoryEntry[],
  state: RecipientState | undefined,
  softBounceWindowText: string,
  now: number,
): ChartOption {
  const bands = statusBands(history, now);
  const window = softBounceWindow(history, softBounceWindowText);
  const times = entryTimes(history);
  // The axis spans the events (a day at least); a window reaching further back is cut at the left edge.
  const start = Math.min(...times.values(), now - MIN_SPAN_MS);
  // A quarantine's end may lie ahead: the axis reaches it, so its line is drawn.
  const end = Math.max(now, state?.until === undefined ? now : Date.parse(state.until));
  const span = end - start;
  // Room on the right for the label of a band that began just now.
  const [padLeft, padRight] = [Math.max(span * 0.02, 3_600_000), Math.max(span * 0.08, 3_600_000)];
  const series: ChartOption['series'] = LANES.map((lane) => ({
    type: 'scatter' as const,
    name: lane,
    symbolSize: lane === 'Decision' ? 12 : 14,
    symbol: lane === 'Decision' ? 'diamond' : 'circle',
    itemStyle: { color: laneColour(lane), borderColor: '#fff', borderWidth: 1 },
    data: history
      .filter((entry) => laneOf(entry) === lane)
      .map((entry) => ({ value: [times.get(entry) ?? now, lane], entry })),
    tooltip: {
      formatter: (params: unknown) => {
        const { entry } = (params as { data: { entry: HistoryEntry } }).data;
        return `<b>${entry.type}</b> · ${formatTime(entry.occurredAt ?? entry.recordedAt)}<br/>${escapeHtml(entry.explanation)}`;
      },
    },
  }));
  series.push({
    type: 'scatter',
    name: 'Status',
    data: [],
    markArea: {
      silent: true,
      label: { position: 'insideTopLeft', color: '#333', fontSize: 11 },
      data: bands.map((band) => [
        {
          // A band too narrow for its label stays unnamed rather than written over its neighbour.
          name: band.to - band.from >= span * MIN_LABELLED_BAND ? STATUS_LABELS[band.status] : '',
          xAxis: band.from,
          itemStyle: { color: STATUS_COLOURS[band.status], opacity: 0.16 },
        },
        { xAxis: band.to },
      ]),
    },
  });
  if (window !== undefined) {
    series.push({
      type: 'scatter',
      name: 'Soft-bounce window',
      data: [],
      markArea: {
        silent: true,
        label: { position: 'insideBottomRight', color: '#6d4c00', fontSize: 11 },
        itemStyle: { color: 'rgba(249, 168, 37, 0.12)', borderColor: '#f9a825', borderWidth: 1, borderType: 'dashed' },
        data: [
          [
            { name: `soft-bounce window (${describeDuration(softBounceWindowText)})`, xAxis: window[0] },
            { xAxis: window[1] },
          ],
        ],
      },
    });
  }
  series.push({
    type: 'scatter',
    name: 'Now',
    data: [],
    markLine: {
      silent: true,
      symbol: 'none',
      lineStyle: { color: '#555', type: 'dotted' },
      label: { formatter: '{b}', color: '#555' },
      data: [
        { xAxis: now, name: 'now' },
        ...(state?.until === undefined
          ? []
          : [{ xAxis: Date.parse(state.until), name: state.status === 'quarantined' ? 'quarantine ends' : 'fades' }]),
      ],
    },
  });
  return {
    animation: false,
    grid: { left: 150, right: 30, top: 20, bottom: 40 },
    tooltip: { trigger: 'item', confine: true, extraCssText: 'max-width: 420px; white-space: normal;' },
    xAxis: { type: 'time', min: start - padLeft, max: end + padRight },
    yAxis: { type: 'category', data: [...LANES], axisTick: { show: false } },
    series,
  };
}

function laneColour(lane: Lane): string {
  switch (lane) {
    case 'Hard bounce':
      return '#c62828';
    case 'Soft bounce':
      return '#f9a825';
    case 'Delivery':
      return '#2e7d32';
    case 'Correction / request':
      return '#1565c0';
    case 'Decision':
      return '#6a1b9a';
    default: {
      const unknown: never = lane;
      return unknown;
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
