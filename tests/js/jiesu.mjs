// The Node build of the package (wasm-bindgen `--target nodejs`, CommonJS), as every test file
// loads it: its entry jiesu.js, the boundary wrapper (bindings-wasm/js/boundary.js) around the
// generated glue jiesu_glue.js, never the glue itself. Build it first:
// `source scripts/lib.sh && build_wasm`.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const PKG_DIR = path.join(ROOT, 'bindings-wasm', 'pkg');
export const PKG_WEB_DIR = path.join(ROOT, 'bindings-wasm', 'pkg-web');
export const PKG_WEB_DEADLINES_DIR = path.join(ROOT, 'bindings-wasm', 'pkg-web-deadlines');

const require = createRequire(import.meta.url);
const jiesu = require(path.join(PKG_DIR, 'jiesu.js'));

export default jiesu;
export const {
  Calendar, Policy, Rules, isOnTime, isOnTimeMany, Category, categories, PolicyLibrary, Consultation, Directory,
  RouteRequest, errorCodes, version, Event, DemandState, StreamResult, Replayer, demandLabels, CardBoard,
  Period, periodLabelZh, Register, Leaders, CollectionLog, FieldDayLog, collectionShortfalls, fieldDayShortfalls,
  FormKind, formKinds, Form, buildForm, fixedLimits,
} = jiesu;

/** The JS error class name of a core module: `policy_library` → `PolicyLibraryError`. */
export function className(module) {
  return module.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') + 'Error';
}
