// The full build (pkg-web: events, streams, directory, cards), loaded once, on first use by the
// timeline or the board, with the sample city's directory (unit names, unknown-unit checks).
import { h } from './util.js';

/** Same-origin data the views use (paths mirror the repository, see serve.mjs). */
export const DATA = {
  sample: new URL('../../fixtures/events/sample.jsonl', import.meta.url).href,
  year: new URL('../../fixtures/city/year-2026.jsonl', import.meta.url).href,
  directory: new URL('../../fixtures/city/directory.json', import.meta.url).href,
};

/** The policy of both views: the seed, answering beyond coverage as provisional (§1). */
const POLICY = '{"name": "seed-provisional", "beyond_coverage": "weekends_only"}';

let loading;

/** `{web, directory, rules, label(kind, key), unitName(id)}`, loaded once. */
export function loadFull() {
  loading ??= (async () => {
    const [web, dirText] = await Promise.all([
      import('../pkg-web/jiesu.js').then(async (m) => { await m.default(); return m; }),
      fetchText(DATA.directory),
    ]);
    const directory = web.Directory.fromJson(dirText);
    const rules = new web.Rules(undefined, web.Policy.fromJson(POLICY), directory);
    const labels = new Map(web.demandLabels().map((l) => [`${l.kind}:${l.key}`, l.label_zh]));
    const names = new Map(directory.units().map((u) => [u.id, u.name]));
    const categories = new Map(web.categories().map((c) => [c.key, c.label_zh]));
    return {
      web,
      directory,
      rules,
      label: (kind, key) => labels.get(`${kind}:${key}`) ?? key,
      category: (key) => {
        try { return categories.get(web.Category.parse(key).key) ?? key; } catch { return key; }
      },
      unitName: (id) => (id == null ? '' : names.get(id) ?? id),
    };
  })();
  loading.catch(() => { loading = undefined; });
  return loading;
}

export async function fetchText(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${res.statusText}`);
  return res.text();
}

/** The stream both views share: what the timeline last replayed, for the board to use. */
export const shared = { text: null, source: null };

/** A unit's name with its id in a tooltip. */
export function unitLabel(full, id) {
  return h('span', { class: 'unit-name', title: id }, full.unitName(id));
}
