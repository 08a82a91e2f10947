//! The dispatch directory (派单目录) and routing (分类处置 · 精准派单 · 首接负责), rules §3.
//!
//! A directory lists **units** (id, name, [`UnitKind`], ranking group), **topics** (key, name) and
//! **routing rules** `(topic, category?, territory?) → lead + co-units`, each with a `priority`.
//! It is loaded from JSON text and checked at load time; every problem is a typed error
//! ([`DirectoryError`]): unknown unit or topic, duplicate id, empty rule, a territory that is not a
//! territory, a lead among its own co-units, and `directory_ambiguous` for two equally specific
//! rules that can match the same demand (see below). A directory that loads can route every
//! demand without a coin toss.
//!
//! ## The ladder: territory → center → government
//!
//! The rule book (§3, guideline §二(二)) has three levels, lowest first. A [`RouteRequest`] says at
//! which [`Level`] the demand currently is, and [`Directory::route`] answers who handles it there:
//!
//! - **`territory`** (属地): the enterprise's town/street or the development zone is the first
//!   responsible party and solves what it can at its level. The route's lead is the demand's
//!   territory unit (the request must name it); rules are not consulted.
//! - **`center`** (推进中心): what the territory cannot solve is reported to the center, which
//!   dispatches through the directory: the lead (首接/主办) and co-units (协办) come from the
//!   rules, or the outcome is [`Outcome::Manual`] (the center dispatches by hand) when no rule
//!   matches.
//! - **`government`** (市政府): what needs city-government-level coordination is escalated for
//!   study. The lead is the directory's `government` unit; the units the center's dispatch would
//!   involve become co-units.
//!
//! Every route names the next rung ([`Route::next_level`]); escalating is routing the same demand
//! again one level up. Who decides *that* the territory could not solve it is the demand's life
//! (§5, `escalated` events), not the directory: routing is a pure function of the request.
//!
//! ## Rule matching and 首接负责
//!
//! A rule matches a demand when its topic is one of the demand's topics, its category (if set) is
//! the demand's category and its territory (if set) is the demand's territory. For each topic the
//! **most specific** matching rule wins — territory+topic+category (3) over topic+category or
//! territory+topic (2) over topic (1); the less specific ones it beats are listed as
//! `overridden`. Two rules of the same topic and specificity that can match one demand are a
//! load-time error (`directory_ambiguous`), with one exception: a topic+category rule and a
//! territory+topic rule overlap only on demands of that category from that territory, and a
//! territory+topic+category rule for exactly that pair settles them.
//!
//! Across the demand's topics, the winning rules give **one lead**: the lead of the rule with the
//! highest `priority`, ties broken by rule order in the directory ([`LeadReason`] says which). The
//! leads and co-units of the other winning rules, the lead rule's own co-units and — for rules with
//! `territory_assists` — the demand's territory are the **co-units**: each once, never the lead, in
//! the directory's unit order. The result is independent of the order of the demand's topics.
//!
//! ```
//! use jiesu_core::directory::{Directory, Level, Outcome, RouteRequest};
//!
//! let dir = Directory::from_json(r#"{
//!   "units": [
//!     {"id": "guanqiao", "name": "官桥镇", "kind": "territory", "group": "towns_streets"},
//!     {"id": "land", "name": "市自然资源局", "kind": "department", "group": "departments"},
//!     {"id": "approval", "name": "市行政审批服务局", "kind": "department", "group": "departments"},
//!     {"id": "center", "name": "市政府事务推进中心", "kind": "center"},
//!     {"id": "gov", "name": "市人民政府", "kind": "government"}
//!   ],
//!   "topics": [{"key": "land_use", "name": "土地要素"}, {"key": "approval", "name": "项目审批"}],
//!   "rules": [
//!     {"id": "r-land", "topic": "land_use", "lead": "land", "priority": 30, "territory_assists": true},
//!     {"id": "r-approval", "topic": "approval", "lead": "approval", "priority": 20}
//!   ]
//! }"#)?;
//! let req = RouteRequest::from_json(r#"{"category": "help", "topics": ["approval", "land_use"],
//!   "territory": "guanqiao", "level": "center"}"#)?;
//! let route = dir.route(&req)?;
//! assert_eq!(route.outcome, Outcome::Routed);
//! assert_eq!(route.lead.as_deref(), Some("land"));
//! assert_eq!(route.co_units, ["guanqiao", "approval"]);
//! assert_eq!(route.next_level, Some(Level::Government));
//! # Ok::<(), jiesu_core::directory::DirectoryError>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::category::Category;

/// Errors loading a directory or routing a demand.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// The text is not a directory: bad JSON, an unknown field, or a value of the wrong type.
    #[error("invalid directory JSON: {reason}")]
    InvalidJson {
        /// The parser's message.
        reason: String,
    },
    /// The directory lists more units or rules than the limit
    /// ([`MAX_DIRECTORY_UNITS`](crate::limits::MAX_DIRECTORY_UNITS),
    /// [`MAX_DIRECTORY_RULES`](crate::limits::MAX_DIRECTORY_RULES)).
    #[error("directory too large: {count} {what}, the limit is {limit}")]
    TooLarge {
        /// `units` or `rules`.
        what: &'static str,
        /// How many the directory lists.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A unit has an empty id or name, or an empty ranking group.
    #[error("directory unit #{index} ({id:?}): {reason}")]
    InvalidUnit {
        /// 0-based position of the unit.
        index: usize,
        /// The unit's id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// Two units have the same id.
    #[error("directory unit id {id:?} is used twice")]
    DuplicateUnit {
        /// The id.
        id: String,
    },
    /// The directory does not have exactly one `center` unit and exactly one `government` unit.
    #[error("the directory needs exactly one unit of kind `{kind}`, found {count}")]
    LevelUnit {
        /// `center` or `government`.
        kind: UnitKind,
        /// How many units of that kind it has.
        count: usize,
    },
    /// A topic has an empty key or name.
    #[error("directory topic #{index} ({key:?}): {reason}")]
    InvalidTopic {
        /// 0-based position of the topic.
        index: usize,
        /// The topic's key.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// Two topics have the same key.
    #[error("directory topic key {key:?} is used twice")]
    DuplicateTopic {
        /// The key.
        key: String,
    },
    /// A rule has an empty id, topic or lead.
    #[error("directory rule #{index} ({id:?}) is empty: no {field}")]
    EmptyRule {
        /// 0-based position of the rule.
        index: usize,
        /// The rule's id.
        id: String,
        /// `id`, `topic` or `lead`.
        field: &'static str,
    },
    /// Two rules have the same id.
    #[error("directory rule id {id:?} is used twice")]
    DuplicateRule {
        /// The id.
        id: String,
    },
    /// A rule names a topic the directory does not list.
    #[error("directory rule {rule:?} names the unknown topic {topic:?}")]
    UnknownTopic {
        /// The rule's id.
        rule: String,
        /// The topic key.
        topic: String,
    },
    /// A rule or a demand names a unit the directory does not list.
    #[error("unknown unit {unit:?} in {referenced_by}")]
    UnknownUnit {
        /// The unit id.
        unit: String,
        /// Where it was named, e.g. ``rule `r-land` (lead)`` or `the demand's territory`.
        referenced_by: String,
    },
    /// A rule's or a demand's territory is a unit that is neither a town/street nor the
    /// development zone.
    #[error(
        "unit {unit:?} in {referenced_by} is a `{kind}` unit, not a territory or development zone"
    )]
    NotTerritory {
        /// The unit id.
        unit: String,
        /// Its kind.
        kind: UnitKind,
        /// Where it was named.
        referenced_by: String,
    },
    /// A rule is inconsistent: its lead among its co-units, a co-unit twice, or a `center` or
    /// `government` unit as lead or co-unit (those are levels, reached by escalation).
    #[error("directory rule {rule:?}: {reason}")]
    InvalidRule {
        /// The rule's id.
        rule: String,
        /// What is wrong.
        reason: String,
    },
    /// Two rules of equal specificity can match the same demand (rules §3): which one leads
    /// would be a coin toss.
    #[error(
        "directory rules {first:?} and {second:?} are equally specific and both match {demand}"
    )]
    Ambiguous {
        /// The earlier rule's id.
        first: String,
        /// The later rule's id.
        second: String,
        /// The demands both match, e.g. ``a `complaint` demand on `land_use` from `guanqiao` ``.
        demand: String,
    },
    /// The route request is not valid: bad JSON, an unknown field, or a `territory`-level request
    /// without a territory.
    #[error("invalid route request: {reason}")]
    InvalidRequest {
        /// What is wrong.
        reason: String,
    },
}

impl DirectoryError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &[
        "directory_invalid_json",
        "directory_invalid_unit",
        "directory_duplicate_unit",
        "directory_level_unit",
        "directory_invalid_topic",
        "directory_duplicate_topic",
        "directory_empty_rule",
        "directory_duplicate_rule",
        "directory_unknown_topic",
        "directory_unknown_unit",
        "directory_not_territory",
        "directory_invalid_rule",
        "directory_ambiguous",
        "directory_invalid_request",
        "directory_too_large",
    ];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            DirectoryError::InvalidJson { .. } => "directory_invalid_json",
            DirectoryError::TooLarge { .. } => "directory_too_large",
            DirectoryError::InvalidUnit { .. } => "directory_invalid_unit",
            DirectoryError::DuplicateUnit { .. } => "directory_duplicate_unit",
            DirectoryError::LevelUnit { .. } => "directory_level_unit",
            DirectoryError::InvalidTopic { .. } => "directory_invalid_topic",
            DirectoryError::DuplicateTopic { .. } => "directory_duplicate_topic",
            DirectoryError::EmptyRule { .. } => "directory_empty_rule",
            DirectoryError::DuplicateRule { .. } => "directory_duplicate_rule",
            DirectoryError::UnknownTopic { .. } => "directory_unknown_topic",
            DirectoryError::UnknownUnit { .. } => "directory_unknown_unit",
            DirectoryError::NotTerritory { .. } => "directory_not_territory",
            DirectoryError::InvalidRule { .. } => "directory_invalid_rule",
            DirectoryError::Ambiguous { .. } => "directory_ambiguous",
            DirectoryError::InvalidRequest { .. } => "directory_invalid_request",
        }
    }
}

/// What kind of body a unit is (rules §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A town or street (镇街): a territory.
    Territory,
    /// The development zone's management committee (经济技术开发区管委会): a territory.
    DevelopmentZone,
    /// A city department (市直部门).
    Department,
    /// A unit stationed in the city by a higher level (驻滕单位): tax, power supply, fire rescue …
    StationedUnit,
    /// The center (市政府事务推进中心) that dispatches work orders.
    Center,
    /// The task force (工作专班).
    TaskForce,
    /// The city government (市政府), the top of the ladder.
    Government,
}

impl UnitKind {
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::Territory => "镇街",
            UnitKind::DevelopmentZone => "经济技术开发区",
            UnitKind::Department => "市直部门",
            UnitKind::StationedUnit => "驻滕单位",
            UnitKind::Center => "推进中心",
            UnitKind::TaskForce => "工作专班",
            UnitKind::Government => "市政府",
        }
    }

    /// The `snake_case` key.
    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Territory => "territory",
            UnitKind::DevelopmentZone => "development_zone",
            UnitKind::Department => "department",
            UnitKind::StationedUnit => "stationed_unit",
            UnitKind::Center => "center",
            UnitKind::TaskForce => "task_force",
            UnitKind::Government => "government",
        }
    }

    /// True for the kinds that are an enterprise's territory (属地): towns/streets and the
    /// development zone.
    pub fn is_territory(self) -> bool {
        matches!(self, UnitKind::Territory | UnitKind::DevelopmentZone)
    }
}

impl std::fmt::Display for UnitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// A unit of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unique id, e.g. `guanqiao_zhen`.
    pub id: String,
    /// Full name, e.g. `官桥镇人民政府`.
    pub name: String,
    /// What kind of body it is.
    pub kind: UnitKind,
    /// Ranking group for evaluation (rules §7), e.g. `towns_streets`; none = not ranked.
    #[serde(default)]
    pub group: Option<String>,
}

/// A topic (诉求事项类别) that rules and policy entries are keyed by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Unique key, e.g. `land_use`.
    pub key: String,
    /// Chinese name, e.g. `土地要素`.
    pub name: String,
}

/// A routing rule `(topic, category?, territory?) → lead + co-units`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique id, e.g. `land-use`.
    pub id: String,
    /// The topic key it routes.
    pub topic: String,
    /// Only demands of this category; none = any category.
    #[serde(default)]
    pub category: Option<Category>,
    /// Only demands from this territory (a territory or development-zone unit); none = any.
    #[serde(default)]
    pub territory: Option<String>,
    /// The lead unit (首接/主办).
    pub lead: String,
    /// The co-units (协办), in the order given.
    #[serde(default)]
    pub co_units: Vec<String>,
    /// Higher wins when a demand's topics match several rules; default 0.
    #[serde(default)]
    pub priority: i32,
    /// When true, the demand's territory joins as a co-unit (属地协办).
    #[serde(default)]
    pub territory_assists: bool,
    /// A free note (the clause or agreement behind the rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How specific a rule is: which of category and territory it fixes besides the topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Specificity {
    /// Topic only (rank 1).
    Topic,
    /// Topic and category (rank 2).
    TopicCategory,
    /// Topic and territory (rank 2).
    TopicTerritory,
    /// Topic, category and territory (rank 3).
    TopicCategoryTerritory,
}

impl Specificity {
    /// 1, 2 or 3: the number of fields the rule fixes. A higher rank wins.
    pub fn rank(self) -> u8 {
        match self {
            Specificity::Topic => 1,
            Specificity::TopicCategory | Specificity::TopicTerritory => 2,
            Specificity::TopicCategoryTerritory => 3,
        }
    }
}

impl Rule {
    /// Which fields the rule fixes.
    pub fn specificity(&self) -> Specificity {
        match (self.category.is_some(), self.territory.is_some()) {
            (false, false) => Specificity::Topic,
            (true, false) => Specificity::TopicCategory,
            (false, true) => Specificity::TopicTerritory,
            (true, true) => Specificity::TopicCategoryTerritory,
        }
    }

    /// Whether the rule matches a demand on `topic` of `category` from `territory`.
    pub fn matches(&self, topic: &str, category: Category, territory: Option<&str>) -> bool {
        self.topic == topic
            && self.category.is_none_or(|c| c == category)
            && self
                .territory
                .as_deref()
                .is_none_or(|t| Some(t) == territory)
    }
}

/// The rungs of the ladder, lowest first (rules §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 属地: the enterprise's town/street or the development zone.
    Territory,
    /// 推进中心: dispatches through the directory.
    Center,
    /// 市政府: city-government-level coordination.
    Government,
}

impl Level {
    /// The ladder, lowest first.
    pub const LADDER: [Level; 3] = [Level::Territory, Level::Center, Level::Government];

    /// The next rung up; none at the top.
    pub fn next(self) -> Option<Level> {
        match self {
            Level::Territory => Some(Level::Center),
            Level::Center => Some(Level::Government),
            Level::Government => None,
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Territory => "属地",
            Level::Center => "推进中心",
            Level::Government => "市政府",
        }
    }
}

/// A demand to route: its category, topics, territory and the level it is at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteRequest {
    /// The demand's category.
    pub category: Category,
    /// Topic keys (order and duplicates do not matter; unknown keys are reported as unmatched).
    #[serde(default)]
    pub topics: Vec<String>,
    /// The enterprise's territory (a territory or development-zone unit id); required at the
    /// `territory` level.
    #[serde(default)]
    pub territory: Option<String>,
    /// The level the demand is at; default `center` (the center dispatches).
    #[serde(default = "center_level")]
    pub level: Level,
}

/// A route request's default level: the center, where dispatch happens.
fn center_level() -> Level {
    Level::Center
}

impl RouteRequest {
    /// Reads a request from JSON:
    /// `{"category": "help", "topics": [..], "territory"?: "unit-id", "level": "center"}`.
    pub fn from_json(text: &str) -> Result<RouteRequest, DirectoryError> {
        crate::json::from_object(text).map_err(|reason| DirectoryError::InvalidRequest { reason })
    }
}

/// Whether the demand found a handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A lead unit was chosen.
    Routed,
    /// No rule matches: the center dispatches by hand (人工派单).
    Manual,
}

/// Why the lead is the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadReason {
    /// Territory level: the enterprise's territory is the first responsible party (属地).
    Territory,
    /// One rule matched; its lead leads.
    OnlyRule,
    /// Several rules matched; the lead rule has the strictly highest priority.
    HighestPriority,
    /// Several rules share the highest priority; the lead rule comes first in the directory.
    RuleOrder,
    /// Government level: the city government coordinates.
    Government,
}

/// A rule that won for one of the demand's topics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleMatch {
    /// The rule's id.
    pub rule: String,
    /// The topic it won for.
    pub topic: String,
    /// How specific it is.
    pub specificity: Specificity,
    /// Its priority.
    pub priority: i32,
    /// Its lead.
    pub lead: String,
    /// Its co-units as written.
    pub co_units: Vec<String>,
    /// Less specific rules of the same topic that also matched and that it overrides.
    pub overridden: Vec<String>,
}

/// Who handles a demand at its level, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The level routed at.
    pub level: Level,
    /// Routed, or manual (no rule matched at the center level).
    pub outcome: Outcome,
    /// The lead unit (首接/主办); none when manual.
    pub lead: Option<String>,
    /// The rule that chose the lead (center level); none at the territory and government levels.
    pub lead_rule: Option<String>,
    /// Why the lead is the lead; none when manual.
    pub lead_reason: Option<LeadReason>,
    /// The co-units (协办), in the directory's unit order, never the lead, each once.
    pub co_units: Vec<String>,
    /// The winning rule for each matched topic, in rule order (empty at the territory level).
    pub matched: Vec<RuleMatch>,
    /// The demand's topics no rule matched, sorted (empty at the territory level).
    pub unmatched_topics: Vec<String>,
    /// The next rung of the ladder; none at the government level.
    pub next_level: Option<Level>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    units: Vec<Unit>,
    topics: Vec<Topic>,
    rules: Vec<Rule>,
}

/// A checked dispatch directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    name: Option<String>,
    version: Option<String>,
    units: Vec<Unit>,
    topics: Vec<Topic>,
    rules: Vec<Rule>,
    /// Unit id → position in `units`.
    unit_pos: BTreeMap<String, usize>,
    /// Topic key → positions of its rules in `rules`, ascending.
    by_topic: BTreeMap<String, Vec<usize>>,
    /// Position of the `center` unit.
    center: usize,
    /// Position of the `government` unit.
    government: usize,
}

/// What the center's dispatch finds for a demand.
struct Dispatch {
    /// The lead rule's position and why it leads; none when no rule matched.
    lead: Option<(usize, LeadReason)>,
    /// Positions of every unit the winning rules involve (leads, co-units, assisting territory).
    involved: BTreeSet<usize>,
    /// The winning rule of each matched topic, in rule order.
    matched: Vec<RuleMatch>,
    /// Topics no rule matched, sorted.
    unmatched_topics: Vec<String>,
}

impl Directory {
    /// Loads a directory from JSON text:
    /// `{"name"?, "version"?, "units": [{id, name, kind, group?}], "topics": [{key, name}],
    /// "rules": [{id, topic, category?, territory?, lead, co_units?, priority?,
    /// territory_assists?, note?}]}` (unknown fields rejected), then checks it.
    pub fn from_json(text: &str) -> Result<Directory, DirectoryError> {
        let file: DirectoryFile = crate::json::from_object(text)
            .map_err(|reason| DirectoryError::InvalidJson { reason })?;
        let mut dir = Directory::new(file.units, file.topics, file.rules)?;
        dir.name = file.name;
        dir.version = file.version;
        Ok(dir)
    }

    /// A directory from parts built in code, checked as [`from_json`](Self::from_json) does.
    /// Checks run in this order and the first problem is reported: the size limits, units, the
    /// level units, topics, each rule in order, then ambiguity between rules.
    pub fn new(
        units: Vec<Unit>,
        topics: Vec<Topic>,
        rules: Vec<Rule>,
    ) -> Result<Directory, DirectoryError> {
        use crate::limits::{MAX_DIRECTORY_RULES, MAX_DIRECTORY_UNITS};
        for (what, count, limit) in [
            ("units", units.len(), MAX_DIRECTORY_UNITS),
            ("rules", rules.len(), MAX_DIRECTORY_RULES),
        ] {
            if count > limit {
                return Err(DirectoryError::TooLarge { what, count, limit });
            }
        }
        let unit_pos = check_units(&units)?;
        let level_unit = |kind: UnitKind| {
            let found: Vec<usize> = units
                .iter()
                .enumerate()
                .filter(|(_, u)| u.kind == kind)
                .map(|(i, _)| i)
                .collect();
            match found.as_slice() {
                [one] => Ok(*one),
                _ => Err(DirectoryError::LevelUnit {
                    kind,
                    count: found.len(),
                }),
            }
        };
        let center = level_unit(UnitKind::Center)?;
        let government = level_unit(UnitKind::Government)?;
        let mut by_topic = check_topics(&topics)?;
        check_rules(&units, &unit_pos, &by_topic, &rules)?;
        for (i, r) in rules.iter().enumerate() {
            if let Some(list) = by_topic.get_mut(&r.topic) {
                list.push(i);
            }
        }
        check_ambiguity(&rules, &by_topic)?;
        Ok(Directory {
            name: None,
            version: None,
            units,
            topics,
            rules,
            unit_pos,
            by_topic,
            center,
            government,
        })
    }

    /// The directory's name, if the JSON gave one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The directory's version, if the JSON gave one.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The units, in directory order.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The topics, in directory order.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// The rules, in directory order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.unit_pos.get(id).and_then(|&i| self.units.get(i))
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The center unit (推进中心).
    pub fn center(&self) -> Option<&Unit> {
        self.units.get(self.center)
    }

    /// The government unit (市政府).
    pub fn government(&self) -> Option<&Unit> {
        self.units.get(self.government)
    }

    /// Routes a demand at its level (rules §3): the lead (首接), the co-units, the rules that
    /// matched and why the lead was chosen, or the `manual` outcome. See the module docs.
    ///
    /// Errors: the request's territory is unknown (`directory_unknown_unit`) or not a territory
    /// (`directory_not_territory`); a `territory`-level request without a territory
    /// (`directory_invalid_request`).
    pub fn route(&self, request: &RouteRequest) -> Result<Route, DirectoryError> {
        let territory = self.request_territory(request)?;
        if request.level == Level::Territory {
            let Some(t) = territory else {
                return Err(DirectoryError::InvalidRequest {
                    reason: "a demand at the `territory` level needs its territory".to_owned(),
                });
            };
            return Ok(Route {
                level: Level::Territory,
                outcome: Outcome::Routed,
                lead: Some(t.to_owned()),
                lead_rule: None,
                lead_reason: Some(LeadReason::Territory),
                co_units: Vec::new(),
                matched: Vec::new(),
                unmatched_topics: Vec::new(),
                next_level: Level::Territory.next(),
            });
        }
        let d = self.dispatch(request, territory);
        let (outcome, lead, lead_rule, lead_reason, except) = if request.level == Level::Government
        {
            let gov = self.units.get(self.government).map(|u| u.id.clone());
            let reason = Some(LeadReason::Government);
            (Outcome::Routed, gov, None, reason, Some(self.government))
        } else if let Some((rule, reason)) =
            d.lead.and_then(|(i, why)| Some((self.rules.get(i)?, why)))
        {
            let except = self.unit_pos.get(&rule.lead).copied();
            let lead = Some(rule.lead.clone());
            (
                Outcome::Routed,
                lead,
                Some(rule.id.clone()),
                Some(reason),
                except,
            )
        } else {
            (Outcome::Manual, None, None, None, None)
        };
        let co_units = if outcome == Outcome::Manual {
            Vec::new()
        } else {
            d.involved
                .iter()
                .filter(|&&p| Some(p) != except)
                .filter_map(|&p| self.units.get(p).map(|u| u.id.clone()))
                .collect()
        };
        Ok(Route {
            level: request.level,
            outcome,
            lead,
            lead_rule,
            lead_reason,
            co_units,
            matched: d.matched,
            unmatched_topics: d.unmatched_topics,
            next_level: request.level.next(),
        })
    }

    /// Routes many demands at once (a platform's nightly job): each request's route or its own
    /// error, in order.
    pub fn route_many(&self, requests: &[RouteRequest]) -> Vec<Result<Route, DirectoryError>> {
        requests.iter().map(|r| self.route(r)).collect()
    }

    /// The request's territory, checked to be a territory unit of the directory.
    fn request_territory<'r>(
        &self,
        request: &'r RouteRequest,
    ) -> Result<Option<&'r str>, DirectoryError> {
        let Some(t) = request.territory.as_deref() else {
            return Ok(None);
        };
        let referenced_by = || "the demand's territory".to_owned();
        let unit = self.unit(t).ok_or_else(|| DirectoryError::UnknownUnit {
            unit: t.to_owned(),
            referenced_by: referenced_by(),
        })?;
        if unit.kind.is_territory() {
            Ok(Some(t))
        } else {
            Err(DirectoryError::NotTerritory {
                unit: t.to_owned(),
                kind: unit.kind,
                referenced_by: referenced_by(),
            })
        }
    }

    /// What the center's dispatch finds: the winning rule per topic, the lead rule and why, and
    /// every unit involved.
    fn dispatch(&self, request: &RouteRequest, territory: Option<&str>) -> Dispatch {
        let topics: BTreeSet<&str> = request.topics.iter().map(String::as_str).collect();
        let mut winners: Vec<(usize, &str, Vec<usize>)> = Vec::new();
        let mut unmatched_topics = Vec::new();
        for &topic in &topics {
            match self.winner(topic, request.category, territory) {
                Some((rule, overridden)) => winners.push((rule, topic, overridden)),
                None => unmatched_topics.push(topic.to_owned()),
            }
        }
        winners.sort_by_key(|w| w.0);
        let rules: Vec<(usize, &Rule)> = winners
            .iter()
            .filter_map(|w| self.rules.get(w.0).map(|r| (w.0, r)))
            .collect();

        // One lead: highest priority, ties by rule order (`rules` is in rule order).
        let best = rules
            .iter()
            .fold(None::<(usize, &Rule)>, |best, &(i, r)| match best {
                Some((_, b)) if b.priority >= r.priority => best,
                _ => Some((i, r)),
            });
        let lead = best.map(|(i, lead_rule)| {
            let tied = rules
                .iter()
                .filter(|(_, r)| r.priority == lead_rule.priority)
                .count();
            let why = if rules.len() == 1 {
                LeadReason::OnlyRule
            } else if tied > 1 {
                LeadReason::RuleOrder
            } else {
                LeadReason::HighestPriority
            };
            (i, why)
        });

        // Every unit the winning rules involve, by unit position.
        let mut involved = BTreeSet::new();
        for (_, r) in &rules {
            involved.extend(self.unit_pos.get(&r.lead).copied());
            involved.extend(
                r.co_units
                    .iter()
                    .filter_map(|c| self.unit_pos.get(c).copied()),
            );
            if r.territory_assists {
                involved.extend(territory.and_then(|t| self.unit_pos.get(t).copied()));
            }
        }

        let matched = winners
            .iter()
            .filter_map(|(i, topic, overridden)| {
                let r = self.rules.get(*i)?;
                Some(RuleMatch {
                    rule: r.id.clone(),
                    topic: (*topic).to_owned(),
                    specificity: r.specificity(),
                    priority: r.priority,
                    lead: r.lead.clone(),
                    co_units: r.co_units.clone(),
                    overridden: overridden
                        .iter()
                        .filter_map(|o| self.rules.get(*o).map(|r| r.id.clone()))
                        .collect(),
                })
            })
            .collect();
        Dispatch {
            lead,
            involved,
            matched,
            unmatched_topics,
        }
    }

    /// The most specific rule matching a demand on `topic` (the first in rule order at the top
    /// rank — unique in a checked directory), with the other matching rules it overrides.
    fn winner(
        &self,
        topic: &str,
        category: Category,
        territory: Option<&str>,
    ) -> Option<(usize, Vec<usize>)> {
        let candidates: Vec<(usize, u8)> = self
            .by_topic
            .get(topic)?
            .iter()
            .filter_map(|&i| self.rules.get(i).map(|r| (i, r)))
            .filter(|(_, r)| r.matches(topic, category, territory))
            .map(|(i, r)| (i, r.specificity().rank()))
            .collect();
        let top = candidates.iter().map(|c| c.1).max()?;
        let win = candidates.iter().find(|c| c.1 == top)?.0;
        let overridden = candidates
            .iter()
            .map(|c| c.0)
            .filter(|&i| i != win)
            .collect();
        Some((win, overridden))
    }
}

fn check_units(units: &[Unit]) -> Result<BTreeMap<String, usize>, DirectoryError> {
    let mut pos = BTreeMap::new();
    for (index, u) in units.iter().enumerate() {
        let invalid = |reason: &str| DirectoryError::InvalidUnit {
            index,
            id: u.id.clone(),
            reason: reason.to_owned(),
        };
        if u.id.trim().is_empty() {
            return Err(invalid("empty id"));
        }
        if u.name.trim().is_empty() {
            return Err(invalid("empty name"));
        }
        if u.group.as_deref().is_some_and(|g| g.trim().is_empty()) {
            return Err(invalid(
                "empty ranking group (leave `group` out for an unranked unit)",
            ));
        }
        if pos.insert(u.id.clone(), index).is_some() {
            return Err(DirectoryError::DuplicateUnit { id: u.id.clone() });
        }
    }
    Ok(pos)
}

fn check_topics(topics: &[Topic]) -> Result<BTreeMap<String, Vec<usize>>, DirectoryError> {
    let mut by_topic = BTreeMap::new();
    for (index, t) in topics.iter().enumerate() {
        let invalid = |reason: &str| DirectoryError::InvalidTopic {
            index,
            key: t.key.clone(),
            reason: reason.to_owned(),
        };
        if t.key.trim().is_empty() {
            return Err(invalid("empty key"));
        }
        if t.name.trim().is_empty() {
            return Err(invalid("empty name"));
        }
        if by_topic.insert(t.key.clone(), Vec::new()).is_some() {
            return Err(DirectoryError::DuplicateTopic { key: t.key.clone() });
        }
    }
    Ok(by_topic)
}

fn check_rules(
    units: &[Unit],
    unit_pos: &BTreeMap<String, usize>,
    by_topic: &BTreeMap<String, Vec<usize>>,
    rules: &[Rule],
) -> Result<(), DirectoryError> {
    let mut ids = BTreeSet::new();
    for (index, r) in rules.iter().enumerate() {
        let empty = |field| DirectoryError::EmptyRule {
            index,
            id: r.id.clone(),
            field,
        };
        if r.id.trim().is_empty() {
            return Err(empty("id"));
        }
        if r.topic.trim().is_empty() {
            return Err(empty("topic"));
        }
        if r.lead.trim().is_empty() {
            return Err(empty("lead"));
        }
        if !ids.insert(r.id.as_str()) {
            return Err(DirectoryError::DuplicateRule { id: r.id.clone() });
        }
        if !by_topic.contains_key(&r.topic) {
            return Err(DirectoryError::UnknownTopic {
                rule: r.id.clone(),
                topic: r.topic.clone(),
            });
        }
        let kind_of = |unit: &str, role: &str| {
            unit_pos
                .get(unit)
                .and_then(|&i| units.get(i))
                .map(|u| u.kind)
                .ok_or_else(|| DirectoryError::UnknownUnit {
                    unit: unit.to_owned(),
                    referenced_by: format!("rule `{}` ({role})", r.id),
                })
        };
        if let Some(t) = r.territory.as_deref() {
            let kind = kind_of(t, "territory")?;
            if !kind.is_territory() {
                return Err(DirectoryError::NotTerritory {
                    unit: t.to_owned(),
                    kind,
                    referenced_by: format!("rule `{}` (territory)", r.id),
                });
            }
        }
        let invalid = |reason: String| DirectoryError::InvalidRule {
            rule: r.id.clone(),
            reason,
        };
        let mut seen = BTreeSet::new();
        for (unit, role) in
            std::iter::once((&r.lead, "lead")).chain(r.co_units.iter().map(|c| (c, "co_units")))
        {
            let kind = kind_of(unit, role)?;
            if matches!(kind, UnitKind::Center | UnitKind::Government) {
                return Err(invalid(format!(
                    "`{unit}` is the `{kind}` unit, reached by escalation, not by a rule"
                )));
            }
            if !seen.insert(unit.as_str()) {
                return Err(invalid(if unit == &r.lead {
                    format!("the lead `{unit}` is also listed as a co-unit")
                } else {
                    format!("co-unit `{unit}` is listed twice")
                }));
            }
        }
    }
    Ok(())
}

/// Two rules of one topic and the same specificity rank that can match one demand are
/// ambiguous, unless (rank 2, one fixes the category, the other the territory) a rank-3 rule
/// for exactly that category and territory settles their overlap.
fn check_ambiguity(
    rules: &[Rule],
    by_topic: &BTreeMap<String, Vec<usize>>,
) -> Result<(), DirectoryError> {
    for (topic, list) in by_topic {
        let of_topic: Vec<&Rule> = list.iter().filter_map(|&i| rules.get(i)).collect();
        for (n, a) in of_topic.iter().enumerate() {
            for b in of_topic.iter().skip(n + 1) {
                if a.specificity().rank() != b.specificity().rank() {
                    continue;
                }
                // The overlap: both constraints at once; `None` when they exclude each other.
                let category = match (a.category, b.category) {
                    (Some(x), Some(y)) if x != y => continue,
                    (x, y) => x.or(y),
                };
                let territory = match (a.territory.as_deref(), b.territory.as_deref()) {
                    (Some(x), Some(y)) if x != y => continue,
                    (x, y) => x.or(y),
                };
                let crossed = a.specificity() != b.specificity();
                if crossed
                    && of_topic.iter().any(|r| {
                        r.specificity() == Specificity::TopicCategoryTerritory
                            && r.category == category
                            && r.territory.as_deref() == territory
                    })
                {
                    continue;
                }
                let demand = format!(
                    "{} demand on `{topic}`{}",
                    category.map_or_else(|| "any".to_owned(), |c| format!("a `{c}`")),
                    territory.map_or_else(String::new, |t| format!(" from `{t}`")),
                );
                return Err(DirectoryError::Ambiguous {
                    first: a.id.clone(),
                    second: b.id.clone(),
                    demand,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const UNITS: &str = r#"[
        {"id": "t1", "name": "T1", "kind": "territory", "group": "towns"},
        {"id": "t2", "name": "T2", "kind": "development_zone", "group": "towns"},
        {"id": "d1", "name": "D1", "kind": "department", "group": "depts"},
        {"id": "d2", "name": "D2", "kind": "department", "group": "depts"},
        {"id": "s1", "name": "S1", "kind": "stationed_unit", "group": "stationed"},
        {"id": "c", "name": "C", "kind": "center"},
        {"id": "g", "name": "G", "kind": "government"}
    ]"#;

    fn dir(rules: &str) -> Result<Directory, DirectoryError> {
        Directory::from_json(&format!(
            r#"{{"units": {UNITS}, "topics": [{{"key": "a", "name": "A"}}, {{"key": "b", "name": "B"}}], "rules": {rules}}}"#
        ))
    }

    fn req(cat: &str, topics: &[&str], territory: Option<&str>, level: &str) -> RouteRequest {
        RouteRequest {
            category: Category::parse(cat).unwrap(),
            topics: topics.iter().map(|s| (*s).to_owned()).collect(),
            territory: territory.map(str::to_owned),
            level: serde_json::from_value(serde_json::Value::String(level.into())).unwrap(),
        }
    }

    #[test]
    fn ambiguity() {
        let code = |r: &str| dir(r).unwrap_err().code();
        assert_eq!(
            code(
                r#"[{"id": "x", "topic": "a", "lead": "d1"}, {"id": "y", "topic": "a", "lead": "d2"}]"#
            ),
            "directory_ambiguous"
        );
        let crossed = r#"{"id": "x", "topic": "a", "territory": "t1", "lead": "d1"},
                         {"id": "y", "topic": "a", "category": "help", "lead": "d2"}"#;
        assert_eq!(code(&format!("[{crossed}]")), "directory_ambiguous");
        // Settled by the rank-3 rule for exactly the overlap.
        assert!(dir(&format!(
            r#"[{crossed}, {{"id": "z", "topic": "a", "territory": "t1", "category": "help", "lead": "d2"}}]"#
        ))
        .is_ok());
        // Different categories never overlap.
        assert!(dir(
            r#"[{"id": "x", "topic": "a", "category": "complaint", "lead": "d1"},
                {"id": "y", "topic": "a", "category": "help", "lead": "d2"}]"#
        )
        .is_ok());
    }

    #[test]
    fn lead_and_co_units() {
        let d = dir(r#"[
            {"id": "ra", "topic": "a", "lead": "d1", "co_units": ["s1"], "priority": 5},
            {"id": "rb", "topic": "b", "lead": "d2", "co_units": ["d1"], "priority": 5, "territory_assists": true},
            {"id": "ra-t2", "topic": "a", "territory": "t2", "lead": "t2", "co_units": ["d1"]}
        ]"#)
        .unwrap();
        let r = d
            .route(&req("help", &["b", "a"], Some("t1"), "center"))
            .unwrap();
        assert_eq!(r.lead.as_deref(), Some("d1"));
        assert_eq!(r.lead_rule.as_deref(), Some("ra"));
        assert_eq!(r.lead_reason, Some(LeadReason::RuleOrder));
        assert_eq!(r.co_units, ["t1", "d2", "s1"]);
        let r = d.route(&req("help", &["a"], Some("t2"), "center")).unwrap();
        assert_eq!(r.lead.as_deref(), Some("t2"));
        assert_eq!(r.matched[0].overridden, ["ra"]);
        assert_eq!(r.co_units, ["d1"]);
        let r = d
            .route(&req("help", &["a", "b"], Some("t2"), "center"))
            .unwrap();
        assert_eq!(r.lead.as_deref(), Some("d2"));
        assert_eq!(r.lead_reason, Some(LeadReason::HighestPriority));
        let r = d.route(&req("help", &["zz"], None, "center")).unwrap();
        assert_eq!(r.outcome, Outcome::Manual);
        assert_eq!(r.unmatched_topics, ["zz"]);
        let r = d.route(&req("help", &["a"], None, "government")).unwrap();
        assert_eq!(r.lead.as_deref(), Some("g"));
        assert_eq!(r.co_units, ["d1", "s1"]);
        assert_eq!(
            d.route(&req("help", &["a"], None, "territory"))
                .unwrap_err()
                .code(),
            "directory_invalid_request"
        );
        assert_eq!(
            d.route(&req("help", &["a"], Some("d1"), "center"))
                .unwrap_err()
                .code(),
            "directory_not_territory"
        );
    }
}
