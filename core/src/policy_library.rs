//! The policy library (政策库 / 政策超市) and the instant answer to consultations, rules §2.
//!
//! An entry has an id, a title, topics, keywords, an answer and an optional validity span
//! (`valid_from`, `valid_to`, both inclusive). A library is loaded from JSON text and checked at
//! load time (unique non-empty ids, no empty keyword, a span that is not reversed, at least one
//! topic or keyword so that the entry can be found).
//!
//! **Matching** ([`PolicyLibrary::match_consultation`]; `match` in the vectors) looks at the
//! entries in force on the consultation's intake date and scores each with integer points:
//!
//! - each of the consultation's topics that the entry lists: [`TOPIC_POINTS`] (10) points;
//! - each of the entry's keywords contained in the consultation's text: as many points as the
//!   keyword has characters (a longer keyword is more specific: `稳岗返还` 4, `社保` 2). Chinese
//!   text is matched by plain containment (no tokenizer); ASCII letters ignore case.
//!
//! Entries with at least one hit are ranked by score (highest first), ties by entry id, and each
//! says which topics and keywords hit and for how many points. Same input, same order.
//!
//! **Instant answer** ([`PolicyLibrary::instant_answer`]): the guideline answers at once a
//! consultation "政策明确、能依据政策库作出答复的" (§二(二)2). The library reads "policy is clear"
//! as: the demand is a consultation, the best match has both a topic hit and a keyword hit (the
//! classification and the enterprise's own words agree), and no other entry has the same score
//! (two equally good answers are not a clear policy). Anything else is dispatched, and the
//! decision says why ([`AnswerReason`]) and lists the entries whose keywords the text contains but
//! that are not in force on the date (expired or not yet valid: the enterprise asked about them).
//!
//! ```
//! use jiesu_core::category::Category;
//! use jiesu_core::policy_library::{AnswerReason, Consultation, PolicyLibrary};
//!
//! let lib = PolicyLibrary::from_json(r#"{"entries": [
//!   {"id": "tax-rd", "title": "研发费用加计扣除", "topics": ["tax"],
//!    "keywords": ["研发费用", "加计扣除"], "answer": "按实际发生额的100%加计扣除。",
//!    "valid_from": "2023-01-01"}
//! ]}"#)?;
//! let c = Consultation::from_json(
//!     r#"{"topics": ["tax"], "text": "研发费用怎么加计扣除?", "date": "2026-03-02"}"#)?;
//! let hits = lib.match_consultation(&c);
//! assert_eq!(hits[0].score, 10 + 4 + 4);
//! let d = lib.instant_answer(Category::Consultation, &c);
//! assert!(d.answered);
//! assert_eq!(d.reason, AnswerReason::ClearMatch);
//! assert_eq!(d.entry.as_deref(), Some("tax-rd"));
//! # Ok::<(), jiesu_core::policy_library::PolicyLibraryError>(())
//! ```

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::category::Category;

/// Points for each of the consultation's topics that an entry lists.
pub const TOPIC_POINTS: u32 = 10;

/// Errors loading a policy library or reading a consultation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PolicyLibraryError {
    /// The text is not a policy library: bad JSON, an unknown field, or a value of the wrong type.
    #[error("invalid policy library JSON: {reason}")]
    InvalidJson {
        /// The parser's message.
        reason: String,
    },
    /// Two entries have the same id.
    #[error("policy library entry id {id:?} is used twice")]
    DuplicateId {
        /// The id.
        id: String,
    },
    /// A required text is empty (id, title, answer) or a topic or keyword is blank.
    #[error("policy library entry #{index} ({id:?}): {field} is empty")]
    EmptyField {
        /// 0-based position of the entry in the library.
        index: usize,
        /// The entry's id (may itself be the empty field).
        id: String,
        /// Which field: `id`, `title`, `answer`, `topics`, `keywords`.
        field: &'static str,
    },
    /// The entry has neither topics nor keywords, so no consultation can ever find it.
    #[error("policy library entry {id:?} has no topics and no keywords: it can never match")]
    Unmatchable {
        /// The entry's id.
        id: String,
    },
    /// `valid_from` is after `valid_to`.
    #[error("policy library entry {id:?} is valid from {valid_from} to {valid_to}: the span is reversed")]
    InvalidValidity {
        /// The entry's id.
        id: String,
        /// Its first valid day.
        valid_from: NaiveDate,
        /// Its last valid day.
        valid_to: NaiveDate,
    },
    /// The text is not a consultation (`{topics, text, date}`).
    #[error("invalid consultation: {reason}")]
    InvalidConsultation {
        /// The parser's message.
        reason: String,
    },
}

impl PolicyLibraryError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &[
        "policy_library_invalid_json",
        "policy_library_duplicate_id",
        "policy_library_empty_field",
        "policy_library_unmatchable",
        "policy_library_invalid_validity",
        "policy_library_invalid_consultation",
    ];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyLibraryError::InvalidJson { .. } => "policy_library_invalid_json",
            PolicyLibraryError::DuplicateId { .. } => "policy_library_duplicate_id",
            PolicyLibraryError::EmptyField { .. } => "policy_library_empty_field",
            PolicyLibraryError::Unmatchable { .. } => "policy_library_unmatchable",
            PolicyLibraryError::InvalidValidity { .. } => "policy_library_invalid_validity",
            PolicyLibraryError::InvalidConsultation { .. } => "policy_library_invalid_consultation",
        }
    }
}

/// One entry of the policy library (政策库条目).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyEntry {
    /// Unique id, e.g. `tax-rd-super-deduction`.
    pub id: String,
    /// Short title, e.g. `研发费用税前加计扣除`.
    pub title: String,
    /// Topic keys (shared with the dispatch directory), e.g. `tax`.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Keywords looked for in the consultation's text, e.g. `加计扣除`.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The answer given to the enterprise.
    pub answer: String,
    /// The policy document(s) it rests on (政策依据), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// First day in force (inclusive); none = always was.
    #[serde(default, deserialize_with = "crate::time::de_opt_date")]
    pub valid_from: Option<NaiveDate>,
    /// Last day in force (inclusive); none = open-ended.
    #[serde(default, deserialize_with = "crate::time::de_opt_date")]
    pub valid_to: Option<NaiveDate>,
}

/// Whether an entry is in force on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    /// `valid_from <= date <= valid_to`.
    InForce,
    /// The date is after `valid_to` (已失效).
    Expired,
    /// The date is before `valid_from` (尚未施行).
    NotYetValid,
}

impl PolicyEntry {
    /// Whether the entry is in force on `date` (both ends inclusive).
    pub fn validity_on(&self, date: NaiveDate) -> Validity {
        if self.valid_from.is_some_and(|f| date < f) {
            Validity::NotYetValid
        } else if self.valid_to.is_some_and(|t| date > t) {
            Validity::Expired
        } else {
            Validity::InForce
        }
    }
}

/// A consultation to match: its topics, the enterprise's own words and the intake date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    /// Topic keys the demand was classified under (order and duplicates do not matter).
    #[serde(default)]
    pub topics: Vec<String>,
    /// The demand in free Chinese text.
    #[serde(default)]
    pub text: String,
    /// The intake date: only entries in force on it are matched.
    #[serde(deserialize_with = "crate::time::de_date_or_instant")]
    pub date: NaiveDate,
}

impl Consultation {
    /// A consultation from its parts.
    pub fn new(topics: Vec<String>, text: impl Into<String>, date: NaiveDate) -> Consultation {
        Consultation {
            topics,
            text: text.into(),
            date,
        }
    }

    /// Reads a consultation from JSON: `{"topics": [..], "text": "..", "date": "YYYY-MM-DD"}`
    /// (`topics` and `text` optional, unknown fields rejected).
    pub fn from_json(text: &str) -> Result<Consultation, PolicyLibraryError> {
        crate::json::from_object(text)
            .map_err(|reason| PolicyLibraryError::InvalidConsultation { reason })
    }
}

/// What kind of evidence a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// One of the consultation's topics is one of the entry's topics.
    Topic,
    /// One of the entry's keywords is contained in the consultation's text.
    Keyword,
}

/// One reason an entry matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Topic or keyword.
    pub kind: HitKind,
    /// The topic key or the keyword, as the entry spells it.
    pub value: String,
    /// Points it adds: [`TOPIC_POINTS`] for a topic, the keyword's length in characters.
    pub points: u32,
}

/// An entry that matched a consultation, with its score and the reason for each point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyMatch {
    /// The entry's id.
    pub id: String,
    /// The entry's title.
    pub title: String,
    /// The sum of the hits' points.
    pub score: u32,
    /// Topic hits in the entry's topic order, then keyword hits in the entry's keyword order.
    pub hits: Vec<Hit>,
}

impl PolicyMatch {
    /// True when at least one hit is of `kind`.
    pub fn has(&self, kind: HitKind) -> bool {
        self.hits.iter().any(|h| h.kind == kind)
    }
}

/// An entry whose keywords the consultation's text contains but that is not in force on the
/// intake date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotInForce {
    /// The entry's id.
    pub id: String,
    /// The entry's title.
    pub title: String,
    /// `expired` or `not_yet_valid`.
    pub status: Validity,
    /// The entry's first valid day.
    pub valid_from: Option<NaiveDate>,
    /// The entry's last valid day.
    pub valid_to: Option<NaiveDate>,
}

/// Why a consultation was or was not answered at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerReason {
    /// Answered: the best match has a topic hit and a keyword hit and no other entry ties it.
    ClearMatch,
    /// Dispatched: the category is help, suggestion or complaint (never answered at once).
    NotConsultation,
    /// Dispatched: no entry in force on the date matches.
    NoMatch,
    /// Dispatched: the best match lacks a topic hit or a keyword hit.
    WeakMatch,
    /// Dispatched: two or more entries share the best score.
    TiedMatch,
}

/// The instant-answer decision (即时答复 or 派单) for a demand, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerDecision {
    /// True when answered at once; false when the demand must be dispatched.
    pub answered: bool,
    /// Why.
    pub reason: AnswerReason,
    /// The entry that answers it (when answered).
    pub entry: Option<String>,
    /// The answer text (when answered).
    pub answer: Option<String>,
    /// Every entry in force that matched, ranked (also for dispatched demands, as a reference).
    pub matches: Vec<PolicyMatch>,
    /// Entries not in force on the date whose keywords the text contains (the enterprise asked
    /// about an expired or future policy), by id.
    pub not_in_force: Vec<NotInForce>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LibraryFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    entries: Vec<PolicyEntry>,
}

/// A checked policy library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyLibrary {
    name: Option<String>,
    version: Option<String>,
    entries: Vec<PolicyEntry>,
}

impl PolicyLibrary {
    /// Loads a library from JSON text:
    /// `{"name"?: "..", "version"?: "..", "entries": [{id, title, topics, keywords, answer,
    /// source?, valid_from?, valid_to?}, ..]}` (unknown fields rejected), then checks it.
    pub fn from_json(text: &str) -> Result<PolicyLibrary, PolicyLibraryError> {
        let file: LibraryFile = crate::json::from_object(text)
            .map_err(|reason| PolicyLibraryError::InvalidJson { reason })?;
        let mut lib = PolicyLibrary::new(file.entries)?;
        lib.name = file.name;
        lib.version = file.version;
        Ok(lib)
    }

    /// A library from entries built in code, checked as [`from_json`](Self::from_json) does.
    pub fn new(entries: Vec<PolicyEntry>) -> Result<PolicyLibrary, PolicyLibraryError> {
        let mut seen = HashSet::new();
        for (index, e) in entries.iter().enumerate() {
            let empty = |field| PolicyLibraryError::EmptyField {
                index,
                id: e.id.clone(),
                field,
            };
            if e.id.trim().is_empty() {
                return Err(empty("id"));
            }
            if !seen.insert(e.id.as_str()) {
                return Err(PolicyLibraryError::DuplicateId { id: e.id.clone() });
            }
            if e.title.trim().is_empty() {
                return Err(empty("title"));
            }
            if e.answer.trim().is_empty() {
                return Err(empty("answer"));
            }
            if e.topics.iter().any(|t| t.trim().is_empty()) {
                return Err(empty("topics"));
            }
            if e.keywords.iter().any(|k| k.trim().is_empty()) {
                return Err(empty("keywords"));
            }
            if e.topics.is_empty() && e.keywords.is_empty() {
                return Err(PolicyLibraryError::Unmatchable { id: e.id.clone() });
            }
            if let (Some(valid_from), Some(valid_to)) = (e.valid_from, e.valid_to) {
                if valid_from > valid_to {
                    return Err(PolicyLibraryError::InvalidValidity {
                        id: e.id.clone(),
                        valid_from,
                        valid_to,
                    });
                }
            }
        }
        Ok(PolicyLibrary {
            name: None,
            version: None,
            entries,
        })
    }

    /// The library's name, if the JSON gave one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The library's version, if the JSON gave one.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The entries, in the order given.
    pub fn entries(&self) -> &[PolicyEntry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&PolicyEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entries in force on `date`, in the order given.
    pub fn in_force(&self, date: NaiveDate) -> Vec<&PolicyEntry> {
        self.entries
            .iter()
            .filter(|e| e.validity_on(date) == Validity::InForce)
            .collect()
    }

    /// The entries in force on the consultation's date that it hits, ranked by score (highest
    /// first), ties by entry id; each with the reason for every point (`match` in Python/JS
    /// vectors; the method is `match_consultation` in every language).
    pub fn match_consultation(&self, consultation: &Consultation) -> Vec<PolicyMatch> {
        self.scan(consultation).0
    }

    /// Instant-answer decisions for many demands at once (a platform's nightly job), in order.
    pub fn instant_answer_many(&self, demands: &[(Category, Consultation)]) -> Vec<AnswerDecision> {
        demands
            .iter()
            .map(|(category, consultation)| self.instant_answer(*category, consultation))
            .collect()
    }

    /// The instant-answer decision for a demand of `category` (rules §2): answered at once from
    /// the library, or dispatched, and why. See the module docs for what "clear" means.
    pub fn instant_answer(
        &self,
        category: Category,
        consultation: &Consultation,
    ) -> AnswerDecision {
        let (matches, not_in_force) = self.scan(consultation);
        let reason = match (category, matches.as_slice()) {
            (Category::Help | Category::Suggestion | Category::Complaint, _) => {
                AnswerReason::NotConsultation
            }
            (Category::Consultation, []) => AnswerReason::NoMatch,
            (Category::Consultation, [best, rest @ ..]) => {
                if !(best.has(HitKind::Topic) && best.has(HitKind::Keyword)) {
                    AnswerReason::WeakMatch
                } else if rest.first().is_some_and(|m| m.score == best.score) {
                    AnswerReason::TiedMatch
                } else {
                    AnswerReason::ClearMatch
                }
            }
        };
        let answered = reason == AnswerReason::ClearMatch;
        let entry = matches.first().filter(|_| answered).map(|m| m.id.clone());
        let answer = entry
            .as_deref()
            .and_then(|id| self.entry(id))
            .map(|e| e.answer.clone());
        AnswerDecision {
            answered,
            reason,
            entry,
            answer,
            matches,
            not_in_force,
        }
    }

    /// Scores every entry: the ranked matches in force, and the hits not in force (by id).
    fn scan(&self, c: &Consultation) -> (Vec<PolicyMatch>, Vec<NotInForce>) {
        let topics: BTreeSet<&str> = c.topics.iter().map(String::as_str).collect();
        let text = c.text.to_ascii_lowercase();
        let mut matches = Vec::new();
        let mut not_in_force = Vec::new();
        for e in &self.entries {
            let mut hits = Vec::new();
            let mut seen_topics = HashSet::new();
            for t in &e.topics {
                if topics.contains(t.as_str()) && seen_topics.insert(t.as_str()) {
                    hits.push(Hit {
                        kind: HitKind::Topic,
                        value: t.clone(),
                        points: TOPIC_POINTS,
                    });
                }
            }
            let mut seen_keywords = HashSet::new();
            for k in &e.keywords {
                if text.contains(&k.to_ascii_lowercase()) && seen_keywords.insert(k.as_str()) {
                    hits.push(Hit {
                        kind: HitKind::Keyword,
                        value: k.clone(),
                        points: u32::try_from(k.chars().count()).unwrap_or(u32::MAX),
                    });
                }
            }
            if hits.is_empty() {
                continue;
            }
            match e.validity_on(c.date) {
                Validity::InForce => matches.push(PolicyMatch {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    score: hits.iter().fold(0u32, |s, h| s.saturating_add(h.points)),
                    hits,
                }),
                // Reported only when the enterprise's own words point at it (a keyword hit).
                _ if seen_keywords.is_empty() => {}
                status => not_in_force.push(NotInForce {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    status,
                    valid_from: e.valid_from,
                    valid_to: e.valid_to,
                }),
            }
        }
        matches.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        not_in_force.sort_by(|a, b| a.id.cmp(&b.id));
        (matches, not_in_force)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn lib() -> PolicyLibrary {
        PolicyLibrary::from_json(
            r#"{"entries": [
              {"id": "b", "title": "B", "topics": ["tax"], "keywords": ["退税"], "answer": "b"},
              {"id": "a", "title": "A", "topics": ["tax"], "keywords": ["退税"], "answer": "a"},
              {"id": "old", "title": "Old", "topics": ["tax"], "keywords": ["退税"], "answer": "o",
               "valid_to": "2020-12-31"},
              {"id": "kw", "title": "K", "keywords": ["ETC"], "answer": "k"}
            ]}"#,
        )
        .unwrap()
    }

    fn c(topics: &[&str], text: &str) -> Consultation {
        Consultation::new(
            topics.iter().map(|s| (*s).to_owned()).collect(),
            text,
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        )
    }

    #[test]
    fn ties_by_id_and_tied_decision() {
        let l = lib();
        let m = l.match_consultation(&c(&["tax", "tax"], "退税"));
        let ids: Vec<_> = m.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(m[0].score, 12);
        let d = l.instant_answer(Category::Consultation, &c(&["tax"], "退税"));
        assert_eq!(d.reason, AnswerReason::TiedMatch);
        assert!(!d.answered);
        assert_eq!(d.not_in_force.len(), 1);
        assert_eq!(d.not_in_force[0].status, Validity::Expired);
    }

    #[test]
    fn ascii_case_and_weak() {
        let l = lib();
        let d = l.instant_answer(Category::Consultation, &c(&[], "etc 通行"));
        assert_eq!(d.reason, AnswerReason::WeakMatch);
        assert_eq!(d.matches[0].id, "kw");
        let d = l.instant_answer(Category::Help, &c(&[], "etc"));
        assert_eq!(d.reason, AnswerReason::NotConsultation);
        let d = l.instant_answer(Category::Consultation, &c(&["land"], "供地"));
        assert_eq!(d.reason, AnswerReason::NoMatch);
    }

    #[test]
    fn load_errors() {
        let code = |t: &str| PolicyLibrary::from_json(t).unwrap_err().code();
        assert_eq!(code("[]"), "policy_library_invalid_json");
        assert_eq!(
            code(r#"{"entries": [{"id": "x", "title": "t", "answer": "a"}]}"#),
            "policy_library_unmatchable"
        );
        assert_eq!(
            code(r#"{"entries": [{"id": "x", "title": "t", "keywords": [" "], "answer": "a"}]}"#),
            "policy_library_empty_field"
        );
    }
}
