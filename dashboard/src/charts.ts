import {
  ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Filler, Legend, LinearScale, LineController, LineElement,
  PointElement, Tooltip, type ChartConfiguration, type Plugin,
} from 'chart.js';
import { h } from './dom.js';

// Only what the pages draw: tree-shaking leaves the rest of Chart.js out of the bundle.
Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = '#333';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

/** Colour-blind-safe palette (Okabe-Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const HUMAN = '#0072B2';
export const BOT = '#999999';

/**
 * Draws 95% intervals over a bar chart: dataset 0's bars, with `intervals[i]`
 * as [low, high] in the bars' units. Chart.js has no error bars of its own.
 */
export function intervalPlugin(intervals: ([number, number] | null)[]): Plugin<'bar'> {
  return {
    id: 'intervals',
    afterDatasetsDraw(chart) {
      const meta = chart.getDatasetMeta(0);
      const y = chart.scales.y;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 1.5;
      meta.data.forEach((bar, i) => {
        const interval = intervals[i];
        if (!interval) return;
        const x = bar.x;
        const [top, bottom] = [y.getPixelForValue(interval[1]), y.getPixelForValue(interval[0])];
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.moveTo(x - 6, top);
        ctx.lineTo(x + 6, top);
        ctx.moveTo(x - 6, bottom);
        ctx.lineTo(x + 6, bottom);
        ctx.stroke();
      });
      ctx.restore();
    },
  };
}

/**
 * A chart in a figure with its caption; the canvas is an image to assistive
 * technology, labelled with `summary` (the numbers in words).
 */
export function chartFigure(id: string, caption: string, summary: string, config: ChartConfiguration): HTMLElement {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': summary });
  const figure = h('figure', { class: 'chart' }, h('figcaption', {}, caption), h('div', { class: 'chart-box' }, canvas));
  // Drawn on the next frame, once the caller has put the figure in the document (Chart.js needs the box's size);
  // not at all when it was taken out meanwhile (the route changed while the page was loading).
  requestAnimationFrame(() => {
    if (!canvas.isConnected) return;
    new Chart(canvas, config);
    canvas.dataset.drawn = 'true';
  });
  return figure;
}

/**
 * Destroys the charts drawn in `scope`: Chart.js keeps every chart (and its listeners) until destroy(),
 * so whatever replaces content that holds charts calls this first.
 */
export function destroyCharts(scope: Element): void {
  for (const canvas of scope.querySelectorAll('canvas')) Chart.getChart(canvas)?.destroy();
}
