import 'uplot/dist/uPlot.min.css';
import uPlot from 'uplot';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

export type TrendPoint = {
  start: string;
  /** Where the bucket ends and whether the range cuts it (older servers send neither). */
  end?: string;
  partial?: boolean;
  n: number;
  nps: number | null;
  ci95: { low: number; high: number } | null;
};
type Interval = 'day' | 'week' | 'month';
/** A goal drawn across the trend as a dashed line at its target NPS. */
export type TrendTarget = { id: string; name: string; target: number };

const INK = '#4338ca';
const BAND = 'rgba(99, 102, 241, 0.16)';
const BARS = 'rgba(100, 116, 139, 0.42)';
const PARTIAL_BARS = 'rgba(100, 116, 139, 0.14)';
const PARTIAL_EDGE = 'rgba(100, 116, 139, 0.7)';
const TARGET = '#b45309';

// The plot is shared, not overlaid: NPS (−100…100) fills the top, the counts the bottom quarter below it, so
// no bar ever sits inside the NPS band. Scales are stretched so each lands in its own part of the height.
const COUNT_SHARE = 0.24;
const GAP_SHARE = 0.04;
const NPS_MIN = -100 - (200 * (COUNT_SHARE + GAP_SHARE)) / (1 - COUNT_SHARE - GAP_SHARE);

/** How a bucket is named on the axis and in the legend: its month, or the day it starts (week of …). */
function bucketLabel(fmt: ReturnType<typeof useI18n>['fmt'], iso: string, interval: Interval, timeZone: string) {
  return interval === 'month' ? fmt.month(iso, timeZone) : fmt.shortDate(iso, timeZone);
}

/**
 * NPS per bucket with its 95% interval as a shaded band, and the number of responses per bucket as bars in
 * their own strip below, so a swing on three answers never looks like a swing on three hundred. The x axis is
 * the buckets themselves: one label per bucket (thinned evenly when they do not fit), whole bars at both ends.
 * Buckets the range cuts are drawn lighter with a dashed edge. The legend names the hovered bucket, else the
 * latest one with answers. Goals running over the period are dashed lines at their targets, named under the chart.
 */
export function TrendChart(props: { points: TrendPoint[]; timeZone: string; interval: Interval; targets?: TrendTarget[] }) {
  const { t, fmt } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const [hovered, setHovered] = useState<number | null>(null);
  const points = props.points;
  const targets = props.targets ?? [];
  const labels = points.map((p) => bucketLabel(fmt, p.start, props.interval, props.timeZone));

  useEffect(() => {
    const el = host.current;
    if (!el || points.length === 0) return;
    const count = points.length;
    const maxN = Math.max(1, ...points.map((p) => p.n));
    const data: uPlot.AlignedData = [
      points.map((_, i) => i),
      points.map((p) => p.nps),
      points.map((p) => p.ci95?.high ?? null),
      points.map((p) => p.ci95?.low ?? null),
      points.map((p) => (p.partial ? null : p.n)),
      points.map((p) => (p.partial ? p.n : null)),
    ];
    // Labels need room: a month name about 72 px, a day and month about 56 px. Every k-th bucket is named,
    // counted back from the latest, so the period people look at first always has its label.
    const labelEvery = (u: uPlot) => Math.max(1, Math.ceil(count / Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / (props.interval === 'month' ? 76 : 58)))));
    const bars = (fill: string, stroke: string, dash?: number[]) => ({
      scale: 'n',
      fill,
      stroke,
      width: 1,
      dash,
      paths: uPlot.paths.bars!({ size: [0.62, 48], align: 0 }),
      points: { show: false },
    });
    const opts: uPlot.Options = {
      width: Math.max(280, el.clientWidth),
      height: 300,
      legend: { show: false },
      scales: {
        x: { time: false, range: () => [-0.5, count - 0.5] },
        nps: { range: () => [NPS_MIN, 100] },
        n: { range: () => [0, maxN / COUNT_SHARE] },
      },
      series: [
        {},
        { scale: 'nps', stroke: INK, width: 2, points: { show: true, size: 6, fill: INK }, spanGaps: false },
        { scale: 'nps', stroke: 'transparent', points: { show: false } },
        { scale: 'nps', stroke: 'transparent', points: { show: false } },
        bars(BARS, BARS),
        bars(PARTIAL_BARS, PARTIAL_EDGE, [4, 3]),
      ],
      bands: [{ series: [2, 3], fill: BAND }],
      axes: [
        {
          splits: (u) => {
            const every = labelEvery(u);
            return points.map((_, i) => i).filter((i) => (count - 1 - i) % every === 0);
          },
          values: (_u, splits) => {
            const shown = splits.map((i) => labels[i] ?? '');
            el.dataset.labels = JSON.stringify(shown);
            return shown;
          },
          gap: 4,
          size: 34,
          grid: { show: false },
        },
        { scale: 'nps', splits: () => [-100, -50, 0, 50, 100], values: (_u, ticks) => ticks.map((v) => fmt.nps(v)), size: 46 },
        {
          scale: 'n',
          side: 1,
          size: 44,
          grid: { show: false },
          splits: () => [0, maxN],
          values: (_u, ticks) => ticks.map((v) => (v === 0 ? '0' : `n ${fmt.integer(v)}`)),
        },
      ],
      cursor: { points: { size: 8 }, y: false },
      hooks: {
        setCursor: [(u) => setHovered(u.cursor.idx ?? null)],
        draw: [(u) => drawTargets(u, targets)],
      },
    };
    const chart = new uPlot(opts, data, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(280, el.clientWidth), height: 300 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
      setHovered(null);
    };
  }, [points, targets, props.timeZone, props.interval, fmt]);

  // Nothing hovered: the latest bucket that has answers, named as such.
  const latest = points.reduce((found, p, i) => (p.n > 0 ? i : found), -1);
  const shown = hovered ?? (latest >= 0 ? latest : null);
  const point = shown === null ? null : points[shown];
  const anyPartial = points.some((p) => p.partial);
  return (
    <figure class="trend-figure">
      <p class="trend-legend" data-testid="trend-legend" aria-live="off">
        {point ? (
          <>
            <span class="trend-legend-when">
              {hovered === null && `${t('overview.trendLatest')} `}
              {labels[shown!]}
              {point.partial && ` (${t('overview.partial')})`}
            </span>
            <span>
              <span class="legend-key legend-nps" /> NPS <strong>{point.nps === null ? '–' : fmt.nps(point.nps)}</strong>
              {point.ci95 && ` (95% ${fmt.nps(point.ci95.low)} … ${fmt.nps(point.ci95.high)})`}
            </span>
            <span>
              <span class="legend-key legend-n" /> n <strong>{fmt.integer(point.n)}</strong>
            </span>
          </>
        ) : (
          <span>{t('overview.noResponses')}</span>
        )}
      </p>
      <div ref={host} class="trend-chart" aria-hidden="true" />
      {targets.length > 0 && (
        <ul class="trend-targets small">
          {targets.map((g) => (
            <li key={g.id} data-testid="trend-target" data-target={g.target}>
              <span class="legend-key legend-target" /> {t('overview.goalLine', { name: g.name, target: fmt.nps(g.target) })}
            </li>
          ))}
        </ul>
      )}
      {anyPartial && (
        <figcaption class="muted small trend-partial-note">
          <span class="legend-key legend-partial" /> {t('overview.partialNote', { interval: t(`overview.interval.${props.interval}`) })}
        </figcaption>
      )}
    </figure>
  );
}

/** Each goal's target as a dashed line across the NPS part of the plot. */
function drawTargets(u: uPlot, targets: TrendTarget[]) {
  const ctx = u.ctx;
  const { left, width } = u.bbox;
  ctx.save();
  ctx.strokeStyle = TARGET;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  for (const goal of targets) {
    const y = Math.round(u.valToPos(goal.target, 'nps', true));
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
  }
  ctx.restore();
}

/** The same figures as a table: what screen readers (and anyone who wants exact numbers) read. */
export function TrendTable(props: { points: TrendPoint[]; timeZone: string; interval: Interval }) {
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
            <tr key={p.start} data-start={p.start} data-partial={p.partial ? 'true' : undefined}>
              <td>
                {label(p.start)}
                {p.partial && ` (${t('overview.partial')})`}
              </td>
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
