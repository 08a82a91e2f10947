// Small helpers shared by the three views: DOM building, dates and instants (+08:00, rules §0),
// labels. No dependencies; loaded with the calculator, so keep it small.

/** `h('div', {class: 'x', onclick}, child, …)`: an element; children are nodes, text or arrays. */
export function h(tag, attrs = {}, ...children) {
  const el = tag === 'svg' || attrs?.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false || k === 'svg') continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

/** An SVG element (`h` in the SVG namespace). */
export function s(tag, attrs = {}, ...children) {
  return h(tag, { ...attrs, svg: true }, ...children);
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. */
export function dayNumber(date) {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOf(n) {
  return new Date(n * 86400000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayIndex(date) {
  return (dayNumber(date) + 4) % 7; // 1970-01-01 was a Thursday
}

export function weekday(date) {
  return WEEKDAYS[weekdayIndex(date)];
}

/** Epoch milliseconds of an instant: RFC 3339 with an offset, or naive (read as +08:00, §0). */
export function instantMs(text) {
  const t = String(text).trim().replace(' ', 'T');
  const hasOffset = /(Z|[+-]\d\d:?\d\d)$/i.test(t);
  const ms = Date.parse(hasOffset ? t : `${t.length === 16 ? `${t}:00` : t}+08:00`);
  return Number.isNaN(ms) ? null : ms;
}

/** `2026-10-14T00:00:00+08:00` → `2026-10-14 00:00` (Beijing time). */
export function fmtInstant(text) {
  const ms = instantMs(text);
  if (ms == null) return String(text);
  return new Date(ms + 8 * 3600000).toISOString().slice(0, 16).replace('T', ' ');
}

/** The Beijing date `YYYY-MM-DD` of an instant. */
export function dateOfInstant(text) {
  return fmtInstant(text).slice(0, 10);
}

/** Now as a `datetime-local` value in Beijing time (`YYYY-MM-DDTHH:MM`). */
export function nowLocal() {
  return new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 16);
}

/** The label of a day's kind (rules §1). */
export function dayLabel(day) {
  switch (day.kind) {
    case 'holiday': return `法定节假日 ${day.name ?? ''}`.trim();
    case 'make_up_workday': return `调休补班 ${day.name ?? ''}`.trim();
    case 'weekend': return '周末';
    default: return '工作日';
  }
}

/** A library error (`{name, code, message}`) as a block. */
export function errorBox(e) {
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, '无法计算 '), h('code', {}, e?.code ?? e?.name ?? 'error'), ' ',
    h('span', {}, e?.message ?? String(e)),
    // `internal`: the WebAssembly instance trapped and is dead; only a fresh one (a reload) helps.
    e?.code === 'internal' && h('p', { class: 'hint' }, '计算模块已停止:请重新加载页面(您输入的内容未被更改)。',
      h('span', { class: 'en' }, ' The module stopped: reload the page (nothing you entered was changed). '),
      h('button', { type: 'button', onclick: () => location.reload() }, '重新加载 Reload')));
}
