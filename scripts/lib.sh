# Shared set-up steps for scripts/test, scripts/demo and scripts/bench. Sourced, not run.
# Each step installs what it needs on a fresh machine and is a no-op when already done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$ROOT/Cargo.toml")"

step() { printf '\n==> %s\n' "$*"; }

ensure_venv() {
  if [ ! -x "$PY" ]; then
    step "creating Python venv in .venv"
    python3 -m venv "$VENV"
  fi
  if ! "$PY" -c "import maturin, pytest, mypy, hypothesis, numpy, pandas, pyarrow, openpyxl" 2>/dev/null; then
    step "installing Python test tools (maturin, pytest, mypy, hypothesis, numpy, pandas, pyarrow, openpyxl)"
    "$PY" -m pip install --quiet --upgrade pip
    "$PY" -m pip install --quiet -r "$ROOT/tests/python/requirements.txt"
  fi
}

build_python() {
  ensure_venv
  step "building the Python package (maturin develop --release)"
  (cd "$ROOT/bindings-python" && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" \
    "$VENV/bin/maturin" develop --release --quiet)
}

ensure_wasm_tools() {
  rustup target list --installed | grep -q '^wasm32-unknown-unknown$' \
    || { step "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes, once)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

build_wasm() {
  ensure_wasm_tools
  step "building the WASM package (nodejs and web targets)"
  # CARGO_TARGET_DIR, when set, is honoured (a second checkout or a helper keeps its own builds).
  local target="${CARGO_TARGET_DIR:-$ROOT/target}"
  (cd "$ROOT" && cargo build --quiet -p jiesu-wasm --target wasm32-unknown-unknown --profile release-wasm)
  local wasm="$target/wasm32-unknown-unknown/release-wasm/jiesu_wasm.wasm"
  # The name section (function names for stack traces) is a third of the module: leave it out.
  local flags=(--remove-name-section --remove-producers-section --out-name jiesu)
  wasm-bindgen --target nodejs --out-dir "$ROOT/bindings-wasm/pkg" "${flags[@]}" "$wasm"
  wasm-bindgen --target web --out-dir "$ROOT/bindings-wasm/pkg-web" "${flags[@]}" "$wasm"
  # The slim web build for front ends that only count days: calendar and deadlines, no routing
  # (its own target dir, so the two feature sets do not rebuild each other).
  (cd "$ROOT" && cargo build --quiet -p jiesu-wasm --no-default-features --target wasm32-unknown-unknown \
    --profile release-wasm --target-dir "$target/wasm-deadlines")
  wasm-bindgen --target web --out-dir "$ROOT/bindings-wasm/pkg-web-deadlines" "${flags[@]}" \
    "$target/wasm-deadlines/wasm32-unknown-unknown/release-wasm/jiesu_wasm.wasm"
  # The web builds are ES modules: say so, or Node warns when it imports them.
  printf '{"type":"module"}\n' > "$ROOT/bindings-wasm/pkg-web/package.json"
  printf '{"type":"module"}\n' > "$ROOT/bindings-wasm/pkg-web-deadlines/package.json"
  # The package's entry jiesu.js is the boundary wrapper (bindings-wasm/js/): the generated glue
  # becomes jiesu_glue.js, and every error leaving the package has a `.code`.
  local pkg
  for pkg in pkg pkg-web pkg-web-deadlines; do
    node "$ROOT/bindings-wasm/js/write-entry.mjs" "$ROOT/bindings-wasm/$pkg"
  done
}

# The browser end-to-end test (tests/browser/): Debian's chromium with CJK fonts (so the Chinese
# page renders in screenshots), and the pinned driver from tests/browser/package-lock.json —
# playwright-core, which never downloads a browser (the test points it at /usr/bin/chromium).
ensure_browser() {
  if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
    step "installing Debian's chromium and fonts-noto-cjk (apt-get)"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  fi
  local dir="$ROOT/tests/browser"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    step "installing the browser driver (npm ci in tests/browser: playwright-core, no browser download)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}
