//! The register of enterprises and projects (问题征询名册) and the city leaders (市政府领导) with
//! their field-day quotas (rules §8): the two JSON files the checks read.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{DutiesError, MAX_QUOTA, OTHER_QUOTA, PRINCIPAL_QUOTA};
use crate::directory::Directory;

/// What a register entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseKind {
    /// 企业: an enterprise (含已签约即将落地企业).
    #[serde(alias = "企业")]
    Enterprise,
    /// 项目: a project under construction.
    #[serde(alias = "项目")]
    Project,
}

impl EnterpriseKind {
    /// The Chinese label (企业, 项目).
    pub fn label_zh(self) -> &'static str {
        match self {
            EnterpriseKind::Enterprise => "企业",
            EnterpriseKind::Project => "项目",
        }
    }
}

/// An enterprise or project on a territory's register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredEnterprise {
    /// Unique id, as the collection log names it.
    pub id: String,
    /// Its name (企业名称 / 项目名称).
    pub name: String,
    /// The territory (属地) that consults it: a town/street or the development zone.
    pub territory: String,
    /// `enterprise` or `project`.
    pub kind: EnterpriseKind,
}

/// The register of enterprises and projects each territory consults weekly (问题征询名册).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Register {
    name: Option<String>,
    version: Option<String>,
    enterprises: Vec<RegisteredEnterprise>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    enterprises: Vec<RegisteredEnterprise>,
}

impl Register {
    /// Reads a register: `{"name"?, "version"?, "enterprises": [{"id", "name", "territory",
    /// "kind"}]}` (`kind`: `enterprise` or `project`, or 企业 / 项目). Unknown fields, empty ids,
    /// names or territories are `duties_invalid_register`; a repeated id is
    /// `duties_duplicate_enterprise`.
    pub fn from_json(text: &str) -> Result<Register, DutiesError> {
        let file: RegisterFile = crate::json::from_object(text)
            .map_err(|reason| DutiesError::InvalidRegister { reason })?;
        let mut seen = HashSet::new();
        for (i, e) in file.enterprises.iter().enumerate() {
            for (field, value) in [
                ("id", &e.id),
                ("name", &e.name),
                ("territory", &e.territory),
            ] {
                if value.trim().is_empty() {
                    return Err(DutiesError::InvalidRegister {
                        reason: format!("enterprises[{i}].{field} is empty"),
                    });
                }
            }
            if !seen.insert(e.id.as_str()) {
                return Err(DutiesError::DuplicateEnterprise { id: e.id.clone() });
            }
        }
        Ok(Register {
            name: file.name,
            version: file.version,
            enterprises: file.enterprises,
        })
    }

    /// The enterprises and projects, in the register's order.
    pub fn enterprises(&self) -> &[RegisteredEnterprise] {
        &self.enterprises
    }

    /// Checks every enterprise's territory against the dispatch directory: it must be a unit of
    /// kind `territory` or `development_zone` (`duties_unknown_territory` names the first that is
    /// not).
    pub fn check_territories(&self, directory: &Directory) -> Result<(), DutiesError> {
        for e in &self.enterprises {
            if !directory
                .unit(&e.territory)
                .is_some_and(|u| u.kind.is_territory())
            {
                return Err(DutiesError::UnknownTerritory {
                    enterprise: e.id.clone(),
                    territory: e.territory.clone(),
                });
            }
        }
        Ok(())
    }

    /// The territories in order of first appearance, each with its enterprises in register order.
    pub(super) fn by_territory(&self) -> Vec<(&str, Vec<&RegisteredEnterprise>)> {
        let mut out: Vec<(&str, Vec<&RegisteredEnterprise>)> = Vec::new();
        for e in &self.enterprises {
            match out.iter_mut().find(|(t, _)| *t == e.territory) {
                Some((_, list)) => list.push(e),
                None => out.push((e.territory.as_str(), vec![e])),
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// The leaders (市政府领导)

/// A city leader who owes field days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    /// Unique id, as the field-day log names it.
    pub id: String,
    /// Name and post (e.g. `张某某 市长`).
    pub name: String,
    /// True for the city's principal leader (市政府主要领导); at most one leader is.
    pub principal: bool,
    /// This leader's own monthly quota, overriding the file's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<u32>,
}

/// The city leaders and their monthly field-day quotas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leaders {
    name: Option<String>,
    version: Option<String>,
    principal_quota: u32,
    other_quota: u32,
    #[serde(rename = "leaders")]
    list: Vec<Leader>,
}

fn default_principal_quota() -> u32 {
    PRINCIPAL_QUOTA
}

fn default_other_quota() -> u32 {
    OTHER_QUOTA
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeadersFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default = "default_principal_quota")]
    principal_quota: u32,
    #[serde(default = "default_other_quota")]
    other_quota: u32,
    leaders: Vec<Leader>,
}

impl Leaders {
    /// Reads a leaders file: `{"name"?, "version"?, "principal_quota"? (default 1),
    /// "other_quota"? (default 2), "leaders": [{"id", "name", "principal", "quota"?}]}`.
    /// Unknown fields, empty ids or names, two principal leaders or a quota above 31 are
    /// `duties_invalid_leaders`; a repeated id is `duties_duplicate_leader`.
    pub fn from_json(text: &str) -> Result<Leaders, DutiesError> {
        let file: LeadersFile = crate::json::from_object(text)
            .map_err(|reason| DutiesError::InvalidLeaders { reason })?;
        let too_big = |what: &str, q: u32| -> Result<(), DutiesError> {
            if q > MAX_QUOTA {
                return Err(DutiesError::InvalidLeaders {
                    reason: format!("{what} is {q}: a month has at most {MAX_QUOTA} days"),
                });
            }
            Ok(())
        };
        too_big("principal_quota", file.principal_quota)?;
        too_big("other_quota", file.other_quota)?;
        let mut seen = HashSet::new();
        let mut principal: Option<&str> = None;
        for (i, l) in file.leaders.iter().enumerate() {
            for (field, value) in [("id", &l.id), ("name", &l.name)] {
                if value.trim().is_empty() {
                    return Err(DutiesError::InvalidLeaders {
                        reason: format!("leaders[{i}].{field} is empty"),
                    });
                }
            }
            if let Some(q) = l.quota {
                too_big(&format!("leaders[{i}].quota"), q)?;
            }
            if !seen.insert(l.id.as_str()) {
                return Err(DutiesError::DuplicateLeader { id: l.id.clone() });
            }
            if l.principal {
                if let Some(first) = principal {
                    return Err(DutiesError::InvalidLeaders {
                        reason: format!(
                            "two principal leaders ({first:?} and {:?}): the city has one 市政府主要领导",
                            l.id
                        ),
                    });
                }
                principal = Some(l.id.as_str());
            }
        }
        Ok(Leaders {
            name: file.name,
            version: file.version,
            principal_quota: file.principal_quota,
            other_quota: file.other_quota,
            list: file.leaders,
        })
    }

    /// The leaders, in the file's order.
    pub fn leaders(&self) -> &[Leader] {
        &self.list
    }

    /// A leader's monthly quota: their own `quota`, else the file's `principal_quota` or
    /// `other_quota`; none for an id not on the list.
    pub fn quota(&self, id: &str) -> Option<u32> {
        self.list
            .iter()
            .find(|l| l.id == id)
            .map(|l| self.quota_of(l))
    }

    pub(super) fn quota_of(&self, l: &Leader) -> u32 {
        l.quota.unwrap_or(if l.principal {
            self.principal_quota
        } else {
            self.other_quota
        })
    }
}
