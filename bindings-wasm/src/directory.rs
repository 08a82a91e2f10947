//! `Directory` and `RouteRequest`: the dispatch directory (派单目录) and routing (分类处置 ·
//! 精准派单 · 首接负责, rules §3), over `jiesu_core::directory`.
//!
//! Units, topics, rules and routes are plain objects in the Rust serde JSON shape (absent values
//! `null`). A request argument is a `RouteRequest`, a plain object in its serde shape
//! `{category, topics?, territory?, level}` (`category` a key or a `Category`) or its JSON text,
//! all read by the core's `RouteRequest::from_json` (a `RouteRequest` writes its shape through
//! `toJSON`), so that an unknown key or a bad value is a `DirectoryError`
//! (`directory_invalid_request`).

use jiesu_core::{Directory, DirectoryError, Error, RouteRequest};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::batch::{self, coerced, Converted, Mode, Options};
use crate::category::JsCategory;
use crate::{json_text, json_value, optional_str, serde_name, string, to_js, Failure, Str};

#[wasm_bindgen(typescript_custom_section)]
const TS_DIRECTORY_BATCHES: &str = r#"
export interface Directory {
  /**
   * Routes many demands at once (a platform's nightly job), in order. The first failing request
   * throws its error (`DirectoryError`, …) with `row` and `value`; with `{errors: "coerce"}`,
   * every request is answered (`null` and a code for a failed one).
   */
  routeMany(requests: (RouteRequest | RouteRequestFields | string)[], options?: RaiseOptions): Route[];
  routeMany(requests: (RouteRequest | RouteRequestFields | string)[], options: CoerceOptions): Coerced<(Route | null)[]>;
  routeMany(requests: (RouteRequest | RouteRequestFields | string)[], options?: BatchOptions): Route[] | Coerced<(Route | null)[]>;
}
"#;

/// Row `i` of a batch of requests, read by `RouteRequest::from_json` (its error names the row).
fn request_row(i: usize, value: &JsValue) -> Result<RouteRequest, Error> {
    let text = json_value(value, |reason| DirectoryError::InvalidRequest { reason })
        .map_err(|e| Error::at_row(i, batch::describe(value), e))?;
    RouteRequest::from_json(&text).map_err(|e| Error::at_row(i, &text, e))
}

/// A checked dispatch directory (派单目录): units, topics and routing rules
/// (`jiesu_core::Directory`). Load one with `Directory.fromJson`; a directory that loads routes
/// every demand without a coin toss. Read-only.
#[wasm_bindgen(js_name = Directory)]
#[derive(Clone)]
pub struct JsDirectory {
    pub(crate) inner: Directory,
}

impl From<Directory> for JsDirectory {
    fn from(inner: Directory) -> JsDirectory {
        JsDirectory { inner }
    }
}

/// A demand to route: its category, topics, territory and the level (rung) it is at
/// (`jiesu_core::RouteRequest`). Wherever a request is an argument, a plain object in its serde
/// shape or its JSON text is accepted too.
#[wasm_bindgen(js_name = RouteRequest)]
pub struct JsRouteRequest {
    inner: RouteRequest,
}

#[wasm_bindgen(js_class = RouteRequest)]
impl JsRouteRequest {
    /// Reads a request from JSON text `{"category": "help", "topics"?: [..], "territory"?:
    /// "unit-id", "level": "center"}` (unknown fields rejected) (`RouteRequest::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsRouteRequest, Failure> {
        Ok(JsRouteRequest {
            inner: RouteRequest::from_json(&string(text, "text")?)?,
        })
    }

    /// The demand's category.
    #[wasm_bindgen(getter)]
    pub fn category(&self) -> JsCategory {
        JsCategory {
            inner: self.inner.category,
        }
    }

    /// The topic keys (order and duplicates do not matter).
    #[wasm_bindgen(getter)]
    pub fn topics(&self) -> Vec<String> {
        self.inner.topics.clone()
    }

    /// The enterprise's territory (a territory or development-zone unit id), or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn territory(&self) -> JsValue {
        optional_str(self.inner.territory.as_deref())
    }

    /// The level the demand is at: `territory`, `center` or `government`.
    #[wasm_bindgen(getter, unchecked_return_type = "Level")]
    pub fn level(&self) -> String {
        serde_name(&self.inner.level)
    }

    /// The request in its serde JSON shape `{category, topics, territory, level}` (also what
    /// `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "RouteRequestFields")]
    pub fn to_json(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner)
    }
}

#[wasm_bindgen(js_class = Directory)]
impl JsDirectory {
    /// A copy, used by `new Rules(…, directory)` and `rules.withDirectory(directory)` to keep
    /// their argument usable. Internal.
    #[wasm_bindgen(js_name = __clone, skip_typescript)]
    #[must_use]
    pub fn copy(&self) -> JsDirectory {
        self.clone()
    }

    /// Loads and checks a directory from JSON text `{"name"?, "version"?, "units": [{id, name,
    /// kind, group?}], "topics": [{key, name}], "rules": [{id, topic, category?, territory?, lead,
    /// co_units?, priority?, territory_assists?, note?}]}` (unknown fields rejected)
    /// (`Directory::from_json`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &Str) -> Result<JsDirectory, Failure> {
        Ok(JsDirectory {
            inner: Directory::from_json(&string(text, "text")?)?,
        })
    }

    /// The directory's name, or `null` (`Directory::name`).
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn name(&self) -> JsValue {
        optional_str(self.inner.name())
    }

    /// The directory's version, or `null` (`Directory::version`).
    #[wasm_bindgen(getter, unchecked_return_type = "string | null")]
    pub fn version(&self) -> JsValue {
        optional_str(self.inner.version())
    }

    /// The units, in directory order (`Directory::units`).
    #[wasm_bindgen(unchecked_return_type = "Unit[]")]
    pub fn units(&self) -> Result<JsValue, Failure> {
        to_js(self.inner.units())
    }

    /// The topics, in directory order (`Directory::topics`).
    #[wasm_bindgen(unchecked_return_type = "Topic[]")]
    pub fn topics(&self) -> Result<JsValue, Failure> {
        to_js(self.inner.topics())
    }

    /// The routing rules, in directory order (`Directory::rules`).
    #[wasm_bindgen(unchecked_return_type = "Rule[]")]
    pub fn rules(&self) -> Result<JsValue, Failure> {
        to_js(self.inner.rules())
    }

    /// The unit with this id, or `null` (`Directory::unit`).
    #[wasm_bindgen(unchecked_return_type = "Unit | null")]
    pub fn unit(&self, id: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.unit(&string(id, "id")?))
    }

    /// The rule with this id, or `null` (`Directory::rule`).
    #[wasm_bindgen(unchecked_return_type = "Rule | null")]
    pub fn rule(&self, id: &Str) -> Result<JsValue, Failure> {
        to_js(&self.inner.rule(&string(id, "id")?))
    }

    /// The center unit (推进中心); a loaded directory has exactly one (`Directory::center`).
    #[wasm_bindgen(unchecked_return_type = "Unit")]
    pub fn center(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.center())
    }

    /// The government unit (市政府); a loaded directory has exactly one
    /// (`Directory::government`).
    #[wasm_bindgen(unchecked_return_type = "Unit")]
    pub fn government(&self) -> Result<JsValue, Failure> {
        to_js(&self.inner.government())
    }

    /// Who handles a demand at its level, and why: the lead (首接), the co-units, the rules that
    /// matched, or the `manual` outcome when no rule matches at the center (`Directory::route`).
    #[wasm_bindgen(unchecked_return_type = "Route")]
    pub fn route(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RouteRequest | RouteRequestFields | string")]
        request: &JsValue,
    ) -> Result<JsValue, Failure> {
        let text = json_text(request, |reason| DirectoryError::InvalidRequest { reason })?;
        to_js(&self.inner.route(&RouteRequest::from_json(&text)?)?)
    }

    /// Routes many demands at once, in order (`Directory::route_many`): `Route[]`, or the first
    /// failing request's error naming its row; with `errors: "coerce"`, `{result: (Route |
    /// null)[], codes}`. Typed in `TS_DIRECTORY_BATCHES`.
    #[wasm_bindgen(js_name = routeMany, skip_typescript)]
    pub fn route_many(&self, requests: &JsValue, options: &Options) -> Result<JsValue, Failure> {
        let mode = batch::mode(options)?;
        let requests: Converted<RouteRequest> = requests
            .dyn_ref::<js_sys::Array>()
            .ok_or_else(|| Failure::type_error("requests must be an array of route requests"))?
            .iter()
            .enumerate()
            .map(|(i, r)| request_row(i, &r))
            .collect();
        if mode == Mode::Raise {
            let requests = requests.all()?;
            let routes = self
                .inner
                .route_many(&requests)
                .into_iter()
                .zip(&requests)
                .enumerate()
                .map(|(i, (route, request))| {
                    route.map_err(|e| {
                        let value = serde_json::to_string(request).unwrap_or_default();
                        Error::at_row(i, value, e)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            return to_js(&routes);
        }
        let (requests, merge) = requests.split();
        let answers = self.inner.route_many(&requests);
        let (routes, codes) = batch::unzip_rows(
            merge.rows(
                answers
                    .into_iter()
                    .map(|r| r.map_err(|e| Error::from(e).code())),
            ),
        );
        coerced(&to_js(&routes)?, &codes, &[])
    }
}
