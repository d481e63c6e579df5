//! Joint appointment (W5): each side's private ranking, and what is revealed of them.

use std::collections::BTreeSet;

/// Joint appointment (W5): each side ranks candidates privately, best first. Only the candidates
/// on both lists are revealed, best first by the sum of their positions among the candidates on
/// both lists (then the worse of the two, then the id). A candidate one side left out is never
/// shown to the other side, and does not move the order of those shown: what one side learns of
/// the other's ranking is the order it gives the candidates both accept, and nothing else.
pub fn agreed_candidates(requesting: &[i64], responding: &[i64]) -> Vec<i64> {
    let unique = |list: &[i64]| {
        let mut seen = BTreeSet::new();
        list.iter().copied().filter(|c| seen.insert(*c)).collect::<Vec<_>>()
    };
    let (requesting, responding) = (unique(requesting), unique(responding));
    let a: Vec<i64> = requesting.iter().copied().filter(|c| responding.contains(c)).collect();
    let b: Vec<i64> = responding.iter().copied().filter(|c| requesting.contains(c)).collect();
    let mut agreed: Vec<(usize, usize, i64)> = a
        .iter()
        .enumerate()
        .filter_map(|(i, c)| b.iter().position(|d| d == c).map(|j| (i + j, i.max(j), *c)))
        .collect();
    agreed.sort();
    agreed.into_iter().map(|(_, _, c)| c).collect()
}

/// Why a side's ranking is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RankingRefusal {
    /// Both sides have ranked: what both accept is revealed, and a change could only be made to
    /// probe the other side's ranking.
    #[error("both sides have ranked: the rankings are final")]
    Locked,
}

impl RankingRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            RankingRefusal::Locked => "ranking_locked",
        }
    }
}

/// Whether a side may (re)submit its ranking: until both sides have ranked. Before that nothing
/// is revealed to anyone; from then on the rankings are final, so that a side cannot learn more
/// of the other's ranking by ranking again.
pub fn may_rank(this_side_ranked: bool, other_side_ranked: bool) -> Result<(), RankingRefusal> {
    if this_side_ranked && other_side_ranked { Err(RankingRefusal::Locked) } else { Ok(()) }
}

/// What anyone is shown of the rankings: nothing until both sides ranked, then
/// [`agreed_candidates`].
pub fn revealed_candidates(requesting: Option<&[i64]>, responding: Option<&[i64]>) -> Vec<i64> {
    match (requesting, responding) {
        (Some(a), Some(b)) => agreed_candidates(a, b),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod ranking_tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn only_candidates_on_both_lists_are_revealed_best_first() {
        assert_eq!(agreed_candidates(&[1, 2, 3, 4], &[4, 3, 9]), [3, 4]);
        assert_eq!(agreed_candidates(&[1, 2], &[3]), Vec::<i64>::new());
        assert_eq!(agreed_candidates(&[5, 6], &[6, 5]), [5, 6], "a tie goes to the lower id");
        // Where the other side put the candidates this side rejected changes nothing.
        assert_eq!(agreed_candidates(&[1, 2], &[9, 9, 9, 2, 1]), agreed_candidates(&[1, 2], &[2, 1]));
        assert_eq!(revealed_candidates(Some(&[1, 2]), None), Vec::<i64>::new());
        assert_eq!(may_rank(true, false), Ok(()));
        assert_eq!(may_rank(false, true), Ok(()));
        assert_eq!(may_rank(true, true), Err(RankingRefusal::Locked));
    }

    /// What one side observes through its own requests, with the other side ranking once at
    /// `other_at` (after that many of this side's requests): after each request, whether it was
    /// taken and what is revealed.
    fn observe(mine: &[Vec<i64>], other: &[i64], other_at: usize) -> Vec<(bool, Vec<i64>)> {
        let (mut a, mut b): (Option<Vec<i64>>, Option<Vec<i64>>) = (None, None);
        let mut seen = Vec::new();
        for (n, ranking) in mine.iter().enumerate() {
            if n == other_at && may_rank(b.is_some(), a.is_some()).is_ok() {
                b = Some(other.to_vec());
            }
            let taken = may_rank(a.is_some(), b.is_some()).is_ok();
            if taken {
                a = Some(ranking.clone());
            }
            seen.push((taken, revealed_candidates(a.as_deref(), b.as_deref())));
        }
        seen
    }

    proptest! {
        /// Nothing one side left out is ever revealed, and the answer does not depend on which
        /// side is which.
        #[test]
        fn no_rejection_leaks(a in prop::collection::vec(0i64..20, 0..8), b in prop::collection::vec(0i64..20, 0..8)) {
            let agreed = agreed_candidates(&a, &b);
            for c in &agreed {
                prop_assert!(a.contains(c) && b.contains(c));
            }
            for c in a.iter().filter(|c| b.contains(c)) {
                prop_assert!(agreed.contains(c));
            }
            let mut x = agreed.clone();
            let mut y = agreed_candidates(&b, &a);
            x.sort();
            y.sort();
            prop_assert_eq!(x, y);
        }

        /// No sequence of one side's requests tells apart two rankings of the other side that
        /// share the same agreement with this side's ranking when both are in: the candidates
        /// the other side accepts beyond it, the ones it rejects, and where it places them stay
        /// unknown, however this side ranks again, before or after.
        #[test]
        fn no_sequence_of_requests_distinguishes_rankings_with_the_same_agreement(
            mine in prop::collection::vec(prop::collection::vec(0i64..16, 0..6), 1..6),
            order in prop::collection::vec(0i64..16, 0..8),
            extra1 in prop::collection::vec(0i64..16, 0..6),
            extra2 in prop::collection::vec(0i64..16, 0..6),
            at in 0usize..6,
            cut1 in 0usize..8,
            cut2 in 0usize..8,
        ) {
            // This side's ranking in force when the other side's arrives.
            let at_reveal = if at == 0 || at > mine.len() { mine[0].clone() } else { mine[at - 1].clone() };
            // Two rankings of the other side: the same order of the candidates this side ranked,
            // and different others (accepted by the other side only) spliced in differently.
            let common: Vec<i64> = order.iter().copied().filter(|c| at_reveal.contains(c)).collect();
            let splice = |extra: &[i64], cut: usize| {
                let mut r = common.clone();
                for (k, e) in extra.iter().filter(|e| !at_reveal.contains(e)).enumerate() {
                    let at = (cut + k).min(r.len());
                    r.insert(at, *e);
                }
                r
            };
            let (b1, b2) = (splice(&extra1, cut1), splice(&extra2, cut2));
            prop_assert_eq!(observe(&mine, &b1, at), observe(&mine, &b2, at));
        }
    }
}
