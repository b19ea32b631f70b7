/**
 * ECharts, registered once with only what the dashboard draws (the full package is ~1 MB).
 * https://echarts.apache.org/handbook/en/basics/import
 */
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import {
  DatasetComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import type {
  DatasetComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import { init, use } from 'echarts/core';
import type { ComposeOption, ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart, LineChart, PieChart, HeatmapChart,
  DatasetComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent,
  CanvasRenderer,
]);

export type ECOption = ComposeOption<
  | BarSeriesOption | LineSeriesOption | PieSeriesOption | HeatmapSeriesOption
  | DatasetComponentOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
  | VisualMapComponentOption
>;

export { init };
export type { ECharts };
