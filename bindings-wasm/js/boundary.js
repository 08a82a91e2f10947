// The JS boundary of the package: a thin guard around the glue that wasm-bindgen generates
// (jiesu_glue.js), so that every error leaving the package is an `Error` with a stable
// snake_case `.code` and a `.module` — the core's own errors pass through as they are, and the
// four that no Rust code can see are given module `boundary`:
//
//   used_after_free   an object used after `free()` (wasm-bindgen: "null pointer passed to rust")
//   not_initialized   the web build called before its `init()` (the default export) was awaited
//   internal          the WebAssembly instance trapped (a Rust panic: `panic = "abort"`, so a
//                     `WebAssembly.RuntimeError`); the instance is dead, and every later call
//                     throws `internal` again without entering it
//   invalid_argument  any other error without a code: the binding's `TypeError`s for a value of
//                     the wrong JS type, or an engine error from inside the glue (a `TypeError`,
//                     a `RangeError` "Maximum call stack size exceeded"); it keeps the original's
//                     class (`instanceof TypeError` holds), message, `row` and `value`, and the
//                     original as `.cause`
//
// `wrap(glue, {web})` guards, in place, every exported function, every static and prototype
// method, getter and setter of every exported class (one check and one try/catch per call:
// results are the glue's own, unchanged). A class's constructor cannot be patched in place, so
// the class is exported as a Proxy of itself with `construct` / `apply` traps: its `prototype`
// is the class's own, so `instanceof` holds for objects made by any path.
//
// This file is the source: scripts/lib.sh build_wasm runs write-entry.mjs, which inlines it
// into each package's entry (pkg/jiesu.js, pkg-web/jiesu.js, pkg-web-deadlines/jiesu.js).
// It has exactly one `export` (write-entry.mjs strips it for the inlined copies).

export function wrap(glue, options) {
  const web = Boolean(options && options.web);
  // Shared by every copy of this code that wraps the same glue instance (an entry imported twice
  // under two URLs, a test wrapping the glue again): one state per WebAssembly instance.
  const API = Symbol.for('jiesu.boundary.api');
  const GUARDED = Symbol.for('jiesu.boundary.guarded');
  const names = Object.keys(glue);
  for (const name of names) {
    const value = glue[name];
    if (typeof value === 'function' && value[API]) return value[API];
  }

  // Why calls are refused before they reach the glue: null (they are not), 'not_initialized'
  // (web build, before init) or 'internal' (the instance trapped).
  let blocked = web ? 'not_initialized' : null;
  let trap = null; // the WebAssembly.RuntimeError that killed the instance

  const boundaryError = (code, message, cause) => {
    const error = cause === undefined ? new Error(message) : new Error(message, { cause });
    error.name = 'BoundaryError';
    error.code = code;
    error.module = 'boundary';
    return error;
  };

  const refused = () => (blocked === 'internal'
    ? boundaryError('internal', 'jiesu: the WebAssembly instance is unusable after an earlier '
      + 'internal error (a trap); load the module again (a fresh instance) and retry', trap)
    : boundaryError('not_initialized', 'jiesu: the WebAssembly module is not initialized: '
      + 'await the default export init() first (import init from "…/jiesu.js"; await init();) '
      + 'or call initSync(…)'));

  const isTrap = (e) => (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError)
    || (e !== null && typeof e === 'object' && e.name === 'RuntimeError'
      && typeof e.constructor === 'function' && e.constructor.name === 'RuntimeError');

  const STANDARD = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];

  // An object of the package released by `free()` (its pointer zeroed), among the arguments or
  // the elements of an array argument (only looked for when a call failed).
  const freed = (v) => v !== null && typeof v === 'object' && Object.hasOwn(v, '__wbg_ptr')
    && v.__wbg_ptr === 0;
  const anyFreed = (args) => {
    try {
      for (const a of args) {
        if (freed(a)) return true;
        if (Array.isArray(a)) {
          for (let i = 0; i < a.length && i < 10000; i += 1) if (freed(a[i])) return true;
        }
      }
    } catch {
      // A caller's Proxy threw from a trap: not one of ours.
    }
    return false;
  };

  // The error a call threw, as the library's error. `self`: the receiver (an object of `owner`,
  // a class name, for a prototype member), `what`: the call, for messages, `args` its arguments.
  // Never throws itself (a caller's Proxy may throw from any trap).
  function translate(e, self, owner, what, args) {
    try {
      return classify(e, self, owner, what, args);
    } catch {
      return boundaryError('invalid_argument', `jiesu: ${what} failed on an argument it could not read`, e);
    }
  }

  function classify(e, self, owner, what, args) {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')
        && typeof e.code === 'string' && e.code !== '') {
      return e;
    }
    if (isTrap(e)) {
      blocked = 'internal';
      trap = e;
      return boundaryError('internal', `jiesu: internal error in ${what} (the WebAssembly `
        + `instance trapped: ${e.message}); the WebAssembly instance is now unusable: load the `
        + 'module again (a fresh instance). Nothing passed to the call was changed.', e);
    }
    const message = e instanceof Error ? e.message : String(e);
    if (owner !== null && (self === null || typeof self !== 'object' || !('__wbg_ptr' in self))) {
      return boundaryError('invalid_argument', `jiesu: ${what} called on a value that is not a `
        + `${owner}`, e);
    }
    // wasm-bindgen's refusal to touch an object some unfinished call holds (a re-entrant call
    // from a caller's `toJSON` or getter, or a call an exception cut short).
    if (/recursive use of an object|while it was borrowed/.test(message)) {
      return boundaryError('invalid_argument', `jiesu: ${what}: an object it needs is held by `
        + 'another call that has not returned (a re-entrant call?)', e);
    }
    const selfFreed = owner !== null && self.__wbg_ptr === 0;
    if (selfFreed || /null pointer passed to rust/.test(message) || anyFreed(args)) {
      const whose = selfFreed ? `this ${owner} object` : `an object passed to ${what}`;
      return boundaryError('used_after_free', `jiesu: ${whose} was used after free(): its memory `
        + `is released; create it again (${what})`, e);
    }
    const Class = (e instanceof Error && STANDARD.find((C) => e.constructor === C)) || Error;
    const error = new Class(message, { cause: e });
    if (Class === Error) error.name = 'BoundaryError';
    error.code = 'invalid_argument';
    error.module = 'boundary';
    if (e !== null && typeof e === 'object') {
      if ('row' in e) error.row = e.row;
      if ('value' in e) error.value = e.value;
    }
    return error;
  }

  const named = (g, f) => {
    Object.defineProperty(g, 'name', { value: f.name, configurable: true });
    Object.defineProperty(g, 'length', { value: f.length, configurable: true });
    Object.defineProperty(g, GUARDED, { value: true });
    return g;
  };

  // A guarded function. `owner`: the class name for a prototype member, whose receiver must be
  // an object of the class (`proto`): the glue would hand any other object's pointer to Rust as
  // one of the class, so a foreign receiver is refused before the call.
  function guard(f, owner, what, proto) {
    if (f[GUARDED]) return f;
    if (owner === null) {
      return named(function () {
        if (blocked !== null) throw refused();
        try {
          return f.apply(this, arguments);
        } catch (e) {
          throw translate(e, this, null, what, arguments);
        }
      }, f);
    }
    return named(function () {
      if (blocked !== null) throw refused();
      try {
        if (!proto.isPrototypeOf(this)) {
          throw boundaryError('invalid_argument', `jiesu: ${what} called on a value that is not a ${owner}`);
        }
        return f.apply(this, arguments);
      } catch (e) {
        throw translate(e, this, owner, what, arguments);
      }
    }, f);
  }

  // Patches the members of `target` (a class or its prototype) in place.
  // Not patched: a function's own properties, and the glue's internal hooks (`__wrap`, …).
  const SKIP_STATIC = new Set(['prototype', 'length', 'name', '__wrap', '__unwrap']);
  const SKIP_PROTO = new Set(['constructor', '__destroy_into_raw']);
  function patch(target, owner, prefix, proto) {
    const skip = proto === null ? SKIP_STATIC : SKIP_PROTO;
    for (const key of Reflect.ownKeys(target)) {
      if (skip.has(key)) continue;
      const d = Object.getOwnPropertyDescriptor(target, key);
      if (!d.configurable) continue;
      const what = `${prefix}${typeof key === 'symbol' ? `[${key.description}]` : key}`;
      if (typeof d.value === 'function') d.value = guard(d.value, owner, `${what}()`, proto);
      if (typeof d.get === 'function') d.get = guard(d.get, owner, what, proto);
      if (typeof d.set === 'function') d.set = guard(d.set, owner, what, proto);
      Object.defineProperty(target, key, d);
    }
  }

  const isClass = (f) => /^class\b/.test(Function.prototype.toString.call(f));

  const api = {};
  for (const name of names) {
    const value = glue[name];
    if (name === '__jiesuStart') continue; // the start function: run once, at instantiation
    if (web && (name === 'default' || name === 'initSync')) {
      api[name] = initializer(value, name);
    } else if (typeof value === 'function' && isClass(value)) {
      patch(value, null, `${name}.`, null);
      patch(value.prototype, name, `${name}#`, value.prototype);
      const exported = new Proxy(value, {
        construct(target, args, newTarget) {
          if (blocked !== null) throw refused();
          try {
            return Reflect.construct(target, args, newTarget);
          } catch (e) {
            throw translate(e, null, null, `new ${name}()`, args);
          }
        },
        apply(target, self, args) {
          if (blocked !== null) throw refused();
          try {
            return Reflect.apply(target, self, args);
          } catch (e) {
            throw translate(e, null, null, `${name}()`, args);
          }
        },
      });
      // `obj.constructor` is the exported class.
      Object.defineProperty(value.prototype, 'constructor', {
        value: exported, writable: true, configurable: true, enumerable: false,
      });
      api[name] = exported;
    } else if (typeof value === 'function') {
      api[name] = guard(value, null, `${name}()`, null);
    } else {
      api[name] = value;
    }
  }

  // The web build's `init()` (default export) and `initSync()`: the calls are let through once
  // one succeeds. A failure is `not_initialized` (the module could not be initialized).
  function initializer(init, name) {
    const failed = (e) => initError(e, name);
    if (name === 'initSync') {
      return named(function (...args) {
        let out;
        try {
          out = init.apply(this, args);
        } catch (e) {
          throw failed(e);
        }
        if (blocked === 'not_initialized') blocked = null;
        return out;
      }, init);
    }
    return named(async function (...args) {
      let out;
      try {
        out = await init.apply(this, args);
      } catch (e) {
        throw failed(e);
      }
      if (blocked === 'not_initialized') blocked = null;
      return out;
    }, init);
  }

  function initError(e, name) {
    if (e !== null && typeof e === 'object' && typeof e.code === 'string' && e.code !== '') return e;
    const message = e instanceof Error ? e.message : String(e);
    return boundaryError('not_initialized', `jiesu: ${name === 'default' ? 'init()' : 'initSync()'} `
      + `could not initialize the WebAssembly module: ${message}`, e);
  }

  for (const name of names) {
    const value = glue[name];
    if (typeof value === 'function' && Object.isExtensible(value)) {
      Object.defineProperty(value, API, { value: api });
    }
  }
  return api;
}
