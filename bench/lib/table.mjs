/**
 * Shared table printer. Every benchmark reports figures as
 * `{ metric, value, unit, note? }`; `printTable` lays out one row per figure, grouped by benchmark.
 */

function formatValue(value) {
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** `results`: `[{ title, figures: [{ metric, value, unit, note }] }]`. Returns the printed text. */
export function formatTable(results) {
  const header = ['benchmark', 'metric', 'value', 'unit', 'note'];
  const rows = results.flatMap(({ title, figures }) =>
    figures.map((figure, index) => [
      index === 0 ? title : '',
      figure.metric,
      formatValue(figure.value),
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
