// The ECharts the site draws with: only the chart types and components
// generator/charts writes options for (see docs/charts.md). Built by
// scripts/update-echarts.sh with esbuild into
// themes/default/assets/vendor/echarts/echarts.min.js; charts.js needs
// only window.echarts.init (the ZH locale is built into ECharts' core).
import { use, init } from 'echarts/core';
import { BarChart, LineChart, PieChart, TreemapChart } from 'echarts/charts';
import {
  AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart, LineChart, PieChart, TreemapChart,
  AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent,
  SVGRenderer,
]);
window.echarts = { init: init };
