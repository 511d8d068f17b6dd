import type * as ECharts from 'echarts';

let echartsModule: typeof ECharts | undefined;
/**
 * ECharts is loaded when the first chart is drawn, not at start-up: the worker process and an API that
 * never serves the dashboard do not carry it.
 */
function echarts(): typeof ECharts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  echartsModule ??= require('echarts') as typeof ECharts;
  return echartsModule;
}

/**
 * Charts drawn on the server as SVG by ECharts' server-side renderer: no script reaches the browser, and the
 * numbers are always in an accessible table beside the chart (the chart itself is labelled as an image).
 */
export interface BarSeries {
  name: string;
  /** null draws no bar (nothing was counted), which is not the same as zero. */
  values: (number | null)[];
}

export interface BarChartSpec {
  /** Read out by a screen reader in place of the picture; the table beside it has the figures. */
  label: string;
  categories: string[];
  series: BarSeries[];
  /** Bars run left to right, for long category names (indicators, peer workers). */
  horizontal?: boolean;
  /** A reference line: the caseload cap, the site's window. */
  reference?: { value: number; name: string };
  /** The value axis's maximum (100 for percentages); otherwise ECharts chooses. */
  max?: number;
  /** How a bar's label shows its value. */
  unit?: '%' | ' days' | '';
  width?: number;
}

const PALETTE = ['#005eb8', '#ffb81c', '#009639', '#7c2855'];

export function barChartSvg(spec: BarChartSpec): string {
  const rows = spec.categories.length;
  const width = spec.width ?? 640;
  const height = spec.horizontal ? Math.max(160, 70 + rows * spec.series.length * 26) : 300;
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const categoryAxis = {
      type: 'category' as const,
      data: spec.categories,
      inverse: spec.horizontal === true,
      axisLabel: { width: spec.horizontal ? 185 : 110, overflow: 'truncate' as const, interval: 0 },
    };
    // The reference line stays in view even when every bar is below it (a caseload well under the cap).
    const reference = spec.reference?.value;
    const max =
      spec.max ?? (reference === undefined ? undefined : (extent: { max: number }) => Math.max(extent.max, reference));
    const valueAxis = { type: 'value' as const, max, minInterval: 1 };
    const unit = spec.unit ?? '';
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, Arial, sans-serif' },
      legend: spec.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: spec.horizontal ? 230 : 50, right: 90, top: spec.series.length > 1 ? 36 : 16, bottom: 30 },
      xAxis: spec.horizontal ? valueAxis : categoryAxis,
      yAxis: spec.horizontal ? categoryAxis : valueAxis,
      series: spec.series.map((s, i) => ({
        name: s.name,
        type: 'bar',
        data: s.values,
        barMaxWidth: 36,
        label: {
          show: true,
          position: spec.horizontal ? 'right' : 'top',
          formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value}${unit}`),
        },
        markLine:
          i === 0 && spec.reference
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#b00020', type: 'dashed', width: 2 },
                label: { formatter: spec.reference.name, position: 'end' },
                data: [spec.horizontal ? { xAxis: spec.reference.value } : { yAxis: spec.reference.value }],
              }
            : undefined,
      })),
    });
    const svg = chart.renderToSVGString();
    // The picture is one image to assistive technology, named by its label; the table carries the numbers.
    return svg.replace('<svg ', `<svg role="img" aria-label="${escapeAttribute(spec.label)}" `);
  } finally {
    chart.dispose();
  }
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
