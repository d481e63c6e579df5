//! Keyset pagination: a list is read from a key onward, never by skipping rows.
//!
//! A reader asks for a [`Seek`]: at most `limit` items after (or before) the key of an item it
//! has seen, in the list's own order. The store fetches one row more than asked in the direction
//! of travel, so it knows whether there is more without counting, and answers a [`Slice`]: the
//! items in list order and the keys to go on from on either side.

/// Which way to read from a key, in the list's own order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    /// The items that come after the key.
    After,
    /// The items that come before the key (a "previous" link).
    Before,
}

/// Where a page of a list starts, and how long it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seek<K> {
    pub from: Option<(Toward, K)>,
    /// How many items at most (the web bounds it).
    pub limit: u32,
}

impl<K> Seek<K> {
    /// The first page.
    pub fn first(limit: u32) -> Seek<K> {
        Seek { from: None, limit }
    }

    /// The SQL `LIMIT`: one more row than asked, to know whether there is more.
    pub fn fetch(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

/// One page of a list, in the list's order, and the keys to go on from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice<T, K> {
    pub items: Vec<T>,
    /// The key of the first item, if there are items before it.
    pub before: Option<K>,
    /// The key of the last item, if there are items after it.
    pub after: Option<K>,
}

impl<T, K> Slice<T, K> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Slice<U, K> {
        Slice { items: self.items.into_iter().map(f).collect(), before: self.before, after: self.after }
    }
}

impl<T, K: Clone> Slice<T, K> {
    /// The page made of `rows`, read in the direction of `seek` with [`Seek::fetch`] as the limit
    /// (for a list kept in memory, the caller reads it the same way).
    pub fn of(mut rows: Vec<(K, T)>, seek: &Seek<K>) -> Slice<T, K> {
        let limit = usize::try_from(seek.limit).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let (more_before, more_after) = match &seek.from {
            None => (false, more),
            Some((Toward::After, _)) => (true, more),
            Some((Toward::Before, _)) => {
                rows.reverse();
                (more, true)
            }
        };
        let before = if more_before { rows.first().map(|(k, _)| k.clone()) } else { None };
        let after = if more_after { rows.last().map(|(k, _)| k.clone()) } else { None };
        Slice { items: rows.into_iter().map(|(_, t)| t).collect(), before, after }
    }
}

impl<T, K: Ord + Clone> Slice<T, K> {
    /// A page of a list held in memory: `all` in the list's order, its keys ascending, read from
    /// `seek` as the store reads a table (the rows after or before the key, never by position).
    pub fn of_sorted(all: Vec<(K, T)>, seek: &Seek<K>) -> Slice<T, K> {
        let fetch = usize::try_from(seek.fetch()).unwrap_or(usize::MAX);
        let rows: Vec<(K, T)> = match &seek.from {
            None => all.into_iter().take(fetch).collect(),
            Some((Toward::After, k)) => all.into_iter().filter(|(key, _)| key > k).take(fetch).collect(),
            Some((Toward::Before, k)) => all.into_iter().filter(|(key, _)| key < k).rev().take(fetch).collect(),
        };
        Slice::of(rows, seek)
    }
}

/// The `WHERE` clause and `ORDER BY` of a list ordered by `column` descending (newest first),
/// seeking from `$n`: the comparison and the direction to read in.
pub(crate) fn newest_first(column: &str, seek: &Seek<i64>, n: usize) -> (Option<String>, String) {
    match &seek.from {
        None => (None, format!("{column} DESC")),
        Some((Toward::After, _)) => (Some(format!("{column} < ${n}")), format!("{column} DESC")),
        Some((Toward::Before, _)) => (Some(format!("{column} > ${n}")), format!("{column} ASC")),
    }
}

/// The same for a list ordered by `column` ascending (oldest first).
pub(crate) fn oldest_first(column: &str, seek: &Seek<i64>, n: usize) -> (Option<String>, String) {
    match &seek.from {
        None => (None, format!("{column} ASC")),
        Some((Toward::After, _)) => (Some(format!("{column} > ${n}")), format!("{column} ASC")),
        Some((Toward::Before, _)) => (Some(format!("{column} < ${n}")), format!("{column} DESC")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a list of 0..n (newest first: n-1 down to 0) as the store would.
    fn read(n: i64, seek: &Seek<i64>) -> Slice<i64, i64> {
        let all: Vec<i64> = (0..n).rev().collect();
        let rows: Vec<(i64, i64)> = match &seek.from {
            None => all.iter().map(|&k| (k, k)).collect(),
            Some((Toward::After, k)) => all.iter().filter(|&&x| x < *k).map(|&x| (x, x)).collect(),
            Some((Toward::Before, k)) => all.iter().rev().filter(|&&x| x > *k).map(|&x| (x, x)).collect(),
        };
        let fetch = usize::try_from(seek.fetch()).unwrap_or(usize::MAX);
        Slice::of(rows.into_iter().take(fetch).collect(), seek)
    }

    proptest::proptest! {
        /// Walking forward then back visits every item once each way, in order, whatever the
        /// list's length and the page's.
        #[test]
        fn forward_and_back_visit_every_item(n in 0i64..200, limit in 1u32..30) {
            let mut seen = Vec::new();
            let mut seek = Seek::first(limit);
            let mut pages = Vec::new();
            loop {
                let slice = read(n, &seek);
                proptest::prop_assert!(slice.items.len() <= limit as usize);
                seen.extend(slice.items.iter().copied());
                pages.push(slice.clone());
                match slice.after {
                    Some(k) => seek = Seek { from: Some((Toward::After, k)), limit },
                    None => break,
                }
            }
            let expected: Vec<i64> = (0..n).rev().collect();
            proptest::prop_assert_eq!(&seen, &expected);
            proptest::prop_assert!(pages[0].before.is_none());
            // Back from the last page: each "previous" gives the page before, exactly.
            for i in (1..pages.len()).rev() {
                let Some(k) = pages[i].before else { proptest::prop_assert!(false, "no way back"); break };
                let back = read(n, &Seek { from: Some((Toward::Before, k)), limit });
                proptest::prop_assert_eq!(&back.items, &pages[i - 1].items);
            }
        }
    }

    proptest::proptest! {
        /// A list held in memory, walked forward then back, gives every item once each way and
        /// the same pages, whatever its keys (gaps included) and the page's length.
        #[test]
        fn a_list_in_memory_is_walked_both_ways(keys in proptest::collection::btree_set(-500i64..500, 0..120), limit in 1u32..25) {
            let all: Vec<(i64, i64)> = keys.iter().map(|&k| (k, k * 10)).collect();
            let mut seek = Seek::first(limit);
            let mut pages = Vec::new();
            loop {
                let slice = Slice::of_sorted(all.clone(), &seek);
                proptest::prop_assert!(slice.items.len() <= limit as usize);
                pages.push(slice.clone());
                match slice.after {
                    Some(k) => seek = Seek { from: Some((Toward::After, k)), limit },
                    None => break,
                }
            }
            let seen: Vec<i64> = pages.iter().flat_map(|p| p.items.iter().copied()).collect();
            let expected: Vec<i64> = all.iter().map(|(_, v)| *v).collect();
            proptest::prop_assert_eq!(&seen, &expected);
            for i in (1..pages.len()).rev() {
                let Some(k) = pages[i].before else { proptest::prop_assert!(false, "no way back"); break };
                let back = Slice::of_sorted(all.clone(), &Seek { from: Some((Toward::Before, k)), limit });
                proptest::prop_assert_eq!(&back.items, &pages[i - 1].items);
            }
        }
    }
}
