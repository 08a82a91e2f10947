//! Demand categories (诉求分类), rules §2 (guideline §二(二)2 精准派单).
//!
//! | category | key | handling |
//! |---|---|---|
//! | 咨询类 consultation | `consultation` | answered **at once** from the policy library when the policy is clear; otherwise dispatched like the others |
//! | 求助类 help request | `help` | dispatched (精准派单) |
//! | 建议类 suggestion | `suggestion` | dispatched |
//! | 投诉类 complaint | `complaint` | dispatched |
//!
//! Whether a given consultation *is* answered at once is decided by
//! [`PolicyLibrary::instant_answer`](crate::policy_library::PolicyLibrary::instant_answer);
//! where a dispatched demand goes is decided by
//! [`Directory::route`](crate::directory::Directory::route).
//!
//! ```
//! use jiesu_core::category::{Category, Handling};
//!
//! let c: Category = "投诉类".parse()?;
//! assert_eq!(c, Category::Complaint);
//! assert_eq!(c.key(), "complaint");
//! assert_eq!(c.handling(), Handling::Dispatch);
//! assert_eq!(Category::Consultation.handling(), Handling::InstantAnswer);
//! # Ok::<(), jiesu_core::category::CategoryError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Errors of the category module.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum CategoryError {
    /// The text names none of the four categories (by key, Chinese label or short label).
    #[error("unknown demand category {text:?}: expected consultation, help, suggestion or complaint (咨询类, 求助类, 建议类, 投诉类)")]
    Unknown {
        /// The text given.
        text: String,
    },
}

impl CategoryError {
    /// Every code of this module.
    pub const CODES: &'static [&'static str] = &["category_unknown"];

    /// The stable `snake_case` code.
    pub fn code(&self) -> &'static str {
        match self {
            CategoryError::Unknown { .. } => "category_unknown",
        }
    }
}

/// The four demand categories of the guideline (§二(二)2). Written as its key; read from its
/// key, its Chinese label or the short label wherever a category is read (one vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 咨询类: a question; answered at once from the policy library when the policy is clear.
    Consultation,
    /// 求助类: a request for help; dispatched.
    Help,
    /// 建议类: a suggestion; dispatched.
    Suggestion,
    /// 投诉类: a complaint; dispatched.
    Complaint,
}

/// How a category is handled (rules §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Handling {
    /// Answered at once (即时答复) from the policy library when an entry answers it clearly; a
    /// consultation the library cannot answer is dispatched like the other categories.
    InstantAnswer,
    /// Dispatched to units through the dispatch directory (精准派单).
    Dispatch,
}

/// A category with its key, labels and handling, as listed by [`categories`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryInfo {
    /// The category (serialised as its key, e.g. `"consultation"`).
    pub key: Category,
    /// The guideline's label, e.g. `咨询类`.
    pub label_zh: String,
    /// An English label, e.g. `consultation`.
    pub label_en: String,
    /// Answered at once or dispatched.
    pub handling: Handling,
}

impl Category {
    /// The four categories in the guideline's order.
    pub const ALL: [Category; 4] = [
        Category::Consultation,
        Category::Help,
        Category::Suggestion,
        Category::Complaint,
    ];

    /// The stable key (`consultation`, `help`, `suggestion`, `complaint`).
    pub fn key(self) -> &'static str {
        match self {
            Category::Consultation => "consultation",
            Category::Help => "help",
            Category::Suggestion => "suggestion",
            Category::Complaint => "complaint",
        }
    }

    /// The guideline's Chinese label (`咨询类`, `求助类`, `建议类`, `投诉类`).
    pub fn label_zh(self) -> &'static str {
        match self {
            Category::Consultation => "咨询类",
            Category::Help => "求助类",
            Category::Suggestion => "建议类",
            Category::Complaint => "投诉类",
        }
    }

    /// An English label (`consultation`, `help request`, `suggestion`, `complaint`).
    pub fn label_en(self) -> &'static str {
        match self {
            Category::Consultation => "consultation",
            Category::Help => "help request",
            Category::Suggestion => "suggestion",
            Category::Complaint => "complaint",
        }
    }

    /// How the category is handled: consultations may be answered at once, the rest are
    /// dispatched.
    pub fn handling(self) -> Handling {
        match self {
            Category::Consultation => Handling::InstantAnswer,
            Category::Help | Category::Suggestion | Category::Complaint => Handling::Dispatch,
        }
    }

    /// True for the categories that are always dispatched (help, suggestion, complaint).
    pub fn is_dispatched(self) -> bool {
        self.handling() == Handling::Dispatch
    }

    /// The category with its labels and handling.
    pub fn info(self) -> CategoryInfo {
        CategoryInfo {
            key: self,
            label_zh: self.label_zh().to_owned(),
            label_en: self.label_en().to_owned(),
            handling: self.handling(),
        }
    }

    /// Reads a category from its key (ASCII case-insensitive), its Chinese label (`咨询类`) or
    /// the short label (`咨询`); surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Category, CategoryError> {
        let t = text.trim();
        Category::ALL
            .into_iter()
            .find(|c| {
                t.eq_ignore_ascii_case(c.key())
                    || t == c.label_zh()
                    || c.label_zh().strip_suffix('类') == Some(t)
            })
            .ok_or_else(|| CategoryError::Unknown {
                text: text.to_owned(),
            })
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(d)?;
        Category::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Category {
    type Err = CategoryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::parse(s)
    }
}

/// The four categories with their labels and handling, in the guideline's order.
pub fn categories() -> Vec<CategoryInfo> {
    Category::ALL.into_iter().map(Category::info).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn parse_every_form() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.key()).unwrap(), c);
            assert_eq!(Category::parse(c.label_zh()).unwrap(), c);
            assert_eq!(Category::parse(&c.key().to_uppercase()).unwrap(), c);
        }
        assert_eq!(Category::parse(" 求助 ").unwrap(), Category::Help);
        assert_eq!(
            Category::parse("类").unwrap_err().code(),
            "category_unknown"
        );
        assert_eq!(Category::parse("").unwrap_err().code(), "category_unknown");
    }

    #[test]
    fn serde_keys() {
        let j = serde_json::to_string(&Category::Complaint).unwrap();
        assert_eq!(j, "\"complaint\"");
        let info = serde_json::to_value(Category::Consultation.info()).unwrap();
        assert_eq!(info["handling"], "instant_answer");
    }
}
