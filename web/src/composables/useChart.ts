/**
 * One ECharts instance bound to an element: created when mounted, given each new option,
 * resized with its box (not only the window, so grid and print layouts work too) and disposed
 * with the component.
 */
import { onBeforeUnmount, onMounted, watch } from 'vue';
import type { Ref, ShallowRef } from 'vue';
import { init } from '../charts/echarts.ts';
import type { ECharts, ECOption } from '../charts/echarts.ts';

export interface ChartHooks {
  onClick?: (params: { name: string; value: unknown; seriesName?: string }) => void;
  /**
   * Called with a PNG of the chart when printing starts. A canvas keeps its screen size on
   * paper and the browser lays out the printed page without telling it, so the printed page
   * shows this image instead, which scales with the paper.
   */
  onSnapshot?: (dataUrl: string) => void;
}

export function useChart(
  el: Readonly<Ref<HTMLElement | null>>,
  option: Readonly<ShallowRef<ECOption | null>>,
  hooks: ChartHooks = {},
): { chart: () => ECharts | null } {
  let chart: ECharts | null = null;
  let observer: ResizeObserver | null = null;
  const print = typeof window !== 'undefined' ? window.matchMedia('print') : null;
  const snapshot = () => {
    if (chart && hooks.onSnapshot) hooks.onSnapshot(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }));
  };
  // Keep the printed image current ahead of time: an image made during beforeprint may not be
  // decoded before the browser lays out the page.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const snapshotSoon = () => { clearTimeout(pending); pending = setTimeout(snapshot, 400); };

  onMounted(() => {
    if (!el.value) return;
    chart = init(el.value, undefined, { renderer: 'canvas' });
    if (hooks.onClick) chart.on('click', (p) => hooks.onClick!(p as { name: string; value: unknown; seriesName?: string }));
    if (hooks.onSnapshot) chart.on('finished', snapshotSoon);
    if (option.value) chart.setOption(option.value, { notMerge: true });
    // While printing, the canvas is hidden (its image is shown): a resize to the hidden box
    // would squash the chart and the next image with it.
    observer = new ResizeObserver(() => { if (!print?.matches) chart?.resize(); });
    observer.observe(el.value);
    window.addEventListener('beforeprint', snapshot);
  });

  // A new option replaces the old one whole: builders return complete options.
  watch(option, (next) => {
    if (chart && next) chart.setOption(next, { notMerge: true });
  });

  onBeforeUnmount(() => {
    clearTimeout(pending);
    observer?.disconnect();
    observer = null;
    window.removeEventListener('beforeprint', snapshot);
    chart?.dispose();
    chart = null;
  });

  return { chart: () => chart };
}
