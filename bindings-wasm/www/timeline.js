// 诉求时间轴: a stream of events (JSON Lines, rules §5) replayed leniently by the full build
// (`rules.replayStream(text, {strict: false, at})`); one demand's rounds on a time axis with
// their limits, replies on time or late, notices and yellow cards, and every line of the demand
// in order — a rejected line where it stands, with its line number and reason.
import {
  h, s, weekday, fmtInstant, dateOfInstant, instantMs, dayNumber, dateOf, errorBox,
} from './util.js';
import { loadFull, fetchText, DATA, shared } from './full.js';

const EVENT_LABEL = {
  received: '受理', answered: '即时答复', territory_handling: '属地本级解决', escalated: '上报',
  dispatched: '派单', signed: '签收', returned_by_unit: '退单', plan_submitted: '解决方案',
  replied: '报结果', callback: '电话回访', returned: '当日退回',
  verification_submitted: '审核反馈表', verified: '核查意见', closed: '销号',
};
const LEVEL_LABEL = { territory: '属地', center: '推进中心', government: '市政府' };
const LIMIT_LABEL = { feedback: '5 个工作日', redo: '3 个工作日', plan: '解决方案', working_days: '工作日' };
const DAY = 86400000;

let full;
let ui;
let last; // {json, states, lines, byDemand}

export async function mount(el) {
  full = await loadFull();
  ui = {
    text: h('textarea', { id: 'tl-text', class: 'events', spellcheck: 'false', 'aria-label': '事件 JSON Lines' }),
    at: h('input', { type: 'datetime-local', id: 'tl-at', step: 60, 'aria-label': '回放至 at' }),
    file: h('input', { type: 'file', id: 'tl-file', accept: '.jsonl,.ndjson,.json,.txt', hidden: true }),
    summary: h('div', { id: 'tl-summary' }),
    picker: h('select', { id: 'tl-demand', 'aria-label': '诉求 demand' }),
    view: h('div', { id: 'tl-view' }),
  };
  ui.file.addEventListener('change', async () => {
    const f = ui.file.files?.[0];
    if (!f) return;
    ui.text.value = await f.text();
    shared.source = f.name;
    replay();
  });
  ui.picker.addEventListener('change', () => renderDemand(ui.picker.value));
  ui.text.addEventListener('dragover', (e) => e.preventDefault());
  ui.text.addEventListener('drop', async (e) => {
    const f = e.dataTransfer?.files?.[0];
    if (!f) return;
    e.preventDefault();
    ui.text.value = await f.text();
    shared.source = f.name;
    await replay();
  });
  el.replaceChildren(
    h('div', { class: 'panel' },
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'tl-sample', onclick: loadSample }, '载入示例 ', h('span', { class: 'en' }, 'sample stream')),
        h('button', { type: 'button', id: 'tl-year', onclick: loadYear }, '全年示例 ', h('span', { class: 'en' }, 'a year, 2,000 demands')),
        h('button', { type: 'button', onclick: () => ui.file.click() }, '打开文件… ', h('span', { class: 'en' }, 'open a .jsonl file')),
        ui.file,
        h('span', { class: 'hint' }, '或把事件粘贴、拖放到下面 (or paste or drop events below)')),
      ui.text,
      h('div', { class: 'row' },
        h('label', {}, '回放至 ', h('span', { class: 'en' }, 'bring open demands to'), ' ', ui.at),
        h('button', { type: 'button', id: 'tl-replay', class: 'primary', onclick: replay }, '回放 ', h('span', { class: 'en' }, 'replay'))),
      h('p', { class: 'hint' }, '每行一个事件 (事件格式 v1,见 fixtures/events/README.md);宽松模式逐行回放,被拒绝的行标出行号和原因。'
        + '回放至:空则为最后一条事件的时刻,逾期未答复的轮次在此刻发出督办通知和黄牌。',
      h('span', { class: 'en' }, ' One event per line; lenient replay: rejected lines are kept with their line number and reason.'))),
    ui.summary,
    h('div', { class: 'row' }, h('label', { for: 'tl-demand' }, '诉求 ', h('span', { class: 'en' }, 'demand')), ui.picker),
    ui.view);
  await loadSample();
}

async function loadSample() {
  ui.text.value = await fetchText(DATA.sample);
  shared.source = 'sample.jsonl';
  await replay();
}

async function loadYear() {
  ui.text.value = await fetchText(DATA.year);
  shared.source = 'year-2026.jsonl';
  await replay();
}

async function replay() {
  const text = ui.text.value;
  let result;
  ui.summary.prepend(h('p', { class: 'loading' }, '正在回放事件流… (replaying)'));
  await new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });
  try {
    result = full.rules.replayStream(text, { strict: false, at: ui.at.value || undefined });
  } catch (e) {
    ui.summary.replaceChildren(errorBox(e));
    ui.view.replaceChildren();
    return;
  }
  shared.text = text;
  const json = result.toJSON();
  const states = new Map(result.states.map((st) => [st.demand, st]));
  const fields = new Map(json.states.map((st) => [st.demand, st]));
  // The lines as the library numbers them (1-based; \n or \r\n).
  const lines = text.split('\n').map((raw, i) => {
    let obj = null;
    try { obj = raw.trim() ? JSON.parse(raw) : null; } catch { /* shown as rejected */ }
    return { line: i + 1, raw: raw.replace(/\r$/, ''), obj };
  });
  const rejected = new Map(json.rejected.map((r) => [r.line, r]));
  const byDemand = new Map();
  for (const l of lines) {
    const id = rejected.get(l.line)?.demand ?? (typeof l.obj?.demand === 'string' ? l.obj.demand : null);
    if (id == null) continue;
    if (!byDemand.has(id)) byDemand.set(id, []);
    byDemand.get(id).push({ ...l, rejected: rejected.get(l.line) ?? null });
  }
  last = { json, states, fields, byDemand };

  const c = json.counts;
  ui.summary.replaceChildren(h('div', { class: 'panel' },
    h('div', { class: 'counts', id: 'tl-counts' },
      h('span', {}, '行 lines ', h('b', {}, c.lines)),
      h('span', {}, '已应用 applied ', h('b', {}, c.applied)),
      h('span', { class: c.rejected ? 'late' : '' }, '被拒绝 rejected ', h('b', {}, c.rejected)),
      h('span', {}, '空行 blank ', h('b', {}, c.blank)),
      h('span', {}, '诉求 demands ', h('b', {}, c.demands)),
      h('span', {}, '办理中 open ', h('b', {}, c.open)),
      h('span', {}, '已结束 finished ', h('b', {}, c.finished)),
      json.at ? h('span', {}, '回放至 at ', h('b', {}, fmtInstant(json.at))) : null),
    json.rejected.length ? h('ul', { class: 'rejected-list', id: 'tl-rejected' }, json.rejected.map((r) => h('li', { dataset: { line: r.line } },
      h('b', {}, `第 ${r.line} 行 `), r.demand ? `${r.demand} · ` : '', h('code', {}, r.code), ' — ', r.message))) : null));

  const ids = [...new Set([...fields.keys(), ...byDemand.keys()])];
  const previous = ui.picker.value;
  ui.picker.replaceChildren(...ids.map((id) => {
    const f = fields.get(id);
    const bad = (byDemand.get(id) ?? []).filter((l) => l.rejected).length;
    return h('option', { value: id },
      f ? `${id} · ${f.enterprise} · ${full.label('stage', f.stage)} · ${f.rounds.length} 轮` : `${id} · 未受理 (not received)`,
      bad ? ` · ${bad} 行被拒绝` : '');
  }));
  const best = ids.includes(previous) ? previous
    : ids.reduce((a, b) => ((fields.get(b)?.rounds.length ?? -1) > (fields.get(a)?.rounds.length ?? -1) ? b : a), ids[0]);
  if (best != null) {
    ui.picker.value = best;
    renderDemand(best);
  } else {
    ui.view.replaceChildren(h('p', { class: 'hint' }, '没有事件 (no events)'));
  }
}

function renderDemand(id) {
  const f = last.fields.get(id);
  const events = last.byDemand.get(id) ?? [];
  const parts = [];
  if (f) {
    const status = last.states.get(id).statusAt(last.json.at);
    parts.push(h('div', { class: 'panel demand-head', id: 'tl-head', dataset: { demand: id } },
      h('span', { class: 'id' }, id),
      h('span', {}, f.enterprise),
      h('span', {}, full.category(f.category)),
      h('span', {}, '属地 ', full.unitName(f.territory)),
      h('span', {}, '层级 ', LEVEL_LABEL[f.level] ?? f.level),
      h('span', { id: 'tl-stage' }, '阶段 ', h('b', {}, full.label('stage', f.stage))),
      f.lead ? h('span', {}, '首接 ', full.unitName(f.lead)) : null,
      f.co_units.length ? h('span', {}, '协办 ', f.co_units.map(full.unitName).join('、')) : null,
      status.waiting_for ? h('span', {}, '等待 ', full.label('waiting', status.waiting_for),
        status.waiting_on ? ` (${full.unitName(status.waiting_on)})` : '',
        status.due ? ` · 截止 ${fmtInstant(status.due)}` : '',
        status.overdue ? h('span', { class: 'late' }, ' 已超时') : '') : null));
    parts.push(h('div', { class: 'panel axis' }, axis(f, events), LEGEND()));
    parts.push(roundsTable(f));
  }
  parts.push(eventsTable(events));
  if (f && (f.notices.length || f.flags.length)) parts.push(noticesList(f));
  ui.view.replaceChildren(...parts);
}

// ---------------------------------------------------------------- the time axis (SVG)

function axis(f, events) {
  const times = events.map((e) => instantMs(e.obj?.at)).filter((t) => t != null);
  for (const r of f.rounds) for (const t of [r.opened_at, r.due, r.replied_at, r.ended_at]) if (t) times.push(instantMs(t));
  for (const n of f.notices) times.push(instantMs(n.at));
  const open = f.stage !== 'closed' && f.stage !== 'answered';
  if (open && last.json.at) times.push(instantMs(last.json.at));
  const d0 = dayNumber(dateOfInstant(new Date(Math.min(...times)).toISOString()));
  const d1 = dayNumber(dateOfInstant(new Date(Math.max(...times)).toISOString())) + 1;
  const t0 = d0 * DAY - 8 * 3600000; // Beijing midnight
  const t1 = d1 * DAY - 8 * 3600000;
  const L = 200; const W = 1120; const R = 84; const top = 38; const rowH = 40; // R: room for the last labels
  const x = (ms) => L + ((ms - t0) / (t1 - t0)) * (W - L - R);
  // Event labels in lanes: each label takes the lowest lane where it does not overlap.
  const laneEnds = [];
  const placed = events.filter((e) => instantMs(e.obj?.at) != null).map((e) => {
    const xe = x(instantMs(e.obj.at));
    const text = e.rejected ? `✗ 第${e.line}行` : (EVENT_LABEL[e.obj.type] ?? e.obj.type);
    const width = text.length * 10 + 4;
    let lane = laneEnds.findIndex((end) => end < xe - 2);
    if (lane < 0) { lane = laneEnds.length; laneEnds.push(0); }
    laneEnds[lane] = xe + 4 + width;
    return { e, xe, text, lane };
  });
  const evH = 22 + laneEnds.length * 12;
  const rowsTop = top + evH;
  const H = rowsTop + f.rounds.length * rowH + 8;
  const g = [];

  // Days: non-working days shaded, holiday names, date ticks.
  let notable = new Map();
  try {
    notable = new Map(full.rules.calendar.notableDaysIn(dateOf(d0), dateOf(d1 - 1)).map((d) => [d.date, d]));
  } catch { /* out of coverage: no shading */ }
  const dayW = (W - L - R) / (d1 - d0);
  const every = Math.max(1, Math.ceil(44 / dayW));
  let prevName = null;
  for (let n = d0; n < d1; n += 1) {
    const date = dateOf(n);
    const nd = notable.get(date);
    const xs = x(n * DAY - 8 * 3600000);
    if (nd) {
      g.push(s('rect', { x: xs, y: top - 4, width: dayW, height: H - top, class: `day ${nd.kind}`,
        fill: { weekend: '#eef1f4', holiday: '#fde2e1', make_up_workday: '#e3efff' }[nd.kind] ?? 'none' },
      s('title', {}, `${date} ${nd.kind === 'weekend' ? '周末' : nd.kind === 'holiday' ? nd.name : `调休补班 ${nd.name}`}`)));
      if (nd.kind === 'holiday' && nd.name !== prevName) {
        g.push(s('text', { x: xs + 2, y: top + 8, fill: '#a1191f', 'font-size': 10 }, nd.name));
      }
      if (nd.kind === 'make_up_workday') g.push(s('text', { x: xs + 1, y: top + 8, fill: '#1f5fbf', 'font-size': 10 }, '补班'));
    }
    prevName = nd?.kind === 'holiday' ? nd.name : null;
    if ((n - d0) % every === 0) {
      g.push(s('line', { x1: xs, x2: xs, y1: top - 8, y2: H, stroke: '#d0d7de', 'stroke-width': 0.5 }));
      g.push(s('text', { x: xs + 2, y: top - 12, fill: '#656d76' }, `${date.slice(5)}`));
    }
  }
  g.push(s('text', { x: 4, y: top - 12, fill: '#656d76' }, `${dateOf(d0).slice(0, 4)} 年 (北京时间)`));

  // Row 0: every line of the demand, rejected ones as a red cross with the line number.
  const y0 = top + evH - 12;
  g.push(s('text', { x: 4, y: y0 + 4, 'font-weight': 600 }, '事件 events'));
  for (const { e, xe, text, lane } of placed) {
    const ly = y0 - 10 - lane * 12;
    const label = `第 ${e.line} 行 ${EVENT_LABEL[e.obj.type] ?? e.obj.type} ${fmtInstant(e.obj.at)}`
      + (e.rejected ? ` — 被拒绝 ${e.rejected.code}: ${e.rejected.message}` : '');
    const colour = e.rejected ? '#cf222e' : '#57606a';
    g.push(s('g', { class: e.rejected ? 'ev rejected' : 'ev', dataset: { line: e.line } },
      s('line', { x1: xe, x2: xe, y1: ly + 2, y2: y0, stroke: colour, 'stroke-width': 0.6, 'stroke-opacity': 0.6 }),
      e.rejected
        ? s('path', { d: `M${xe - 5},${y0 - 5} l10,10 m0,-10 l-10,10`, stroke: colour, 'stroke-width': 2.5 })
        : s('circle', { cx: xe, cy: y0, r: 4.5, fill: colour }),
      s('text', { x: xe + 3 + text.length * 10 > W ? xe - 3 : xe + 3, y: ly, fill: colour, 'font-size': 10,
        'text-anchor': xe + 3 + text.length * 10 > W ? 'end' : null }, text),
      s('title', {}, label)));
  }

  // One row per round: the limit's window, its end, the reply, the notices.
  f.rounds.forEach((r, i) => {
    const y = rowsTop + i * rowH + rowH / 2;
    g.push(s('text', { x: 4, y: y - 3, 'font-weight': 600 }, `第 ${r.number} 轮 ${full.label('round_kind', r.kind)}`));
    g.push(s('text', { x: 4, y: y + 11, fill: '#656d76', 'font-size': 10 }, trim(full.unitName(r.unit), 16)));
    const from = instantMs(r.clock_start ?? r.opened_at);
    if (r.due) {
      const xd = x(instantMs(r.due));
      g.push(s('rect', { x: x(from), y: y - 7, width: Math.max(1, xd - x(from)), height: 14, rx: 3,
        fill: r.overdue ? '#fff1c2' : '#dbe9ff', stroke: r.limit?.provisional ? '#9a6700' : '#8fb3e8',
        'stroke-dasharray': r.limit?.provisional ? '4 3' : null, class: 'limit' },
      s('title', {}, `时限 ${LIMIT_LABEL[r.limit?.kind] ?? ''} ${fmtInstant(r.clock_start ?? r.opened_at)} → ${fmtInstant(r.due)}`
        + (r.limit?.provisional ? ' (临时结果)' : ''))));
      g.push(s('line', { x1: xd, x2: xd, y1: y - 12, y2: y + 12, stroke: '#b4232a', 'stroke-width': 2 }));
      g.push(s('text', { x: xd + 3, y: y + 16, fill: '#b4232a', 'font-size': 10 }, `截止 ${r.due_date.slice(5)}`));
    } else {
      g.push(s('text', { x: x(from) + 4, y: y + 4, fill: '#656d76', 'font-size': 10 }, '未签收,未起算 (clock not started)'));
    }
    const endAt = r.replied_at ?? r.ended_at;
    if (r.replied_at) {
      const xr = x(instantMs(r.replied_at));
      const ok = r.on_time;
      g.push(s('g', { class: ok ? 'reply on-time' : 'reply late' },
        s('circle', { cx: xr, cy: y, r: 7, fill: ok ? '#2da44e' : '#cf222e' }),
        s('text', { x: xr, y: y + 4, fill: '#fff', 'text-anchor': 'middle', 'font-size': 10, 'font-weight': 700 }, ok ? '✓' : '!'),
        s('text', { x: xr - 4, y: y - 10, fill: ok ? '#1a7f37' : '#cf222e', 'font-size': 10, 'text-anchor': 'end' }, ok ? '按时答复' : '逾期答复'),
        s('title', {}, `报结果 ${fmtInstant(r.replied_at)} — ${ok ? '按时 on time' : '逾期 late'}`)));
    } else if (r.ended_at) {
      const xe = x(instantMs(r.ended_at));
      g.push(s('rect', { x: xe - 5, y: y - 5, width: 10, height: 10, fill: '#6e7781' }, s('title', {}, `${EVENT_LABEL[r.ended]} ${fmtInstant(r.ended_at)}`)));
      g.push(s('text', { x: xe - 4, y: y - 9, fill: '#57606a', 'font-size': 10, 'text-anchor': 'end' }, EVENT_LABEL[r.ended] ?? r.ended));
    }
    if (endAt == null && open && last.json.at && !r.overdue) {
      g.push(s('text', { x: x(instantMs(last.json.at)) + 3, y: y - 9, fill: '#57606a', 'font-size': 10 }, '办理中'));
    }
    const notices = f.notices.filter((n) => n.round === r.number);
    notices.filter((n) => n.kind === 'yellow_card').forEach((n, k) => {
      const xn = x(instantMs(n.at)) + 4 + k * 12;
      g.push(s('g', { class: 'yellow-card' },
        s('rect', { x: xn, y: y - 11, width: 9, height: 13, rx: 1.5, fill: '#e3b341', stroke: '#9a6700' }),
        s('title', {}, `${fmtInstant(n.at)} 督办通知 + 黄牌 → ${full.unitName(n.unit)} (${n.role === 'lead' ? '首接' : '协办'})`)));
    });
  });

  // The instant the stream was brought to.
  if (last.json.at) {
    const xa = x(instantMs(last.json.at));
    if (xa >= L && xa <= W - R) {
      g.push(s('line', { x1: xa, x2: xa, y1: top - 4, y2: H, stroke: '#57606a', 'stroke-dasharray': '3 3' }));
    }
  }
  return s('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', id: 'tl-axis',
    'aria-label': `${f.demand} 时间轴: ${f.rounds.length} 轮` }, g);
}

const LEGEND = () => h('ul', { class: 'legend axis-legend' },
  h('li', {}, h('span', { class: 'sym ev' }), '事件 event'),
  h('li', { class: 'late' }, '✗ 被拒绝的行 rejected line'),
  h('li', {}, h('span', { class: 'sym limit' }), '时限 limit (黄色:已超时 overdue)'),
  h('li', {}, h('span', { class: 'sym due' }), '截止 due'),
  h('li', {}, h('span', { class: 'sym ok' }, '✓'), '按时答复 on time'),
  h('li', {}, h('span', { class: 'sym late' }, '!'), '逾期答复 late'),
  h('li', {}, h('span', { class: 'sym card' }), '督办通知 + 黄牌 notice and yellow card'),
  h('li', {}, h('span', { class: 'sym end' }), '退单/上报 returned or escalated'),
  h('li', {}, h('span', { class: 'sym shade' }), '周末、节假日 days off'));

function trim(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

// ---------------------------------------------------------------- tables

function roundsTable(f) {
  return h('div', { class: 'panel' },
    h('h3', {}, `办理轮次 ${f.rounds.length} `, h('span', { class: 'en' }, 'rounds')),
    h('table', { id: 'tl-rounds' },
      h('thead', {}, h('tr', {}, ['轮次', '类型', '单位', '起算 clock start', '截止 due', '答复 reply', '结果', '结束 ended'].map((t) => h('th', {}, t)))),
      h('tbody', {}, f.rounds.map((r) => {
        const result = r.on_time === true ? h('span', { class: 'ok' }, '按时 on time')
          : r.on_time === false ? h('span', { class: 'late' }, '逾期 late')
            : r.overdue ? h('span', { class: 'late' }, '超时未答复 · 黄牌')
              : r.ended ? h('span', { class: 'hint' }, '—') : h('span', {}, '办理中');
        return h('tr', { dataset: { round: r.number, due: r.due_date ?? '' } },
          h('td', { class: 'num' }, r.number),
          h('td', {}, full.label('round_kind', r.kind), ' ', h('span', { class: 'hint' }, LIMIT_LABEL[r.limit?.kind] ?? '')),
          h('td', {}, full.unitName(r.unit)),
          h('td', {}, r.clock_start ? fmtInstant(r.clock_start) : '未起算'),
          h('td', { class: 'due' }, r.due_date ? `${r.due_date} ${weekday(r.due_date)}` : '—',
            r.limit?.provisional ? h('span', { class: 'badge yellow' }, '临时') : null),
          h('td', {}, r.replied_at ? fmtInstant(r.replied_at) : '—'),
          h('td', { class: 'result' }, result),
          h('td', {}, r.ended ? `${EVENT_LABEL[r.ended] ?? r.ended} ${fmtInstant(r.ended_at)}` : ''));
      }))));
}

function eventsTable(events) {
  return h('div', { class: 'panel' },
    h('h3', {}, `事件 ${events.length} 行 `, h('span', { class: 'en' }, 'the demand\'s lines, in order')),
    h('table', { id: 'tl-events' },
      h('thead', {}, h('tr', {}, ['行 line', '时刻 at', '事件 event', '内容', '状态 status'].map((t) => h('th', {}, t)))),
      h('tbody', {}, events.map((e) => h('tr', { class: e.rejected ? 'rejected' : 'applied', dataset: { line: e.line } },
        h('td', { class: 'num' }, e.line),
        h('td', {}, e.obj?.at ? fmtInstant(e.obj.at) : '—'),
        h('td', {}, EVENT_LABEL[e.obj?.type] ?? e.obj?.type ?? '—'),
        h('td', {}, e.obj ? detail(e.obj) : h('code', {}, trim(e.raw, 80))),
        h('td', {}, e.rejected
          ? [h('b', {}, '✗ 被拒绝 '), h('code', {}, e.rejected.code), h('div', { class: 'hint' }, e.rejected.message)]
          : h('span', { class: 'ok' }, '✓')))))));
}

function detail(e) {
  const u = (id) => full.unitName(id);
  switch (e.type) {
    case 'received': return `${full.category(e.category)} · ${e.enterprise} · ${e.text}`;
    case 'answered': return `政策库 ${e.entry}`;
    case 'territory_handling': return u(e.unit);
    case 'escalated': return `→ ${LEVEL_LABEL[e.to] ?? e.to} · ${e.reason}`;
    case 'dispatched': return `首接 ${u(e.lead)}${e.co_units?.length ? ` · 协办 ${e.co_units.map(u).join('、')}` : ''}${e.rule ? ` · 规则 ${e.rule}` : ''}`;
    case 'signed': return u(e.unit);
    case 'returned_by_unit': return `${u(e.unit)} · ${e.reason}`;
    case 'plan_submitted': return `${u(e.unit)} · 办结时限 ${e.completion}${e.explanation ? ` · ${e.explanation}` : ''}`;
    case 'replied': return `${u(e.unit)} · ${e.resolved ? '已解决' : '未解决'} · ${e.contacted ? '已联系企业' : '未联系企业'} · ${e.method}`;
    case 'callback': return `${full.label('satisfaction', e.satisfaction)}${e.resolved != null ? ` · ${e.resolved ? '已解决' : '未解决'}` : ''}${e.contacted != null ? ` · ${e.contacted ? '已联系' : '未联系'}` : ''}`;
    case 'returned': return '退回重新办理';
    case 'verification_submitted': return `${u(e.unit)} · 主要负责同志签字 ${e.signed_by}`;
    case 'verified': return e.opinion === 'close' ? '核查意见:销号' : e.opinion === 'redo' ? '核查意见:重新办理' : String(e.opinion);
    default: return '';
  }
}

function noticesList(f) {
  return h('div', { class: 'panel' },
    h('h3', {}, '督办通知、黄牌与标记 ', h('span', { class: 'en' }, 'notices, yellow cards and flags')),
    h('ul', { id: 'tl-notices' },
      f.notices.map((n) => h('li', {}, fmtInstant(n.at), ' ', h('span', { class: `badge ${n.kind === 'yellow_card' ? 'yellow' : ''}` }, full.label('notice', n.kind)),
        ` ${full.unitName(n.unit)} (${n.role === 'lead' ? '首接' : '协办'}) · 第 ${n.round} 轮 · 截止 ${fmtInstant(n.due)}`)),
      f.flags.map((x) => h('li', {}, fmtInstant(x.at), ' ', h('span', { class: 'badge red' }, full.label('flag', x.kind)),
        x.unit ? ` ${full.unitName(x.unit)}` : '', x.round ? ` · 第 ${x.round} 轮` : ''))));
}
