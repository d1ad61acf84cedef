import 'uplot/dist/uPlot.min.css';
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';

export type TrendPoint = { start: string; n: number; nps: number | null; ci95: { low: number; high: number } | null };

const INK = '#4338ca';
const BAND = 'rgba(99, 102, 241, 0.16)';
const BARS = 'rgba(100, 116, 139, 0.28)';

/**
 * NPS per bucket with its 95% interval as a shaded band, and the number of responses per bucket as light
 * bars on their own scale, so a swing on three answers never looks like a swing on three hundred.
 */
export function TrendChart(props: { points: TrendPoint[]; timeZone: string; interval: 'day' | 'week' | 'month' }) {
  const { t, fmt } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const xs = props.points.map((p) => Date.parse(p.start) / 1000);
    const data: uPlot.AlignedData = [
      xs,
      props.points.map((p) => p.nps),
      props.points.map((p) => p.ci95?.high ?? null),
      props.points.map((p) => p.ci95?.low ?? null),
      props.points.map((p) => p.n),
    ];
    const label = (ts: number) =>
      props.interval === 'month' ? fmt.month(ts * 1000, props.timeZone) : fmt.shortDate(ts * 1000, props.timeZone);
    const maxN = Math.max(1, ...props.points.map((p) => p.n));
    const bars = uPlot.paths.bars!({ size: [0.6, 40] });
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: 280,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), props.timeZone),
      scales: { x: { time: true }, nps: { range: [-100, 100] }, n: { range: [0, maxN * 3] } },
      series: [
        { label: t('common.date'), value: (_u, v) => (v == null ? '' : label(v)) },
        {
          label: 'NPS',
          scale: 'nps',
          stroke: INK,
          width: 2,
          points: { show: true, size: 6, fill: INK },
          spanGaps: false,
          value: (_u, v) => (v == null ? '–' : fmt.nps(v)),
        },
        { label: '95% ↑', scale: 'nps', stroke: 'transparent', points: { show: false }, value: (_u, v) => (v == null ? '–' : fmt.nps(v)) },
        { label: '95% ↓', scale: 'nps', stroke: 'transparent', points: { show: false }, value: (_u, v) => (v == null ? '–' : fmt.nps(v)) },
        { label: 'n', scale: 'n', stroke: BARS, fill: BARS, paths: bars, points: { show: false }, value: (_u, v) => (v == null ? '0' : fmt.integer(v)) },
      ],
      bands: [{ series: [2, 3], fill: BAND }],
      axes: [
        { values: (_u, ticks) => ticks.map(label), gap: 4, size: 36 },
        { scale: 'nps', values: (_u, ticks) => ticks.map((v) => fmt.nps(v)), size: 48 },
        { scale: 'n', side: 1, size: 44, grid: { show: false }, values: (_u, ticks) => ticks.map((v) => (v <= maxN ? fmt.integer(v) : '')), label: 'n', labelSize: 16 },
      ],
      legend: { live: true },
      cursor: { points: { size: 8 } },
    };
    const chart = new uPlot(opts, data, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(280, el.clientWidth), height: 280 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [props.points, props.timeZone, props.interval, fmt]);
  return <div ref={host} class="trend-chart" aria-hidden="true" />;
}

/** The same figures as a table: what screen readers (and anyone who wants exact numbers) read. */
export function TrendTable(props: { points: TrendPoint[]; timeZone: string; interval: 'day' | 'week' | 'month' }) {
  const { t, fmt } = useI18n();
  const label = (iso: string) => (props.interval === 'month' ? fmt.month(iso, props.timeZone) : fmt.date(iso, props.timeZone));
  return (
    <details class="trend-table">
      <summary>{t('overview.trend')} · n</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('common.date')}</th>
            <th scope="col">NPS</th>
            <th scope="col">95%</th>
            <th scope="col">n</th>
          </tr>
        </thead>
        <tbody>
          {props.points.map((p) => (
            <tr key={p.start} data-start={p.start}>
              <td>{label(p.start)}</td>
              <td>{p.nps == null ? '–' : fmt.nps(p.nps)}</td>
              <td>{p.ci95 ? `${fmt.nps(p.ci95.low)} … ${fmt.nps(p.ci95.high)}` : '–'}</td>
              <td>{fmt.integer(p.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
