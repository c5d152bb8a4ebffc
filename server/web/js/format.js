// Shown values: a CellValue is {"value": x}, {"value": null, "status": "not_defined"} or
// {"value": null, "status": "suppressed", "threshold": N, "text": "fewer than N*"}. A suppressed
// value always reads exactly the server's text, never a blank or a zero.

export function isShown(cell) {
  return cell !== null && cell !== undefined && cell.value !== null && cell.value !== undefined;
}

export function isSuppressed(cell) {
  return cell && cell.status === 'suppressed';
}

export function numberText(value, digits = 2) {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(digits);
}

/// The text of a cell: its number, the server's suppression text, or "not defined" / "—".
export function cellText(cell, digits = 2) {
  if (cell === null || cell === undefined) return '—';
  if (isShown(cell)) return numberText(cell.value, digits);
  if (isSuppressed(cell)) return cell.text || `fewer than ${cell.threshold}*`;
  if (cell.status === 'not_defined') return 'not defined';
  return '—';
}

/// A table cell descriptor (see dom.table) with a class saying whether it is suppressed.
export function cellContent(cell, digits = 2) {
  return {content: cellText(cell, digits),
          class: isSuppressed(cell) ? 'suppressed' : (isShown(cell) ? 'num' : 'undefined')};
}

/// Chart data: a shown number or null (a gap in the chart; the table beside it says why).
export function chartValue(cell) {
  return isShown(cell) ? cell.value : null;
}

export function percentText(value) {
  return value === null || value === undefined ? '—' : `${numberText(value, 1)} %`;
}

/// Wilson score 95 % interval for k of n, as percentages; null when n is 0. The same formula as
/// shared/results/statistics.h, applied in the browser to shown counts only.
export function wilson(k, n) {
  if (!(n > 0) || k < 0 || k > n) return null;
  const z = 1.959963984540054;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half) * 100, Math.min(1, centre + half) * 100];
}

export function intervalText(interval) {
  if (!interval) return '';
  return `${interval[0].toFixed(1)}–${interval[1].toFixed(1)} %`;
}

export const kindNames = {
  appraisal360: '360 appraisal',
  self_assessment: 'Self-assessment',
  consultation: 'Consultation',
};

/// A stored time (RFC 3339 UTC) as people read it, in this browser's time zone.
export function dateText(iso) {
  return new Date(iso).toLocaleString('en-GB', {dateStyle: 'long', timeStyle: 'short'});
}
