//! The drift methods as one table: [`METHODS`] holds, per method, its id, name, reason label,
//! explanation, default threshold, direction and the columns it applies to. Every property of
//! a [`Method`] is read from its row ([`Method::info`]); nothing else lists the methods.
//!
//! Also here: [`Direction`] (which side of the threshold is drift) and [`auto_method`]
//! (Evidently's automatic choice).

/// A drift test. Ids (`Method::id`, serde names) are the ones used in the UI, the JSON report and
/// the CLI (SPEC §3.1).
///
/// The declaration order is the derived `Ord` (used for sorting); the display order is
/// [`Method::ALL`]. Add a variant at the end, with its row in [`METHODS`].
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Two-sample Kolmogorov–Smirnov, two-sided (`ks`).
    Ks,
    /// Wasserstein-1 distance divided by the reference standard deviation (`wasserstein`).
    Wasserstein,
    /// Population Stability Index on binned shares (`psi`).
    Psi,
    /// The seed's PSI formula verbatim (`psi_seed`).
    PsiSeed,
    /// Jensen–Shannon distance, natural log (`jensenshannon`).
    Jensenshannon,
    /// χ² test of homogeneity (`chisquare`).
    Chisquare,
    /// Pooled two-proportion Z-test (`z`).
    Z,
    /// KL divergence KL(reference ‖ production) on floored binned shares (`kl_div`).
    KlDiv,
    /// Hellinger distance on binned shares (`hellinger`).
    Hellinger,
    /// k-sample Anderson–Darling, midrank version (`anderson`).
    Anderson,
    /// Two-sample Cramér–von Mises (`cramer_von_mises`).
    CramerVonMises,
    /// Energy distance divided by the reference standard deviation (`energy`).
    Energy,
    /// Welch's t-test, two-sided (`t_test`).
    TTest,
    /// Mann–Whitney U test, two-sided (`mann_whitney`).
    MannWhitney,
    /// Fisher's exact test on the 2×2 table (`fisher_exact`).
    FisherExact,
    /// G-test of homogeneity on the 2×k table (`g_test`).
    GTest,
    /// Total variation distance (`tvd`).
    Tvd,
}

/// Which side of the threshold means drift.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// p-value `≤` threshold (KS, as Evidently).
    PAtMost,
    /// p-value `<` threshold (χ², Z, Fisher, G, Anderson–Darling, Cramér–von Mises, t, U).
    PBelow,
    /// score `≥` threshold (distances, PSI).
    ScoreAtLeast,
}

impl Direction {
    /// Whether `score` is on the drift side of `threshold`. A NaN score is never drift.
    pub fn drifted(self, score: f64, threshold: f64) -> bool {
        match self {
            Direction::PAtMost => score <= threshold,
            Direction::PBelow => score < threshold,
            Direction::ScoreAtLeast => score >= threshold,
        }
    }

    /// The comparison that means drift: `"≤"`, `"<"`, `"≥"`.
    pub fn symbol(self) -> &'static str {
        match self {
            Direction::PAtMost => "≤",
            Direction::PBelow => "<",
            Direction::ScoreAtLeast => "≥",
        }
    }

    /// The comparison that means no drift: `">"`, `"≥"`, `"<"`.
    pub fn negated_symbol(self) -> &'static str {
        match self {
            Direction::PAtMost => ">",
            Direction::PBelow => "≥",
            Direction::ScoreAtLeast => "<",
        }
    }

    /// `true` for the p-value directions (small = drift).
    pub fn is_p_value(self) -> bool {
        !matches!(self, Direction::ScoreAtLeast)
    }
}

/// The columns a method applies to, and what it reads from them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppliesTo {
    /// Numeric columns only, on the sorted values (KS, Wasserstein, the seed PSI, the rank and
    /// moment tests).
    Numeric,
    /// Both kinds, on shares per bin: numeric columns through the column's binning
    /// ([`crate::drift::Binning`]), categorical ones (and numeric ones with at most 5 distinct
    /// values) with one bin per category (PSI, Jensen–Shannon, KL, Hellinger).
    Shares,
    /// The table of category counts only: categorical columns and numeric ones with at most 5
    /// distinct values, tested like categories (χ², Z, Fisher, G, TVD).
    Counts,
}

/// One row of [`METHODS`]: everything the report, the page and the suites need to know about a
/// method besides its computation (which lives in the method's own file).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MethodInfo {
    /// The method this row describes.
    pub method: Method,
    /// Stable id, equal to the serde name (`"ks"`, `"psi_seed"`, …).
    pub id: &'static str,
    /// Human-readable name ("Kolmogorov–Smirnov").
    pub name: &'static str,
    /// What the verdict's reason writes before the score ("KS p =", "PSI").
    pub label: &'static str,
    /// One or two plain sentences for a non-statistician.
    pub explain: &'static str,
    /// Default threshold (SPEC §3.1): 0.05 for p-value tests, 0.1 for distances and PSI.
    pub default_threshold: f64,
    /// Which side of the threshold is drift (SPEC §3.1).
    pub direction: Direction,
    /// The columns it applies to.
    pub applies_to: AppliesTo,
    /// Needs a column with at most 2 categories (Z, Fisher).
    pub needs_two_categories: bool,
}

/// A p-value test's default threshold.
const P: f64 = 0.05;
/// A distance's (or PSI's) default threshold.
const SCORE: f64 = 0.1;

/// Every method, one row each, in [`Method::ALL`] order (numeric methods, then the tests on
/// category counts).
pub const METHODS: &[MethodInfo] = &[
    MethodInfo {
        method: Method::Ks,
        id: "ks",
        name: "Kolmogorov–Smirnov",
        label: "KS p =",
        explain: "Compares the whole shape of the two distributions (the largest gap between their cumulative curves). \
                  A p-value at or below the threshold means a difference this large is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PAtMost,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Wasserstein,
        id: "wasserstein",
        name: "Wasserstein (normed)",
        label: "Wasserstein (normed)",
        explain: "How far the values moved, measured in reference standard deviations (0.1 = a tenth of a standard deviation). \
                  Drift when it reaches the threshold.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Psi,
        id: "psi",
        name: "PSI",
        label: "PSI",
        explain: "How much the share of values in each bin changed. \
                  Below 0.1 is stable, 0.1 to 0.2 a moderate shift, 0.2 or more a significant shift.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Shares,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::PsiSeed,
        id: "psi_seed",
        name: "PSI (seed formula)",
        label: "PSI (seed)",
        explain: "The original PSI formula: 10 equal-width bins over the reference range, production values outside it ignored. \
                  Same bands as PSI: below 0.1 stable, 0.1 to 0.2 moderate, 0.2 or more significant.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Jensenshannon,
        id: "jensenshannon",
        name: "Jensen–Shannon distance",
        label: "Jensen–Shannon",
        explain: "How different the two histograms are, from 0 (identical) to 0.83 (no overlap at all). \
                  Drift when it reaches the threshold.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Shares,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::KlDiv,
        id: "kl_div",
        name: "KL divergence",
        label: "KL divergence",
        explain: "How much information is lost when production's histogram is used in place of the reference's; 0 when they are identical, no upper limit. \
                  Drift when it reaches the threshold.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Shares,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Hellinger,
        id: "hellinger",
        name: "Hellinger distance",
        label: "Hellinger",
        explain: "How different the two histograms are, from 0 (identical) to 1 (no overlap at all). \
                  Drift when it reaches the threshold.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Shares,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Anderson,
        id: "anderson",
        name: "Anderson–Darling",
        label: "Anderson–Darling p =",
        explain: "Compares the whole shape of the two distributions, paying more attention to the tails than KS. \
                  A p-value below the threshold means the difference is unlikely to be chance (p is read from a table between 0.001 and 0.25).",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::CramerVonMises,
        id: "cramer_von_mises",
        name: "Cramér–von Mises",
        label: "Cramér–von Mises p =",
        explain: "Compares the whole shape of the two distributions (the average squared gap between their cumulative curves). \
                  A p-value below the threshold means the difference is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Energy,
        id: "energy",
        name: "Energy distance (normed)",
        label: "Energy distance (normed)",
        explain: "A distance between the two distributions that grows with any change in location, spread or shape, \
                  measured in reference standard deviations. Drift when it reaches the threshold.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::TTest,
        id: "t_test",
        name: "Welch's t-test",
        label: "Welch t-test p =",
        explain: "Tests whether the average changed (Welch's version, which does not assume equal spreads). \
                  A p-value below the threshold means the change is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::MannWhitney,
        id: "mann_whitney",
        name: "Mann–Whitney U",
        label: "Mann–Whitney p =",
        explain: "Tests whether values in one file tend to be larger than in the other, using only their order. \
                  A p-value below the threshold means the difference is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Numeric,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Chisquare,
        id: "chisquare",
        name: "χ² test",
        label: "χ² p =",
        explain: "Tests whether the category frequencies differ between the two files. \
                  A p-value below the threshold means the difference is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Counts,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Z,
        id: "z",
        name: "Z-test for proportions",
        label: "Z-test p =",
        explain: "Tests whether the share of one of the two values (for example 'true') changed. \
                  A p-value below the threshold means the difference is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Counts,
        needs_two_categories: true,
    },
    MethodInfo {
        method: Method::FisherExact,
        id: "fisher_exact",
        name: "Fisher's exact test",
        label: "Fisher p =",
        explain: "Tests whether the share of one of the two values changed, exactly (no large-sample approximation). \
                  A p-value below the threshold means the difference is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Counts,
        needs_two_categories: true,
    },
    MethodInfo {
        method: Method::GTest,
        id: "g_test",
        name: "G-test",
        label: "G-test p =",
        explain: "Tests whether the category frequencies differ between the two files (likelihood-ratio version of the χ² test). \
                  A p-value below the threshold means the difference is unlikely to be chance.",
        default_threshold: P,
        direction: Direction::PBelow,
        applies_to: AppliesTo::Counts,
        needs_two_categories: false,
    },
    MethodInfo {
        method: Method::Tvd,
        id: "tvd",
        name: "Total variation distance",
        label: "TVD",
        explain: "The largest change in share that any group of categories can show, from 0 (identical) to 1 (no category in common). \
                  Drift when it reaches the threshold.",
        default_threshold: SCORE,
        direction: Direction::ScoreAtLeast,
        applies_to: AppliesTo::Counts,
        needs_two_categories: false,
    },
];

/// The row of each variant in [`METHODS`], indexed by `Method as usize`. Built at compile time:
/// the build fails when a variant has no row (or two variants share one).
const ROW: [usize; METHODS.len()] = rows();

const fn rows() -> [usize; METHODS.len()] {
    let mut row = [usize::MAX; METHODS.len()];
    let mut i = 0;
    while i < METHODS.len() {
        // Out of bounds (a build error) when there are fewer rows than variants.
        row[METHODS[i].method as usize] = i;
        i += 1;
    }
    let mut v = 0;
    while v < row.len() {
        assert!(
            row[v] != usize::MAX,
            "a Method variant has no row in METHODS"
        );
        v += 1;
    }
    row
}

impl Method {
    /// Every method, in display order (numeric methods, then the tests on category counts).
    pub const ALL: &'static [Method] = &[
        Method::Ks,
        Method::Wasserstein,
        Method::Psi,
        Method::PsiSeed,
        Method::Jensenshannon,
        Method::KlDiv,
        Method::Hellinger,
        Method::Anderson,
        Method::CramerVonMises,
        Method::Energy,
        Method::TTest,
        Method::MannWhitney,
        Method::Chisquare,
        Method::Z,
        Method::FisherExact,
        Method::GTest,
        Method::Tvd,
    ];

    /// This method's row of [`METHODS`].
    pub fn info(self) -> &'static MethodInfo {
        &METHODS[ROW[self as usize]]
    }

    /// Stable id (same as the serde name): `"ks"`, `"wasserstein"`, `"psi"`, `"psi_seed"`,
    /// `"jensenshannon"`, `"kl_div"`, `"hellinger"`, `"anderson"`, `"cramer_von_mises"`,
    /// `"energy"`, `"t_test"`, `"mann_whitney"`, `"chisquare"`, `"z"`, `"fisher_exact"`,
    /// `"g_test"`, `"tvd"`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The method with this id (exact match), if any.
    pub fn from_id(id: &str) -> Option<Method> {
        METHODS.iter().find(|i| i.id == id).map(|i| i.method)
    }

    /// Human-readable name.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// One or two plain sentences for a non-statistician.
    pub fn explain(self) -> &'static str {
        self.info().explain
    }

    /// Default threshold (SPEC §3.1): 0.05 for p-value tests, 0.1 for distances and PSI.
    pub fn default_threshold(self) -> f64 {
        self.info().default_threshold
    }

    /// Which side of the threshold is drift (SPEC §3.1): KS `p ≤ t`, the other p-value tests
    /// `p < t`, distances and PSI `score ≥ t`.
    pub fn direction(self) -> Direction {
        self.info().direction
    }

    /// `true` when the score is a p-value (small = drift).
    pub fn is_p_value(self) -> bool {
        self.direction().is_p_value()
    }

    /// Applicable to numeric columns in general. The tests on category counts (χ², Z, Fisher,
    /// G, TVD) apply to numeric columns only through the "≤ 5 distinct values" rule (tested
    /// like categories), so they report `false` (see [`Method::on_counts`]).
    pub fn for_numeric(self) -> bool {
        matches!(
            self.info().applies_to,
            AppliesTo::Numeric | AppliesTo::Shares
        )
    }

    /// Applicable to categorical (and boolean) columns.
    pub fn for_categorical(self) -> bool {
        matches!(
            self.info().applies_to,
            AppliesTo::Shares | AppliesTo::Counts
        )
    }

    /// A test on the table of category counts only (χ², Z, Fisher, G, TVD): applicable to
    /// categorical columns and to numeric columns with at most 5 distinct values.
    pub fn on_counts(self) -> bool {
        self.info().applies_to == AppliesTo::Counts
    }

    /// The tests that need at most 2 categories (Z, Fisher).
    pub fn needs_two_categories(self) -> bool {
        self.info().needs_two_categories
    }

    /// Uses the column's binning (numeric columns): PSI, Jensen–Shannon, KL, Hellinger.
    pub fn is_binned(self) -> bool {
        self.info().applies_to == AppliesTo::Shares
    }
}

/// Evidently's automatic choice (`get_stattest`), SPEC §3.3.
///
/// # Formula
/// ```text
/// n_ref ≤ 1000:  numeric with n_unique > 5 → ks;           else chisquare (n_unique > 2) or z
/// n_ref > 1000:  numeric with n_unique > 5 → wasserstein;  else jensenshannon
/// ```
/// `n_ref` = non-missing reference values, `n_unique` = distinct values of both files pooled.
///
/// # References
/// evidently `legacy/calculations/stattests/registry.py::_get_default_stattest`.
pub fn auto_method(numeric: bool, n_ref: usize, n_unique: usize) -> Method {
    let many = numeric && n_unique > 5;
    if n_ref <= 1000 {
        if many {
            Method::Ks
        } else if n_unique > 2 {
            Method::Chisquare
        } else {
            Method::Z
        }
    } else if many {
        Method::Wasserstein
    } else {
        Method::Jensenshannon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_one_row_per_variant_in_display_order_with_unique_ids() {
        assert_eq!(METHODS.len(), Method::ALL.len());
        for (row, &m) in METHODS.iter().zip(Method::ALL) {
            assert_eq!(row.method, m, "{}", row.id);
            assert_eq!(m.info().method, m, "{}", row.id);
        }
        let mut ids: Vec<&str> = METHODS.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), METHODS.len(), "ids are unique");
    }

    #[test]
    fn every_row_is_consistent() {
        for r in METHODS {
            assert!(!r.name.is_empty() && !r.label.is_empty() && !r.explain.is_empty());
            let p = r.direction.is_p_value();
            // A p-value test's reason reads "… p = 0.01", a score's "PSI 0.3".
            assert_eq!(r.label.ends_with("p ="), p, "{}", r.id);
            assert_eq!(r.default_threshold, if p { P } else { SCORE }, "{}", r.id);
            assert!(
                !r.needs_two_categories || r.applies_to == AppliesTo::Counts,
                "{}",
                r.id
            );
        }
    }

    #[test]
    fn method_ids_round_trip_and_match_serde() {
        for &m in Method::ALL {
            assert_eq!(Method::from_id(m.id()), Some(m));
            let json = serde_json::to_string(&m).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", m.id()));
        }
        assert_eq!(Method::from_id("nope"), None);
    }

    #[test]
    fn thresholds_and_directions_follow_the_spec() {
        assert_eq!(Method::Ks.default_threshold(), 0.05);
        assert_eq!(Method::Psi.default_threshold(), 0.1);
        assert!(Method::Ks.direction().drifted(0.05, 0.05));
        assert!(!Method::Chisquare.direction().drifted(0.05, 0.05));
        assert!(Method::Psi.direction().drifted(0.1, 0.1));
        assert!(!Direction::ScoreAtLeast.drifted(f64::NAN, 0.1));
        assert!(!Direction::PAtMost.drifted(f64::NAN, 0.1));
        assert_eq!(Direction::PAtMost.symbol(), "≤");
    }

    #[test]
    fn auto_method_follows_evidently() {
        assert_eq!(auto_method(true, 1000, 6), Method::Ks);
        assert_eq!(auto_method(true, 1000, 5), Method::Chisquare);
        assert_eq!(auto_method(true, 1000, 2), Method::Z);
        assert_eq!(auto_method(true, 1000, 1), Method::Z);
        assert_eq!(auto_method(true, 1001, 6), Method::Wasserstein);
        assert_eq!(auto_method(true, 1001, 5), Method::Jensenshannon);
        assert_eq!(auto_method(false, 10, 30), Method::Chisquare);
        assert_eq!(auto_method(false, 10, 2), Method::Z);
        assert_eq!(auto_method(false, 5000, 30), Method::Jensenshannon);
    }

    #[test]
    fn all_methods_are_listed_with_spec_directions_and_thresholds() {
        assert_eq!(Method::ALL.len(), 17);
        for id in [
            "ks",
            "wasserstein",
            "psi",
            "psi_seed",
            "jensenshannon",
            "kl_div",
            "hellinger",
            "anderson",
            "cramer_von_mises",
            "energy",
            "t_test",
            "mann_whitney",
            "chisquare",
            "z",
            "fisher_exact",
            "g_test",
            "tvd",
        ] {
            let m = Method::from_id(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!(!m.name().is_empty() && !m.explain().is_empty());
            assert!(
                m.for_numeric() || m.for_categorical(),
                "{id} applies somewhere"
            );
        }
        for m in [
            Method::Anderson,
            Method::CramerVonMises,
            Method::TTest,
            Method::MannWhitney,
            Method::FisherExact,
            Method::GTest,
        ] {
            assert_eq!(
                (m.direction(), m.default_threshold()),
                (Direction::PBelow, 0.05),
                "{}",
                m.id()
            );
        }
        for m in [
            Method::KlDiv,
            Method::Hellinger,
            Method::Energy,
            Method::Tvd,
        ] {
            assert_eq!(
                (m.direction(), m.default_threshold()),
                (Direction::ScoreAtLeast, 0.1),
                "{}",
                m.id()
            );
        }
    }
}
