// A line chart as SVG text, small enough to read whole: log or linear axes, labelled ticks, a legend.
// Sized for a projector (large type, thick lines); no library, so the benchmark's plot is plain text
// that a diff can show.

export type AxisScale = 'log' | 'linear';

export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** In x order; an `open` point is drawn hollow (e.g. measured, but saturated). */
  readonly points: readonly { readonly x: number; readonly y: number; readonly open?: boolean }[];
  /** Where the series ended without a point, e.g. a saturated load: an x marker with this label. */
  readonly endMarker?: { readonly x: number; readonly label: string };
}

export interface ChartPanel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xScale: AxisScale;
  readonly yScale: AxisScale;
  readonly xTicks: readonly number[];
  readonly formatX: (x: number) => string;
  readonly formatY: (y: number) => string;
  /** Forces the y range to include these, e.g. 0 for a linear axis. */
  readonly yInclude?: readonly number[];
  readonly series: readonly ChartSeries[];
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';
const MARGIN = { left: 136, right: 32, top: 56, bottom: 72 } as const;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Maps data values into [0, 1] along one axis. */
export function axisPosition(scale: AxisScale, min: number, max: number): (value: number) => number {
  if (scale === 'log') {
    const lo = Math.log10(min);
    const span = Math.log10(max) - lo || 1;
    return (value) => (Math.log10(value) - lo) / span;
  }
  const span = max - min || 1;
  return (value) => (value - min) / span;
}

/** Tick values for a y axis: whole decades on a log axis, 5 even steps on a linear one. */
export function yTicks(scale: AxisScale, min: number, max: number): number[] {
  if (scale === 'log') {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) ticks.push(10 ** e);
    return ticks;
  }
  return Array.from({ length: 6 }, (_, i) => min + ((max - min) * i) / 5);
}

/** The y range a panel draws: whole decades around the data on a log axis, 0 to a round top on a linear one. */
export function yRange(panel: ChartPanel): [number, number] {
  const ys = [...panel.series.flatMap((s) => s.points.map((p) => p.y)), ...(panel.yInclude ?? [])];
  if (panel.yScale === 'log') {
    const positive = ys.filter((y) => y > 0);
    const lo = positive.length ? Math.min(...positive) : 1;
    const hi = positive.length ? Math.max(...positive) : 10;
    return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi))];
  }
  const hi = ys.length ? Math.max(...ys) : 1;
  const step = 10 ** Math.floor(Math.log10(hi || 1));
  return [Math.min(0, ...ys), Math.ceil(hi / step) * step];
}

/** One panel, drawn into `box` of the document. */
export function renderPanel(panel: ChartPanel, box: Box): string {
  const plot = {
    x: box.x + MARGIN.left,
    y: box.y + MARGIN.top,
    width: box.width - MARGIN.left - MARGIN.right,
    height: box.height - MARGIN.top - MARGIN.bottom,
  };
  const xs = panel.xTicks;
  const xPos = axisPosition(panel.xScale, Math.min(...xs), Math.max(...xs));
  const [yMin, yMax] = yRange(panel);
  const yPos = axisPosition(panel.yScale, yMin, yMax);
  const px = (x: number) => (plot.x + xPos(x) * plot.width).toFixed(1);
  const py = (y: number) => (plot.y + plot.height - yPos(y) * plot.height).toFixed(1);
  const parts: string[] = [];
  parts.push(
    `<text x="${box.x + box.width / 2}" y="${box.y + 32}" text-anchor="middle" font-size="22" font-weight="600">${escapeXml(panel.title)}</text>`,
  );
  for (const y of yTicks(panel.yScale, yMin, yMax)) {
    parts.push(`<line x1="${plot.x}" x2="${plot.x + plot.width}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`);
    parts.push(`<text x="${plot.x - 10}" y="${py(y)}" dy="0.35em" text-anchor="end" font-size="16">${escapeXml(panel.formatY(y))}</text>`);
  }
  for (const x of xs) {
    parts.push(`<line x1="${px(x)}" x2="${px(x)}" y1="${plot.y}" y2="${plot.y + plot.height}" stroke="#eee"/>`);
    parts.push(`<text x="${px(x)}" y="${plot.y + plot.height + 24}" text-anchor="middle" font-size="16">${escapeXml(panel.formatX(x))}</text>`);
  }
  parts.push(`<rect x="${plot.x}" y="${plot.y}" width="${plot.width}" height="${plot.height}" fill="none" stroke="#444"/>`);
  parts.push(
    `<text x="${plot.x + plot.width / 2}" y="${box.y + box.height - 16}" text-anchor="middle" font-size="18">${escapeXml(panel.xLabel)}</text>`,
  );
  const yLabelX = box.x + 22;
  const yLabelY = plot.y + plot.height / 2;
  parts.push(
    `<text x="${yLabelX}" y="${yLabelY}" text-anchor="middle" font-size="18" transform="rotate(-90 ${yLabelX} ${yLabelY})">${escapeXml(panel.yLabel)}</text>`,
  );
  // End markers stack from the top, one line each, in the order of the series that have one.
  let markers = 0;
  panel.series.forEach((series, i) => {
    if (series.points.length > 0) {
      const path = series.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${px(p.x)},${py(p.y)}`).join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="4"/>`);
      for (const p of series.points) {
        const fill = p.open ? '#fff' : series.color;
        parts.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="7" fill="${fill}" stroke="${series.color}" stroke-width="3"/>`);
      }
    }
    if (series.endMarker) {
      const x = px(series.endMarker.x);
      const y = plot.y + 24 + markers * 24;
      markers += 1;
      parts.push(
        `<text x="${x}" y="${y}" dx="-6" text-anchor="end" font-size="16" fill="${series.color}">${escapeXml(series.endMarker.label)} ✕</text>`,
      );
    }
    const legendY = plot.y + 20 + i * 26;
    parts.push(`<rect x="${plot.x + 14}" y="${legendY - 12}" width="24" height="6" fill="${series.color}"/>`);
    parts.push(`<text x="${plot.x + 46}" y="${legendY - 4}" font-size="16">${escapeXml(series.name)}</text>`);
  });
  return parts.join('\n');
}

/** A whole SVG document of panels side by side, each `panelWidth` × `height`. */
export function renderChart(panels: readonly ChartPanel[], panelWidth: number, height: number, caption: string): string {
  const width = panelWidth * panels.length;
  const total = height + 36;
  const body = panels.map((panel, i) => renderPanel(panel, { x: i * panelWidth, y: 0, width: panelWidth, height })).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}" ${FONT} fill="#222">`,
    `<rect width="${width}" height="${total}" fill="#fff"/>`,
    body,
    `<text x="${width / 2}" y="${total - 12}" text-anchor="middle" font-size="14" fill="#555">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
