import { cn } from '@/web/lib/cn';

export interface FailureSparklineProps {
  /** Counts per bucket, oldest first. */
  series: readonly number[];
  /** What one bucket is, for the label: "5 min", "hour", "6 h", "day". */
  bucketLabel: string;
  className?: string;
}

const WIDTH = 120;
const HEIGHT = 28;

/** Failures over the window as small bars; the label says it in words for screen readers. */
export function FailureSparkline({ series, bucketLabel, className }: FailureSparklineProps) {
  const peak = Math.max(1, ...series);
  const slot = WIDTH / Math.max(1, series.length);
  const gap = slot > 3 ? 1 : 0;
  const busiest = series.reduce((best, value, index) => (value > (series[best] ?? 0) ? index : best), 0);
  const label = `Failures per ${bucketLabel}, oldest first: ${series.join(', ')}; most in one ${bucketLabel}: ${series[busiest] ?? 0}`;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      className={cn('h-7 w-28 shrink-0 overflow-hidden text-red-500 dark:text-red-400', className)}
    >
      <line x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} className="stroke-line" strokeWidth="1" />
      {series.map((value, index) => {
        if (value === 0) return null;
        const height = Math.max(2, (value / peak) * (HEIGHT - 2));
        return <rect key={index} x={index * slot} y={HEIGHT - height} width={Math.max(1, slot - gap)} height={height} rx="0.5" fill="currentColor" />;
      })}
    </svg>
  );
}
