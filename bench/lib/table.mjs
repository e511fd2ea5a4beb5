/**
 * Shared table printer. Every benchmark reports figures as `{ metric, value, unit?, note?, digits? }`
 * (`digits`: decimals to print, default 1); `printTable` lays out one row per figure, grouped by benchmark.
 */

import { round } from './stats.mjs';

/** The row of a ratio of two rates (`value` ×, two decimals). */
export function ratioFigure(metric, value, note) {
  return { metric, value: round(value, 2), digits: 2, unit: '×', note };
}

/** A target beside a figure, for its note: "target ≤ 300 ms: met" / "… MISSED" (`atLeast`: ≥). */
export function verdict(value, limit, unit, { atLeast = false } = {}) {
  if (!Number.isFinite(value)) return `target ${atLeast ? '≥' : '≤'} ${limit} ${unit}`;
  const met = atLeast ? value >= limit : value <= limit;
  return `target ${atLeast ? '≥' : '≤'} ${limit} ${unit}: ${met ? 'met' : 'MISSED'}`;
}

/** Numbers get `digits` decimals (default 1) and thousands separators; anything else is printed as is. */
function formatValue(value, digits = 1) {
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `results`: `[{ title, figures: [{ metric, value, unit, note }] }]`. Returns the printed text. */
export function formatTable(results) {
  const header = ['benchmark', 'metric', 'value', 'unit', 'note'];
  const rows = results.flatMap(({ title, figures }) =>
    figures.map((figure, index) => [
      index === 0 ? title : '',
      figure.metric,
      formatValue(figure.value, figure.digits),
      figure.unit ?? '',
      figure.note ?? '',
    ]),
  );
  const widths = header.map((name, column) =>
    Math.max(name.length, ...rows.map((row) => row[column].length)),
  );
  const rightAligned = new Set([2]);
  const line = (cells) =>
    cells
      .map((cell, column) =>
        rightAligned.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function printTable(results) {
  console.log(formatTable(results));
}
