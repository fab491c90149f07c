//! A set kept as a sorted vector, for the projection's per-task sets.
//!
//! A task names a handful of units, regions, targets and deadlines. As a
//! `BTreeSet` each non-empty set costs a whole B-tree node (eleven slots:
//! about 280 bytes for strings, 100 for indices) however few it holds, a
//! large share of the peak memory of `analyze` on a large corpus
//! (BENCHMARKS.md has the figures). A sorted vector holds exactly its elements and iterates
//! in the same order, so the projection, and every output built from it, is
//! unchanged. Insertion is O(n), which is right for sets of a few elements.

/// A set of `T` as a sorted, duplicate-free `Vec<T>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedSet<T>(Vec<T>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(Vec::new())
    }
}

impl<T: Ord> SortedSet<T> {
    /// Adds `value`; false if it was already there.
    pub fn insert(&mut self, value: T) -> bool {
        match self.0.binary_search(&value) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, value);
                true
            }
        }
    }
}

impl<T> SortedSet<T> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The elements in ascending order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// The elements in ascending order, as a slice.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }
}

impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, values: I) {
        for value in values {
            self.insert(value);
        }
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut all: Vec<T> = values.into_iter().collect();
        all.sort_unstable();
        all.dedup();
        SortedSet(all)
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::SortedSet;

    #[test]
    fn behaves_as_a_btree_set() {
        let values = [5, 3, 9, 3, 1, 9, 7, 5, 0, 8];
        let mut sorted = SortedSet::default();
        let mut btree = BTreeSet::new();
        for v in values {
            assert_eq!(sorted.insert(v), btree.insert(v), "insert {v}");
        }
        assert_eq!(
            sorted.iter().collect::<Vec<_>>(),
            btree.iter().collect::<Vec<_>>()
        );
        assert_eq!(sorted.len(), btree.len());
        sorted.extend([4, 5, 10]);
        btree.extend([4, 5, 10]);
        assert_eq!(
            sorted.clone().into_iter().collect::<Vec<_>>(),
            btree.into_iter().collect::<Vec<_>>()
        );
        let collected: SortedSet<i32> = values.into_iter().collect();
        assert_eq!(collected.as_slice(), &[0, 1, 3, 5, 7, 8, 9]);
        assert!(SortedSet::<String>::default().is_empty());
    }
}
