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

/** Tick steps in seconds: whole minutes, so every label is a plain HH:MM. */
const TIME_STEPS = [60, 120, 300, 600, 900, 1800, 3600];
/** Pixels between ticks: an "HH:MM" label is about 35 px wide, so neighbours never touch. */
const TICK_SPACE = 64;
const hhmm = (sec: number) => new Date(sec * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * A small time-series chart (uPlot) that fills its box and redraws when the data, size or theme change. `range`
 * fixes the x axis (Unix seconds), so charts side by side cover the same window whatever data each has.
 */
export function Chart({ title, t, lines, unit, range, height = 150 }: { title: string; t: number[]; lines: ChartLine[]; unit: string; range: [number, number]; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const win = useRef(range);
  win.current = range;
  const theme = document.documentElement.dataset.theme ?? '';
  useEffect(() => {
    const el = box.current!;
    const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
    let ticks: number[] = [];
    // The drawn window and ticks, for tests (the labels themselves are on a canvas).
    const describe = (u: uPlot) => {
      const { min, max } = u.scales.x!;
      el.dataset.xMin = String(min);
      el.dataset.xMax = String(max);
      const left = u.over.getBoundingClientRect().left - el.getBoundingClientRect().left;
      el.dataset.ticks = JSON.stringify(ticks.map((v) => [hhmm(v), Math.round(left + u.valToPos(v, 'x'))]));
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, range: () => win.current }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [
        { ...axis, space: TICK_SPACE, incrs: TIME_STEPS, values: (_u, vals) => ((ticks = vals), vals.map(hhmm)) },
        { ...axis, size: 48, values: (_u, vals) => vals.map((v) => `${+v.toFixed(2)}`) },
      ],
      series: [{ label: 'time' }, ...lines.map((l) => ({ label: `${l.label} (${unit})`, stroke: cssVar(l.color), width: 1.5, fill: cssVar(l.color) + '22', points: { show: false } }))],
      hooks: { draw: [describe] },
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
  }, [t, lines, range[0], range[1]]);
  return html`<figure class="chart"><figcaption>${title}</figcaption><div ref=${box} class="chart-box" role="img" aria-label=${title}></div></figure>`;
}
