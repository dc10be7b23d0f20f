import type { TransitionMatrix } from '../api/types';
import { RECIPIENT_STATUSES } from '../api/types';
import { STATUS_LABELS } from '../format';
import type { ChartOption } from './echarts';

/** Recipients by status now (rows) and under the candidate (columns); the diagonal keeps its status. */
export function heatMapOption(matrix: TransitionMatrix): ChartOption {
  const labels = RECIPIENT_STATUSES.map((status) => STATUS_LABELS[status]);
  const cells = RECIPIENT_STATUSES.flatMap((from, row) =>
    RECIPIENT_STATUSES.map((to, column) => [column, row, matrix[from][to]] as [number, number, number]),
  );
  const max = Math.max(1, ...cells.filter(([column, row]) => column !== row).map(([, , count]) => count));
  return {
    animation: false,
    grid: { left: 100, right: 20, top: 30, bottom: 50 },
    tooltip: {
      formatter: (params: unknown) => {
        const [column, row, count] = (params as { value: [number, number, number] }).value;
        return `${labels[row]} → ${labels[column]}: ${count.toLocaleString('en-US')}`;
      },
    },
    xAxis: { type: 'category', data: labels, position: 'top' },
    yAxis: { type: 'category', data: labels, inverse: true },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      text: ['more changes', 'none'],
      inRange: { color: ['#f5f7fa', '#ffcc80', '#e65100'] },
      // The diagonal (unchanged recipients) would swamp the scale; it is greyed out instead.
      seriesIndex: 0,
    },
    series: [
      {
        type: 'heatmap',
        name: 'changes',
        data: cells.filter(([column, row]) => column !== row),
        label: { show: true },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
      },
      {
        type: 'heatmap',
        name: 'unchanged',
        data: cells.filter(([column, row]) => column === row),
        label: { show: true, color: '#555' },
        itemStyle: { color: '#e0e0e0', borderColor: '#fff', borderWidth: 2 },
      },
    ],
  };
}
