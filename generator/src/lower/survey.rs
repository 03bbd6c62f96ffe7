//! What a first lowering pass learns about the inline schemas that need names, so that the
//! second pass names a schema used in several places from all of them, not from whichever
//! comes first: the owners' families (the most common one prefixes a one-word property's
//! type) and the settings names given to any of its occurrences.

use std::collections::{BTreeMap, HashMap};

use crate::pointer::Pointer;

/// Occurrences of inline schemas, by structural key.
#[derive(Debug, Default)]
pub(super) struct Survey {
    families: HashMap<String, Vec<String>>,
    names: HashMap<String, BTreeMap<String, Pointer>>,
}

impl Survey {
    /// Records an occurrence of `key` under an owner of `family`.
    pub(super) fn family_seen(&mut self, key: &str, family: String) {
        self.families.entry(key.to_owned()).or_default().push(family);
    }

    /// Records that the settings name the occurrence of `key` at `pointer`.
    pub(super) fn name_seen(&mut self, key: &str, name: &str, pointer: &Pointer) {
        self.names.entry(key.to_owned()).or_default().entry(name.to_owned()).or_insert_with(|| pointer.clone());
    }

    /// The family a schema's type is named after: the one most of its occurrences are in;
    /// on a tie, the one with the shorter name, then the first in alphabetical order.
    pub(super) fn family(&self, key: &str) -> Option<&str> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for family in self.families.get(key)? {
            *counts.entry(family).or_default() += 1;
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0)))
            .map(|(f, _)| f)
    }

    /// The settings names given to occurrences of `key`, each with the first pointer.
    pub(super) fn names(&self, key: &str) -> Option<&BTreeMap<String, Pointer>> {
        self.names.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::Survey;

    #[test]
    fn the_most_common_family_wins_whatever_the_order() {
        let mut survey = Survey::default();
        for family in ["Aardvark", "RoleBinding", "RoleBinding", "Zebra"] {
            survey.family_seen("k", family.to_owned());
        }
        assert_eq!(survey.family("k"), Some("RoleBinding"));
        let mut tie = Survey::default();
        for family in ["ServiceAccount", "ApiKey"] {
            tie.family_seen("k", family.to_owned());
        }
        assert_eq!(tie.family("k"), Some("ApiKey"), "shorter first");
        assert_eq!(tie.family("other"), None);
    }
}
