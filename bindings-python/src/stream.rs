//! `StreamResult` and `Replayer`: a city's event stream (JSON Lines, rules §5), over
//! `jiesu_core::stream`.
//!
//! `Rules.replay_stream` takes its source as JSON Lines text, a file (read line by line in Rust,
//! never loaded whole) or any iterable of `str` lines, and feeds the lines to the core's
//! `stream::Replayer`. Text and files are replayed with the GIL released.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use jiesu_core::stream::{Replayer, StreamResult};
use jiesu_core::{Policy, Rules};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyTypeError, PyUnicodeDecodeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::deadline::PyRules;
use crate::demand::PyDemandState;
use crate::errors::to_py;
use crate::time::InstantArg;
use crate::{py_repr, to_py_data};

/// Where a stream's lines come from.
enum Source<'py> {
    /// JSON Lines text.
    Text(String),
    /// A file, read line by line.
    File(PathBuf),
    /// An iterable of `str` lines.
    Lines(Bound<'py, PyAny>),
}

/// The source of `replay_stream`: a `str` is text when it holds a newline, starts with `{`
/// (after whitespace and a BOM) or is blank, else a file path; an `os.PathLike` is a file;
/// anything else is an iterable of lines.
fn source_of<'py>(ob: &Bound<'py, PyAny>) -> PyResult<Source<'py>> {
    let py = ob.py();
    if let Ok(s) = ob.cast::<PyString>() {
        let text = s.to_string_lossy();
        let head = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if text.contains('\n') || head.is_empty() || head.starts_with('{') {
            return Ok(Source::Text(text.into_owned()));
        }
        // As Python names files (`os.fsencode`: a lone surrogate \udc80–\udcff stands for a
        // byte); a name it cannot encode is read lossily (and is then not found).
        let path = ob
            .extract::<PathBuf>()
            .unwrap_or_else(|_| PathBuf::from(text.as_ref()));
        return Ok(Source::File(path));
    }
    let path_like = py
        .import(pyo3::intern!(py, "os"))?
        .getattr(pyo3::intern!(py, "PathLike"))?;
    if ob.is_instance(&path_like)? {
        return Ok(Source::File(ob.extract()?));
    }
    Ok(Source::Lines(ob.clone()))
}

/// Why a file could not be replayed.
enum FileError {
    /// It could not be opened or read.
    Io(std::io::Error),
    /// A line is not UTF-8 text.
    Utf8 {
        line: usize,
        bytes: Vec<u8>,
        error: std::str::Utf8Error,
    },
    /// The core's error (a rejected line in strict mode).
    Core(jiesu_core::Error),
}

impl FileError {
    fn into_py(self, py: Python<'_>, path: &Path) -> PyErr {
        match self {
            FileError::Io(e) => match e.raw_os_error() {
                // OSError(errno, strerror, filename) picks the subclass (FileNotFoundError, …).
                Some(errno) => {
                    let strerror = py
                        .import(pyo3::intern!(py, "os"))
                        .and_then(|os| os.call_method1(pyo3::intern!(py, "strerror"), (errno,)))
                        .and_then(|s| s.extract::<String>())
                        .unwrap_or_else(|_| e.to_string());
                    PyOSError::new_err((errno, strerror, path.as_os_str().to_os_string()))
                }
                None => PyOSError::new_err(format!("{}: {e}", path.display())),
            },
            FileError::Utf8 { line, bytes, error } => {
                let start = error.valid_up_to();
                let end = error.error_len().map_or(bytes.len(), |l| start + l);
                let reason = std::ffi::CString::new(format!(
                    "invalid UTF-8 on line {line} of {}",
                    path.display()
                ))
                .unwrap_or_else(|_| c"invalid UTF-8".to_owned());
                match PyUnicodeDecodeError::new(py, c"utf-8", &bytes, start..end, &reason) {
                    Ok(e) => PyErr::from_value(e.into_any()),
                    Err(e) => e,
                }
            }
            FileError::Core(e) => to_py(e),
        }
    }
}

/// Replays a file line by line (a `BufReader`; the file is never loaded whole).
fn replay_file(
    rules: &Rules,
    path: &Path,
    strict: bool,
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Result<StreamResult, FileError> {
    let mut reader = BufReader::new(File::open(path).map_err(FileError::Io)?);
    let mut replayer = Replayer::new(rules, strict);
    let mut buf = Vec::new();
    let mut line = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(FileError::Io)? == 0 {
            break;
        }
        line += 1;
        let text = std::str::from_utf8(&buf).map_err(|error| FileError::Utf8 {
            line,
            bytes: buf.clone(),
            error,
        })?;
        replayer.push_line(text).map_err(FileError::Core)?;
    }
    Ok(replayer.finish(at))
}

/// Replays an iterable of `str` lines (the GIL held: the lines are Python objects).
fn replay_lines(
    rules: &Rules,
    lines: &Bound<'_, PyAny>,
    strict: bool,
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> PyResult<StreamResult> {
    let mut replayer = Replayer::new(rules, strict);
    for (i, item) in lines.try_iter()?.enumerate() {
        let item = item?;
        let Ok(line) = item.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "line {}: expected a str, not {}",
                i + 1,
                item.get_type().name()?
            )));
        };
        replayer.push_line(&line.to_string_lossy()).map_err(to_py)?;
    }
    Ok(replayer.finish(at))
}

/// Replays one source: text and files with the GIL released, lines with it held.
fn replay_source(
    py: Python<'_>,
    rules: &Rules,
    source: &Source<'_>,
    strict: bool,
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> PyResult<StreamResult> {
    match source {
        Source::Text(text) => py
            .detach(|| rules.replay_stream(text, strict, at))
            .map_err(to_py),
        Source::File(path) => py
            .detach(|| replay_file(rules, path, strict, at))
            .map_err(|e| e.into_py(py, path)),
        Source::Lines(lines) => replay_lines(rules, lines, strict, at),
    }
}

/// `Rules.replay_stream`: the source read as [`source_of`] says, its lines fed to the core's
/// `stream::Replayer` (`Rules::replay_stream` for text).
pub fn replay_stream(
    rules: &Rules,
    source: &Bound<'_, PyAny>,
    strict: bool,
    at: Option<InstantArg>,
) -> PyResult<PyStreamResult> {
    let result = replay_source(
        source.py(),
        rules,
        &source_of(source)?,
        strict,
        at.map(|a| a.0),
    )?;
    Ok(PyStreamResult::new(result, rules.policy()))
}

/// A `replay_stream` source that can be replayed more than once (under two policies, for the
/// what-if): text and files are read again, an iterable of lines is taken into a list first.
pub struct Replayable<'py> {
    source: Source<'py>,
    strict: bool,
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

impl<'py> Replayable<'py> {
    /// The source as [`source_of`] reads it (a generator is consumed here, once).
    pub fn new(source: &Bound<'py, PyAny>, strict: bool, at: Option<InstantArg>) -> PyResult<Self> {
        let source = match source_of(source)? {
            Source::Lines(lines) if !lines.is_instance_of::<PyList>() => {
                let list = PyList::empty(lines.py());
                for item in lines.try_iter()? {
                    list.append(item?)?;
                }
                Source::Lines(list.into_any())
            }
            other => other,
        };
        Ok(Replayable {
            source,
            strict,
            at: at.map(|a| a.0),
        })
    }

    /// The stream replayed under these rules (as `Rules.replay_stream` would).
    pub fn replay(&self, py: Python<'_>, rules: &Rules) -> PyResult<StreamResult> {
        replay_source(py, rules, &self.source, self.strict, self.at)
    }
}

/// A replayed event stream: every demand's final state, the rejected lines, every derived event
/// (notices, replies, flags) and the counts. Read-only.
#[pyclass(name = "StreamResult", module = "jiesu", frozen)]
pub struct PyStreamResult {
    pub(crate) result: StreamResult,
    policy: Policy,
}

impl PyStreamResult {
    fn new(result: StreamResult, policy: &Policy) -> Self {
        PyStreamResult {
            result,
            policy: policy.clone(),
        }
    }
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyStreamResult {
    /// Every demand's final state, by demand id (each remembers the rules' policy).
    #[getter]
    fn states(&self) -> Vec<PyDemandState> {
        self.result
            .states
            .iter()
            .map(|s| PyDemandState::new(s.clone(), &self.policy))
            .collect()
    }

    /// Every rejected line, in line order: dicts `{line, demand, code, message}`.
    #[getter]
    fn rejected<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.result.rejected)
    }

    /// Every derived event, by instant then demand: dicts tagged by `type` (`notice`, `reply`,
    /// `flag`).
    #[getter]
    fn derived<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.result.derived)
    }

    /// The counts: `{lines, applied, rejected, blank, demands, open, finished}` (`lines =
    /// applied + rejected + blank`).
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.result.counts)
    }

    /// The instant the open demands were brought to (aware, +08:00), or None for an empty
    /// stream.
    #[getter]
    fn at(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        self.result.at
    }

    /// The result in its serde JSON shape `{at, states, rejected, derived, counts}` (a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py_data(py, &self.result)
    }

    /// The result as JSON text (its serde JSON shape).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.result).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let c = &self.result.counts;
        Ok(format!(
            "StreamResult(at={}, lines={}, applied={}, rejected={}, blank={}, demands={}, \
             open={}, finished={}, derived={})",
            py_repr(
                py,
                self.result.at.map(|t| jiesu_core::time::format_instant(&t))
            )?,
            c.lines,
            c.applied,
            c.rejected,
            c.blank,
            c.demands,
            c.open,
            c.finished,
            self.result.derived.len()
        ))
    }
}

/// Replays a stream fed one line at a time (for sources that come in pieces): `push_line` each
/// line, then `finish()` once for the `StreamResult`. Lenient by default (a rejected line is
/// recorded and the rest goes on); `strict` raises `StreamError` (`stream_line_rejected`) on the
/// first rejected line. Wraps `stream::Replayer`.
#[pyclass(name = "Replayer", module = "jiesu")]
pub struct PyReplayer {
    inner: Option<Replayer>,
    policy: Policy,
}

fn finished() -> PyErr {
    PyRuntimeError::new_err(
        "this Replayer has finished (or stopped at an internal error): make a new one",
    )
}

#[jiesu_python_macros::catch_panics]
#[pymethods]
impl PyReplayer {
    /// A replayer under these rules. Wraps `Replayer::new`.
    #[new]
    #[pyo3(signature = (rules, strict=false))]
    fn new(rules: &Bound<'_, PyRules>, strict: bool) -> Self {
        let rules = &rules.get().inner;
        PyReplayer {
            inner: Some(Replayer::new(rules, strict)),
            policy: rules.policy().clone(),
        }
    }

    /// Feeds the next line (one line of JSON Lines; a trailing newline is ignored, a blank line
    /// is counted as blank). Wraps `Replayer::push_line`.
    fn push_line(&mut self, line: &str) -> PyResult<()> {
        // Out while it works: after a panic inside (an `internal` error) it stays out, so that
        // no later call builds on a half-applied line.
        let mut replayer = self.inner.take().ok_or_else(finished)?;
        let pushed = replayer.push_line(line);
        self.inner = Some(replayer);
        pushed.map_err(to_py)
    }

    /// Ends the stream: every open demand is brought to `at` (default: the latest instant
    /// applied). The replayer cannot be used after. Wraps `Replayer::finish`.
    #[pyo3(signature = (at=None))]
    fn finish(&mut self, at: Option<InstantArg>) -> PyResult<PyStreamResult> {
        let replayer = self.inner.take().ok_or_else(finished)?;
        Ok(PyStreamResult::new(
            replayer.finish(at.map(|a| a.0)),
            &self.policy,
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "Replayer(policy='{}', finished={})",
            self.policy.name,
            if self.inner.is_none() {
                "True"
            } else {
                "False"
            }
        )
    }
}
