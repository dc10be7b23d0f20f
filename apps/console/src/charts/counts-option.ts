import type { CountsOverTime } from '../pages/suppressions/suppression-counts';
import type { ChartOption } from './echarts';

/** Stacked bars: one stack per day (or week), one colour per cause or reason. */
/** `colours` pins a colour to a name, so a cause reads the same in every chart; other names take the palette. */
export function countsOption(counts: CountsOverTime, colours: Record<string, string> = {}): ChartOption {
  return {
    animation: false,
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: counts.buckets },
    yAxis: { type: 'value', minInterval: 1 },
    series: counts.series.map((row) => ({
      type: 'bar' as const,
      name: row.name,
      stack: 'total',
      barMaxWidth: 48,
      emphasis: { focus: 'series' as const },
      data: row.counts,
      ...(colours[row.name] === undefined ? {} : { itemStyle: { color: colours[row.name] } }),
    })),
  };
}
