/**
 * Pass-rate charts as inline SVG: grouped bars (one bar per implementation) while there are few
 * implementations, a heat map (one column per implementation, numbered as in the legend) beyond
 * that, where bars would run to thousands of pixels.
 */
import { html as h, truncate } from './escape.ts';
import { percent, type Rate, type ReportView } from './view.ts';

export const MAX_BARS = 4;
const PALETTE = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a'];
export const colour = (i: number) => PALETTE[i % PALETTE.length]!;

type RateOf = (impl: number, key: string) => Rate;

const t = (s: string) => h(truncate(s, 300));
const tip = (v: ReportView, impl: number, key: string, r: Rate) =>
  `<title>${t(`${v.impls[impl]!.label}, ${key}: ${r.pass} of ${r.judged} judged pass (${r.total} ran)`)}</title>`;

function bars(title: string, keys: string[], v: ReportView, rateOf: RateOf): string {
  const bar = 14, gap = 8, label = 150, width = 300, right = 115;
  const group = v.impls.length * bar + gap;
  const height = keys.length * group + 20;
  const parts = [`<svg class="chart bars" role="img" aria-label="${t(title)}" width="${label + width + right}" height="${height}" viewBox="0 0 ${label + width + right} ${height}" xmlns="http://www.w3.org/2000/svg"><title>${t(title)}</title>`];
  for (const x of [0, 50, 100]) parts.push(`<line x1="${label + (width * x) / 100}" x2="${label + (width * x) / 100}" y1="0" y2="${height - 16}" stroke="#ddd"/><text x="${label + (width * x) / 100}" y="${height - 4}" text-anchor="middle">${x}%</text>`);
  keys.forEach((key, g) => {
    const y0 = g * group;
    parts.push(`<text x="${label - 6}" y="${y0 + (v.impls.length * bar) / 2 + 4}" text-anchor="end">${t(truncate(key, 24))}</text>`);
    v.impls.forEach((impl, i) => {
      const r = rateOf(impl.index, key);
      const y = y0 + i * bar;
      const w = r.judged ? (width * r.pass) / r.judged : 0;
      parts.push(`<rect x="${label}" y="${y + 1}" width="${w.toFixed(1)}" height="${bar - 2}" fill="${colour(i)}">${tip(v, impl.index, key, r)}</rect>`);
      parts.push(`<text x="${label + width + 4}" y="${y + bar - 2}">${t(`${percent(r)} ${r.pass}/${r.judged}`)}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Red at 0 %, amber at 50 %, green at 100 %. */
function heat(fraction: number): string {
  const hue = Math.round(120 * fraction);
  return `hsl(${hue}, 65%, ${fraction === 1 ? 38 : 45}%)`;
}

function heatmap(title: string, keys: string[], v: ReportView, rateOf: RateOf): string {
  const cell = 34, row = 18, label = 150, top = 20;
  const width = label + v.impls.length * cell + 4;
  const height = top + keys.length * row + 4;
  const parts = [`<svg class="chart heat" role="img" aria-label="${t(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg"><title>${t(title)}</title>`];
  v.impls.forEach((impl, i) => parts.push(`<text x="${label + i * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${impl.index + 1}<title>${t(impl.label)}</title></text>`));
  keys.forEach((key, k) => {
    const y = top + k * row;
    parts.push(`<text x="${label - 6}" y="${y + row - 5}" text-anchor="end">${t(truncate(key, 24))}</text>`);
    v.impls.forEach((impl, i) => {
      const r = rateOf(impl.index, key);
      const x = label + i * cell;
      const fill = r.judged ? heat(r.pass / r.judged) : '#eeeeee';
      const text = r.judged ? String(Math.floor((100 * r.pass) / r.judged)) : '–';
      parts.push(`<rect x="${x + 1}" y="${y + 1}" width="${cell - 2}" height="${row - 2}" fill="${fill}">${tip(v, impl.index, key, r)}</rect>`);
      parts.push(`<text x="${x + cell / 2}" y="${y + row - 5}" text-anchor="middle" class="${r.judged ? 'on-heat' : ''}">${text}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}

export function chart(title: string, keys: string[], v: ReportView, rateOf: RateOf): string {
  return v.impls.length <= MAX_BARS ? bars(title, keys, v, rateOf) : heatmap(title, keys, v, rateOf);
}

/** Which colour (bars) or number (heat map) stands for which implementation. */
export function legend(v: ReportView): string {
  if (v.impls.length <= MAX_BARS) return `<p class="legend">${v.impls.map((i) => `<span><i class="sw${i.index}"></i>${t(i.label)}</span>`).join('')}</p>`;
  return `<ol class="legend heat-legend">${v.impls.map((i) => `<li>${t(i.label)}</li>`).join('')}</ol><p class="note">Cells: percentage of judged scenarios that pass; grey: none judged.</p>`;
}

/** Swatch classes for the bar legend (the stylesheet is hashed for the CSP, so colours live in it). */
export function swatchCss(v: ReportView): string {
  return v.impls.map((i) => `.sw${i.index} { background: ${colour(i.index)}; }`).join('\n');
}
