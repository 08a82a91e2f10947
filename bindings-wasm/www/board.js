// 红黄绿督办亮牌: the colour of every unit at an instant (rules §6), from a stream replayed by
// the full build: `rules.cards(result)` → CardBoard, `board(at)` → one row per unit.
import { h, fmtInstant, errorBox } from './util.js';
import { loadFull, fetchText, DATA, shared } from './full.js';

const COLOUR = { green: '绿', yellow: '黄', red: '红' };
const COLOUR_ORDER = { red: 0, yellow: 1, green: 2 };
const CARD = {
  notice: '督办通知', yellow: '黄牌', red: '红牌',
  deputy_interview: '专班约谈分管负责人', principal_interview: '市政府领导约谈主要负责人',
};
const LIMIT = { feedback: '报结果', redo: '重新办理', plan: '解决方案' };
const SOURCES = {
  sample: { label: '示例事件流 sample.jsonl (3 件诉求)', url: DATA.sample },
  year: { label: '全年示例 year-2026.jsonl (滕州 2026 全年)', url: DATA.year },
  timeline: { label: '时间轴中的事件 (the timeline\'s text)' },
};

let full;
let ui;
const texts = new Map();

export async function mount(el) {
  full = await loadFull();
  if (typeof full.rules.cards !== 'function') {
    el.replaceChildren(errorBox({ code: 'cards_unavailable', message: '此版本的 WASM 构建还没有 rules.cards (CardBoard)。' }));
    return;
  }
  ui = {
    source: h('select', { id: 'bd-source', 'aria-label': '事件流 stream' },
      Object.entries(SOURCES).map(([k, v]) => h('option', { value: k }, v.label))),
    at: h('input', { type: 'datetime-local', id: 'bd-at', step: 60, 'aria-label': '时刻 at' }),
    only: h('input', { type: 'checkbox', id: 'bd-only' }),
    out: h('div', { id: 'bd-out' }),
    detail: h('div', { id: 'bd-detail' }),
  };
  if (shared.text) ui.source.value = 'timeline';
  const go = () => show().catch((e) => ui.out.replaceChildren(errorBox(e)));
  ui.source.addEventListener('change', () => { ui.at.value = ''; go(); });
  ui.at.addEventListener('change', go);
  ui.only.addEventListener('change', go);
  el.replaceChildren(
    h('div', { class: 'panel' },
      h('div', { class: 'row' },
        h('label', {}, '事件流 ', h('span', { class: 'en' }, 'stream'), ' ', ui.source),
        h('label', {}, '时刻 ', h('span', { class: 'en' }, 'at'), ' ', ui.at),
        h('label', {}, ui.only, ' 只看红黄 ', h('span', { class: 'en' }, 'carded units only')),
        h('button', { type: 'button', id: 'bd-show', class: 'primary', onclick: go }, '亮牌 ', h('span', { class: 'en' }, 'show'))),
      h('p', { class: 'hint' }, '超过时限未报结果:督办通知 + 黄牌;连续两次黄牌:红牌,专班约谈分管负责人;连续两次红牌:市政府领导约谈主要负责人 (规则书 §6,'
        + '“连续”= 其间本单位没有按时答复)。时刻为空时取事件流最后一条事件的时刻。',
      h('span', { class: 'en' }, ' A missed limit: notice + yellow card; two consecutive yellows: red; two consecutive reds: the principal is interviewed.'))),
    ui.out,
    ui.detail);
  await go();
}

async function streamText(source) {
  if (source === 'timeline') return shared.text ?? '';
  if (!texts.has(source)) texts.set(source, await fetchText(SOURCES[source].url));
  return texts.get(source);
}

let cached = null; // the last replay: {text, at, result}

async function show() {
  const text = await streamText(ui.source.value);
  const { rules } = full;
  if (cached?.text !== text || cached?.at !== ui.at.value) {
    ui.out.prepend(h('p', { class: 'loading' }, '正在回放事件流… (replaying)'));
    await nextFrame();
    cached = { text, at: ui.at.value, result: rules.replayStream(text, { strict: false, at: ui.at.value || undefined }) };
  }
  const { result } = cached;
  // Replay to the chosen instant (open demands get their notices due by then; events after it
  // are applied too, and board(at) leaves out what came later), or to the stream's last event.
  const when = ui.at.value || (result.at ? fmtInstant(result.at).replace(' ', 'T') : null);
  if (!when) {
    ui.out.replaceChildren(h('p', { class: 'hint' }, '事件流为空 (empty stream)'));
    return;
  }
  if (!ui.at.value) {
    ui.at.value = when;
    cached.at = when;
  }
  const board = rules.cards(result);
  const rows = board.board(when);
  const sorted = rows.map((r, i) => ({ r, i }))
    .sort((a, b) => COLOUR_ORDER[a.r.colour] - COLOUR_ORDER[b.r.colour] || a.i - b.i)
    .map((x) => x.r)
    .filter((r) => !ui.only.checked || r.colour !== 'green');
  const count = (c) => rows.filter((r) => r.colour === c).length;
  const counts = result.counts;
  ui.out.replaceChildren(
    h('div', { class: 'panel' },
      h('div', { class: 'board-summary', id: 'bd-summary' },
        h('span', { class: 'count' }, h('span', { class: 'dot red' }), `红 ${count('red')}`),
        h('span', { class: 'count' }, h('span', { class: 'dot yellow' }), `黄 ${count('yellow')}`),
        h('span', { class: 'count' }, h('span', { class: 'dot green' }), `绿 ${count('green')}`),
        h('span', {}, `${rows.length} 个单位 units · 截至 ${fmtInstant(when)}`),
        h('span', { class: 'hint' }, `事件流 ${counts.lines} 行,${counts.demands} 件诉求,${counts.rejected} 行被拒绝`)),
      h('div', { class: 'units', id: 'bd-units' }, sorted.map((r) => unitCard(r, board, when)))));
  ui.detail.replaceChildren();
}

function unitCard(r, board, when) {
  const latest = r.latest;
  const open = () => showHistory(r, board, when);
  return h('div', {
    role: 'button', tabindex: 0, class: `unit ${r.colour}`, dataset: { unit: r.unit, colour: r.colour },
    title: '点击查看督办记录 (click for the card history)',
    onclick: open, onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } },
  },
  h('span', { class: 'colour' }, COLOUR[r.colour]),
  h('div', { class: 'name' }, r.name ?? r.unit),
  h('div', { class: 'stats' },
    `连续黄牌 ${r.yellow_streak} · 连续红牌 ${r.red_streak}`, h('br'),
    `督办通知 ${r.notices} · 黄牌 ${r.yellow_cards} · 红牌 ${r.red_cards}`,
    r.deputy_interviews || r.principal_interviews ? ` · 约谈 ${r.deputy_interviews + r.principal_interviews}` : ''),
  latest ? h('div', { class: 'latest' }, `最近 ${CARD[latest.kind] ?? latest.kind} ${fmtInstant(latest.at)}`) : null);
}

function showHistory(r, board, when) {
  const events = board.history(r.unit).filter((e) => fmtInstant(e.at) <= fmtInstant(when));
  ui.detail.replaceChildren(h('div', { class: 'panel', id: 'bd-history' },
    h('h3', {}, `${r.name ?? r.unit} — ${COLOUR[r.colour]}牌 `, h('span', { class: 'en' }, `card history to ${fmtInstant(when)}`)),
    events.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['时刻 at', '牌 card', '原因 causes'].map((t) => h('th', {}, t)))),
      h('tbody', {}, events.map((e) => h('tr', {},
        h('td', {}, fmtInstant(e.at)),
        h('td', {}, h('span', { class: `badge ${e.kind === 'red' || e.kind.endsWith('interview') ? 'red' : 'yellow'}` }, CARD[e.kind] ?? e.kind)),
        h('td', {}, e.causes.map((c) => `${c.demand} 第 ${c.round} 轮 ${LIMIT[c.limit] ?? c.limit} 截止 ${fmtInstant(c.due)}`).join(';'))))))
      : h('p', { class: 'hint' }, '无督办记录 (no cards)')));
}

function nextFrame() {
  return new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });
}
