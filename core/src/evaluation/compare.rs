//! The what-if (rules §7): the same stream evaluated under two policies, side by side — which
//! units change colour, score or rank, and why.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Evaluation, Period, UnitEvaluation};
use crate::card::Colour;
use crate::policy::Policy;

/// A knob whose value differs between two policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnobChange {
    /// The knob's path (`consecutive`, `evaluation.deductions.yellow_card`, …).
    pub knob: String,
    /// Its value in the base policy (JSON).
    pub before: serde_json::Value,
    /// Its value in the other policy (JSON).
    pub after: serde_json::Value,
}

/// A unit's colour, score and rank under one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standing {
    /// Colour at the period's end.
    pub colour: Colour,
    /// Score.
    pub score: Option<String>,
    /// Rank in its group.
    pub rank: Option<usize>,
}

/// A unit whose colour, score or rank differs under the other policy, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitChange {
    /// The unit.
    pub unit: String,
    /// Its name.
    pub name: Option<String>,
    /// Under the base policy.
    pub before: Standing,
    /// Under the other policy.
    pub after: Standing,
    /// What changed: `colour`, `score`, `rank`.
    pub changed: Vec<String>,
    /// Why: each count or rate that differs, as `name: before → after`.
    pub why: Vec<String>,
}

/// The same stream evaluated under two policies, side by side (the what-if).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// The period.
    pub period: Period,
    /// The base policy's name.
    pub base_policy: String,
    /// The other policy's name.
    pub other_policy: String,
    /// The knobs that differ.
    pub knobs: Vec<KnobChange>,
    /// Units whose colour, score or rank changes.
    pub changes: Vec<UnitChange>,
    /// Units that do not change.
    pub unchanged: usize,
    /// The evaluation under the base policy.
    pub base: Evaluation,
    /// The evaluation under the other policy.
    pub other: Evaluation,
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeMap<String, serde_json::Value>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, x, out);
            }
        }
        other => {
            out.insert(prefix.to_owned(), other.clone());
        }
    }
}

/// The knobs that differ between two policies (the name excluded).
pub fn knob_changes(base: &Policy, other: &Policy) -> Vec<KnobChange> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten("", &serde_json::to_value(base).unwrap_or_default(), &mut a);
    flatten("", &serde_json::to_value(other).unwrap_or_default(), &mut b);
    a.into_iter()
        .filter(|(k, _)| k != "name")
        .filter_map(|(knob, before)| {
            let after = b.get(&knob).cloned().unwrap_or_default();
            (before != after).then_some(KnobChange {
                knob,
                before,
                after,
            })
        })
        .collect()
}

/// The knobs that change what the fold derives (clocks, limits, who is carded): a stream folded
/// under one policy cannot be re-evaluated under another that differs in these.
pub fn fold_knobs(changes: &[KnobChange]) -> Vec<String> {
    changes
        .iter()
        .map(|c| c.knob.clone())
        .filter(|k| {
            !matches!(k.as_str(), "consecutive" | "reset_yearly") && !k.starts_with("evaluation.")
        })
        .collect()
}

fn count_diffs(a: &UnitEvaluation, b: &UnitEvaluation) -> Vec<String> {
    let (mut x, mut y) = (BTreeMap::new(), BTreeMap::new());
    flatten(
        "",
        &serde_json::to_value(a.counts).unwrap_or_default(),
        &mut x,
    );
    flatten(
        "",
        &serde_json::to_value(&a.rates).unwrap_or_default(),
        &mut x,
    );
    flatten(
        "",
        &serde_json::to_value(b.counts).unwrap_or_default(),
        &mut y,
    );
    flatten(
        "",
        &serde_json::to_value(&b.rates).unwrap_or_default(),
        &mut y,
    );
    x.into_iter()
        .filter_map(|(k, before)| {
            let after = y.get(&k).cloned().unwrap_or_default();
            (before != after).then(|| format!("{k}: {before} → {after}"))
        })
        .collect()
}

/// Compares two evaluations of the same stream and period under two policies: the knobs that
/// differ, and every unit whose colour, score or rank changes, with the counts behind it.
pub fn compare(
    base: Evaluation,
    other: Evaluation,
    base_policy: &Policy,
    other_policy: &Policy,
) -> Comparison {
    let mut units_changed = Vec::new();
    let mut unchanged = 0;
    for a in &base.units {
        let Some(b) = other.units.iter().find(|u| u.unit == a.unit) else {
            continue;
        };
        let standing = |u: &UnitEvaluation| Standing {
            colour: u.colour,
            score: u.score.clone(),
            rank: u.rank,
        };
        let mut changed = Vec::new();
        if a.colour != b.colour {
            changed.push("colour".to_owned());
        }
        if a.score != b.score {
            changed.push("score".to_owned());
        }
        if a.rank != b.rank {
            changed.push("rank".to_owned());
        }
        if changed.is_empty() {
            unchanged += 1;
            continue;
        }
        let mut why = count_diffs(a, b);
        if a.colour != b.colour {
            why.push(format!(
                "colour at the period's end: {} → {} (the cards' reading of `consecutive`/`reset_yearly`, or the cards themselves)",
                a.colour.label_zh(),
                b.colour.label_zh()
            ));
        }
        match (a.rank, b.rank) {
            (Some(_), None) => why.push("no longer ranked (min_ranked_cases)".to_owned()),
            (None, Some(_)) => why.push("now ranked (min_ranked_cases)".to_owned()),
            (Some(x), Some(y)) if x != y && a.score == b.score => {
                why.push("rank: other units of its group moved".to_owned());
            }
            _ => {}
        }
        if a.score_parts != b.score_parts {
            why.push(format!(
                "score parts: base {} − yellow {} − red {} − false feedback {} → base {} − yellow {} − red {} − false feedback {}",
                a.score_parts.base.as_deref().unwrap_or("—"),
                a.score_parts.yellow_deduction,
                a.score_parts.red_deduction,
                a.score_parts.false_feedback_deduction,
                b.score_parts.base.as_deref().unwrap_or("—"),
                b.score_parts.yellow_deduction,
                b.score_parts.red_deduction,
                b.score_parts.false_feedback_deduction
            ));
        }
        units_changed.push(UnitChange {
            unit: a.unit.clone(),
            name: a.name.clone(),
            before: standing(a),
            after: standing(b),
            changed,
            why,
        });
    }
    Comparison {
        period: base.period.clone(),
        base_policy: base_policy.name.clone(),
        other_policy: other_policy.name.clone(),
        knobs: knob_changes(base_policy, other_policy),
        changes: units_changed,
        unchanged,
        base,
        other,
    }
}
