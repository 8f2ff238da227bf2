import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';

export interface ChartLine {
  label: string;
  values: number[];
  /** A CSS variable name (`--c1`) so the line follows the theme. */
  color: string;
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

/** A small time-series chart (uPlot) that fills its box and redraws when the data, size or theme change. */
export function Chart({ title, t, lines, unit, height = 150 }: { title: string; t: number[]; lines: ChartLine[]; unit: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = document.documentElement.dataset.theme ?? '';
  useEffect(() => {
    const el = box.current!;
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [axis, { ...axis, size: 48, values: (_u, vals) => vals.map((v) => `${+v.toFixed(2)}`) }],
      series: [{ label: 'time' }, ...lines.map((l) => ({ label: `${l.label} (${unit})`, stroke: cssVar(l.color), width: 1.5, fill: cssVar(l.color) + '22', points: { show: false } }))],
    };
    plot.current = new uPlot(opts, [t, ...lines.map((l) => l.values)], el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [lines.length, theme, height]);
  useEffect(() => {
    plot.current?.setData([t, ...lines.map((l) => l.values)]);
  }, [t, lines]);
  return html`<figure class="chart"><figcaption>${title}</figcaption><div ref=${box} class="chart-box" role="img" aria-label=${title}></div></figure>`;
}
