//! A list of records with its lookups built once: id to index, and the
//! records of each group (a team's people, a domain's teams).
//!
//! Every per-shift and per-team path of rota looks records up by id or by
//! group; a linear search there makes a 50,000-person organisation
//! quadratic. The lookups live beside the records and the records can only
//! be changed through [`Records::edit`], which rebuilds them when an id or a
//! group changed, so they cannot go stale.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// A record with an id, and optionally the group it belongs to.
pub trait Keyed {
    fn key(&self) -> &str;
    /// The index of the record's group (a team, a domain), if it has one.
    fn group(&self) -> Option<usize> {
        None
    }
}

/// Records in file order, with their id and group lookups. Reads like a
/// slice (`records[i]`, `records.iter()`, `records.len()`); changes go
/// through [`Records::edit`]:
///
/// ```
/// use rota_core::org::{Domain, Records};
/// let mut domains = Records::new(vec![Domain { id: "a".into(), name: "A".into() }]);
/// domains.edit(0).id = "b".into();
/// assert_eq!(domains.index_of("b"), Some(0));
/// ```
///
/// and through nothing else, so no lookup can go stale:
///
/// ```compile_fail
/// use rota_core::org::{Domain, Records};
/// let mut domains = Records::new(vec![Domain { id: "a".into(), name: "A".into() }]);
/// domains[0].id = "b".into();
/// ```
#[derive(Clone)]
pub struct Records<T> {
    items: Vec<T>,
    /// Shared between clones (the TUI keeps one per undo step) until an
    /// edit changes a key and builds new ones.
    lookups: Arc<Lookups>,
}

#[derive(Default)]
struct Lookups {
    ids: HashMap<String, usize>,
    /// `groups[g]`: the indices of group `g`'s records, ascending.
    groups: Vec<Vec<usize>>,
}

impl<T: Keyed> Records<T> {
    /// The records, with their lookups. When two records share an id the
    /// first wins, as a linear search would find it.
    pub fn new(items: Vec<T>) -> Records<T> {
        let mut records = Records {
            items,
            lookups: Arc::default(),
        };
        records.reindex();
        records
    }

    fn reindex(&mut self) {
        let mut l = Lookups {
            ids: HashMap::with_capacity(self.items.len()),
            groups: Vec::new(),
        };
        for (i, item) in self.items.iter().enumerate() {
            l.ids.entry(item.key().to_string()).or_insert(i);
            if let Some(g) = item.group() {
                if l.groups.len() <= g {
                    l.groups.resize_with(g + 1, Vec::new);
                }
                l.groups[g].push(i);
            }
        }
        self.lookups = Arc::new(l);
    }

    /// The index of the record with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.lookups.ids.get(id).copied()
    }

    /// The record with this id.
    pub fn by_id(&self, id: &str) -> Option<&T> {
        self.index_of(id).map(|i| &self.items[i])
    }

    /// The indices of a group's records, in file order.
    pub fn in_group(&self, group: usize) -> &[usize] {
        self.lookups.groups.get(group).map_or(&[], Vec::as_slice)
    }

    /// Changes one record in place. The lookups are rebuilt when the edit
    /// changed its id or its group, when the returned guard is dropped.
    ///
    /// # Panics
    /// When `i` is out of range, as indexing would.
    pub fn edit(&mut self, i: usize) -> RecordMut<'_, T> {
        let item = &self.items[i];
        let before = (item.key().to_string(), item.group());
        RecordMut {
            records: self,
            i,
            before,
        }
    }

    /// Changes every record in place, then rebuilds the lookups.
    pub fn edit_all(&mut self, f: impl FnMut(&mut T)) {
        self.items.iter_mut().for_each(f);
        self.reindex();
    }

    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<T: Keyed> Default for Records<T> {
    fn default() -> Self {
        Records::new(Vec::new())
    }
}

impl<T: Keyed> From<Vec<T>> for Records<T> {
    fn from(items: Vec<T>) -> Self {
        Records::new(items)
    }
}

impl<T: Keyed> FromIterator<T> for Records<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Records::new(iter.into_iter().collect())
    }
}

impl<T> Deref for Records<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<'a, T> IntoIterator for &'a Records<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// The lookups follow from the records: two lists are equal when their
/// records are.
impl<T: PartialEq> PartialEq for Records<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.items.fmt(f)
    }
}

/// One record being edited; see [`Records::edit`].
pub struct RecordMut<'a, T: Keyed> {
    records: &'a mut Records<T>,
    i: usize,
    before: (String, Option<usize>),
}

impl<T: Keyed> Deref for RecordMut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.records.items[self.i]
    }
}

impl<T: Keyed> DerefMut for RecordMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.records.items[self.i]
    }
}

impl<T: Keyed> Drop for RecordMut<'_, T> {
    fn drop(&mut self) {
        let item = &self.records.items[self.i];
        if item.key() != self.before.0 || item.group() != self.before.1 {
            self.records.reindex();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Rec {
        id: String,
        group: usize,
        note: u32,
    }

    impl Keyed for Rec {
        fn key(&self) -> &str {
            &self.id
        }
        fn group(&self) -> Option<usize> {
            Some(self.group)
        }
    }

    fn rec(id: &str, group: usize) -> Rec {
        Rec {
            id: id.into(),
            group,
            note: 0,
        }
    }

    fn records() -> Records<Rec> {
        Records::new(vec![rec("a", 0), rec("b", 2), rec("c", 0)])
    }

    #[test]
    fn lookups_match_a_linear_search() {
        let r = records();
        for (i, x) in r.iter().enumerate() {
            assert_eq!(r.index_of(&x.id), Some(i));
        }
        assert_eq!(r.index_of("z"), None);
        assert_eq!(r.in_group(0), &[0, 2]);
        assert_eq!(r.in_group(1), &[] as &[usize]);
        assert_eq!(r.in_group(2), &[1]);
        assert_eq!(r.in_group(99), &[] as &[usize]);
    }

    #[test]
    fn the_first_of_a_duplicate_id_wins() {
        let r = Records::new(vec![rec("a", 0), rec("a", 1)]);
        assert_eq!(r.index_of("a"), Some(0));
    }

    #[test]
    fn editing_an_id_or_a_group_keeps_the_lookups_right() {
        let mut r = records();
        r.edit(0).id = "x".into();
        assert_eq!(r.index_of("x"), Some(0));
        assert_eq!(r.index_of("a"), None);
        r.edit(2).group = 2;
        assert_eq!(r.in_group(0), &[0]);
        assert_eq!(r.in_group(2), &[1, 2]);
        // An edit that leaves the keys alone changes only the record.
        r.edit(1).note = 7;
        assert_eq!(r[1].note, 7);
        assert_eq!(r.index_of("b"), Some(1));
        assert_eq!(r, Records::new(r.to_vec()));
        r.edit_all(|x| x.group = 1);
        assert_eq!(r.in_group(1), &[0, 1, 2]);
        assert_eq!(r.in_group(0), &[] as &[usize]);
    }

    #[test]
    fn a_clone_keeps_its_lookups_when_the_original_is_edited() {
        let mut r = records();
        let before = r.clone();
        r.edit(0).id = "x".into();
        assert_eq!(before.index_of("a"), Some(0));
        assert_eq!(before.index_of("x"), None);
        assert_eq!(r.index_of("x"), Some(0));
    }

    proptest::proptest! {
        /// Whatever edits are made, every lookup answers what a linear
        /// search over the records would.
        #[test]
        fn lookups_follow_any_edits(
            start in proptest::collection::vec((0u8..6, 0usize..4), 0..12),
            edits in proptest::collection::vec((0usize..12, 0u8..6, 0usize..4), 0..12),
        ) {
            let mut r: Records<Rec> = start
                .iter()
                .map(|&(id, g)| rec(&format!("r{id}"), g))
                .collect();
            for (i, id, g) in edits {
                if i < r.len() {
                    let mut e = r.edit(i);
                    e.id = format!("r{id}");
                    e.group = g;
                }
            }
            for id in 0..6 {
                let id = format!("r{id}");
                proptest::prop_assert_eq!(r.index_of(&id), r.iter().position(|x| x.id == id));
            }
            for g in 0..5 {
                let linear: Vec<usize> = (0..r.len()).filter(|&i| r[i].group == g).collect();
                proptest::prop_assert_eq!(r.in_group(g), linear.as_slice());
            }
        }
    }
}
