// Writes a package's entry after wasm-bindgen (run by scripts/lib.sh build_wasm, once per
// package dir): the generated glue jiesu.js / jiesu.d.ts becomes jiesu_glue.js /
// jiesu_glue.d.ts, and jiesu.js becomes the boundary wrapper (boundary.js inlined, so a page
// fetches one more file, not two) with a jiesu.d.ts that re-exports the generated typings.
//
//   node bindings-wasm/js/write-entry.mjs bindings-wasm/pkg            (nodejs target: CommonJS)
//   node bindings-wasm/js/write-entry.mjs bindings-wasm/pkg-web        (web target: ES module)
//
// Run again on a package whose entry is already written, it rewrites the entry only.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { wrap } from './boundary.js';

const MARK = '// jiesu: the package entry, written by bindings-wasm/js/write-entry.mjs';
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? '');
const entry = path.join(dir, 'jiesu.js');
const glue = path.join(dir, 'jiesu_glue.js');

if (!existsSync(entry)) throw new Error(`${entry}: no such file (run wasm-bindgen first)`);
if (!readFileSync(entry, 'utf8').startsWith(MARK)) {
  // Fresh from wasm-bindgen: the generated files take the glue's name.
  renameSync(entry, glue);
  renameSync(path.join(dir, 'jiesu.d.ts'), path.join(dir, 'jiesu_glue.d.ts'));
  const text = readFileSync(glue, 'utf8').replace('@ts-self-types="./jiesu.d.ts"', '@ts-self-types="./jiesu_glue.d.ts"');
  writeFileSync(glue, text);
}

const glueText = readFileSync(glue, 'utf8');
const web = glueText.includes('__wbg_init as default');

// boundary.js, inlined: its one `export` dropped, and its comment lines (the page fetches this
// file: the source is where they are read). The entry names the source's SHA-256, so a test can
// tell a stale package from a current one.
const source = readFileSync(path.join(here, 'boundary.js'), 'utf8');
const exports = source.match(/^export /gm) ?? [];
if (exports.length !== 1 || !/^export function wrap\(/m.test(source)) {
  throw new Error('boundary.js must have exactly one export: `export function wrap(…)`');
}
const body = source.replace(/^export function wrap\(/m, 'function wrap(')
  .split('\n').filter((line) => !/^\s*(\/\/.*)?$/.test(line)).join('\n');
const sha = createHash('sha256').update(source).digest('hex');

const header = `${MARK}
// from bindings-wasm/js/boundary.js (sha256 ${sha}; do not edit here): every export of the
// generated glue (jiesu_glue.js), each call guarded so that every error thrown has a \`.code\`.
`;

let js;
let dts;
if (web) {
  // The export names, as the wrapped API has them (wrapping an uninitialised web glue touches
  // no WebAssembly).
  const api = wrap(await import(pathToFileURL(glue).href), { web: true });
  const names = Object.keys(api).filter((n) => n !== 'default');
  js = `${header}import * as glue from './jiesu_glue.js';

${body}
const api = wrap(glue, { web: true });
export default api.default;
export const {
${names.map((n) => `  ${n},`).join('\n')}
} = api;
`;
  dts = `${header}export * from './jiesu_glue.js';
export { default } from './jiesu_glue.js';
`;
} else {
  const names = Object.keys(createRequire(import.meta.url)(glue));
  if (!names.includes('version')) throw new Error(`${glue}: not the jiesu glue`);
  js = `${header}'use strict';
const glue = require('./jiesu_glue.js');

${body}
module.exports = wrap(glue, { web: false });
`;
  dts = `${header}export * from './jiesu_glue.js';
`;
}
writeFileSync(entry, js);
writeFileSync(path.join(dir, 'jiesu.d.ts'), dts);
console.log(`${path.relative(process.cwd(), entry)}: the boundary entry (${web ? 'ES module' : 'CommonJS'})`);
