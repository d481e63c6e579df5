//! What public statistics may show of people: aggregates that point at no one.

/// A category of a personal, self-described fact (gender) with fewer people than this, in every
/// count shown, is counted with the other small ones, so that no one is pointed at.
pub const SMALLEST_SHOWN_GROUP: usize = 3;

/// Counts per category (`(members, appointments)`), with the categories whose counts are all
/// below [`SMALLEST_SHOWN_GROUP`] merged into one named `merged`. Totals are unchanged.
pub fn merge_small_categories(
    counts: impl IntoIterator<Item = (String, (usize, usize))>,
    merged: &str,
) -> Vec<(String, (usize, usize))> {
    let mut kept: std::collections::BTreeMap<String, (usize, usize)> = std::collections::BTreeMap::new();
    for (category, (m, a)) in counts {
        let key = if m.max(a) < SMALLEST_SHOWN_GROUP { merged.to_owned() } else { category };
        let entry = kept.entry(key).or_default();
        entry.0 += m;
        entry.1 += a;
    }
    kept.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn small_categories_are_counted_together() {
        let counts = [("woman".to_owned(), (5, 2)), ("a".to_owned(), (1, 0)), ("b".to_owned(), (2, 1))];
        assert_eq!(
            merge_small_categories(counts, "other"),
            [("other".to_owned(), (3, 1)), ("woman".to_owned(), (5, 2))]
        );
    }

    proptest! {
        #[test]
        fn merging_keeps_the_totals_and_shows_no_category_below_the_threshold_but_the_merged_one(
            counts in prop::collection::vec(("[a-e]", 0usize..6, 0usize..6), 0..8)
        ) {
            let mut unique = std::collections::BTreeMap::new();
            for (c, m, a) in counts { unique.insert(c, (m, a)); }
            let total: (usize, usize) = unique.values().fold((0, 0), |t, v| (t.0 + v.0, t.1 + v.1));
            let merged = merge_small_categories(unique, "other");
            let after = merged.iter().fold((0, 0), |t, (_, v)| (t.0 + v.0, t.1 + v.1));
            prop_assert_eq!(total, after);
            for (c, (m, a)) in &merged {
                prop_assert!(c == "other" || (*m).max(*a) >= SMALLEST_SHOWN_GROUP);
            }
        }
    }
}
