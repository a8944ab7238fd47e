//! Change-point detectors on the 0/1 error stream (1 = wrong prediction), in time order:
//! ADWIN, DDM and Page-Hinkley (SPEC §4 "report where drift began").
//!
//! Each detector is a small streaming state machine ([`Adwin`], [`Ddm`], [`PageHinkley`]) with
//! an `update` per observation, plus a batch function returning the 0-based stream indices at
//! which drift was signalled (the detector resets or shrinks after each signal and goes on).
//! [`change_points`] runs all three and reports the earliest signal.
//!
//! | detector | parameters (defaults) | cost |
//! |---|---|---|
//! | ADWIN (ADWIN2, exponential-histogram buckets) | δ = 0.002, M = 5 buckets per level, cut check every 32 items, min sub-window 5, grace period 10 | O(M·log W) memory, O(M·log W) per check → ≈ 30 ms per 10⁶ items |
//! | DDM | warning 2σ, drift 3σ, min 30 instances | O(1) per item |
//! | Page-Hinkley | δ = 0.005, λ = 50, α = 1 − 0.0001, min 30 instances, one-sided (error increase) | O(1) per item |
//!
//! The defaults are river's (`river.drift.ADWIN`, `DDM`, `PageHinkley`), which follow MOA.
//!
//! # References
//! Bifet, A. & Gavaldà, R. (2007), "Learning from time-changing data with adaptive windowing",
//! SIAM SDM, <https://doi.org/10.1137/1.9781611972771.42>; Gama, J., Medas, P., Castillo, G. &
//! Rodrigues, P. (2004), "Learning with drift detection", SBIA, LNCS 3171, 286–295,
//! <https://doi.org/10.1007/978-3-540-28645-5_29>; Page, E. S. (1954), "Continuous inspection
//! schemes", *Biometrika* 41(1/2), 100–115, <https://doi.org/10.1093/biomet/41.1-2.100>;
//! Montiel, J. et al. (2021), "River: machine learning for streaming data in Python", JMLR 22.

use serde::{Deserialize, Serialize};

mod adwin;
mod ddm;
mod page_hinkley;

pub use adwin::{adwin, Adwin, AdwinParams};
pub use ddm::{ddm, Ddm, DdmParams, DdmSignal};
pub use page_hinkley::{page_hinkley, PageHinkley, PageHinkleyParams};

// ---------------------------------------------------------------------------------------------
// All three
// ---------------------------------------------------------------------------------------------

/// Parameters of the three detectors.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ChangePointOptions {
    /// ADWIN.
    pub adwin: AdwinParams,
    /// DDM.
    pub ddm: DdmParams,
    /// Page-Hinkley.
    pub page_hinkley: PageHinkleyParams,
}

/// Where each detector signalled drift on the error stream (0-based indices into the labelled
/// stream in time order).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePoints {
    /// Items in the stream.
    pub n: usize,
    /// ADWIN detections.
    pub adwin: Vec<usize>,
    /// DDM drift signals.
    pub ddm: Vec<usize>,
    /// Starts of DDM warning zones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ddm_warnings: Vec<usize>,
    /// Page-Hinkley detections.
    pub page_hinkley: Vec<usize>,
    /// Earliest detection of any detector ("where drift began"); `None` without detection.
    pub first: Option<usize>,
    /// The detector behind `first` (`adwin`, `ddm` or `page_hinkley`; the first in that order
    /// on a tie).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_detector: Option<String>,
}

/// Runs ADWIN, DDM and Page-Hinkley on `errors` (`true` = wrong prediction, time order).
///
/// # Remarks
/// O(n) overall (ADWIN O(n + n/32·M·log n)); 10⁶ items take a few tens of milliseconds.
/// Map the indices back to rows with the index vector used to build the stream. `first` is the
/// earliest signal of any detector; since DDM false-alarms more often than the other two early
/// in a stream (see [`Ddm`]), `first_detector` says which one it was.
pub fn change_points(errors: &[bool], opts: &ChangePointOptions) -> ChangePoints {
    let a = adwin(errors, opts.adwin);
    let (d, w) = ddm(errors, opts.ddm);
    let ph = page_hinkley(errors, opts.page_hinkley);
    let mut first: Option<(usize, &str)> = None;
    for (name, v) in [("adwin", &a), ("ddm", &d), ("page_hinkley", &ph)] {
        if let Some(&i) = v.first() {
            if first.is_none_or(|(f, _)| i < f) {
                first = Some((i, name));
            }
        }
    }
    ChangePoints {
        n: errors.len(),
        adwin: a,
        ddm: d,
        ddm_warnings: w,
        page_hinkley: ph,
        first: first.map(|(i, _)| i),
        first_detector: first.map(|(_, n)| n.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64* — a tiny deterministic generator for test streams.
    struct XorShift(u64);

    impl XorShift {
        fn next_f64(&mut self) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Bernoulli errors with rate `before` up to `at`, then `after`.
    fn stream(seed: u64, n: usize, at: usize, before: f64, after: f64) -> Vec<bool> {
        let mut r = XorShift(seed);
        (0..n)
            .map(|i| r.next_f64() < if i < at { before } else { after })
            .collect()
    }

    #[test]
    fn every_detector_finds_a_planted_change_within_500_points() {
        // Error rate 0.1 → 0.4 at index 5000, fixed seed.
        let s = stream(1, 10_000, 5000, 0.1, 0.4);
        let cp = change_points(&s, &ChangePointOptions::default());
        for (name, v) in [
            ("adwin", &cp.adwin),
            ("ddm", &cp.ddm),
            ("page_hinkley", &cp.page_hinkley),
        ] {
            let first = v.first().copied();
            assert!(
                first.is_some_and(|i| (5000..5500).contains(&i)),
                "{name}: {v:?}"
            );
        }
        assert!(
            cp.first.is_some_and(|f| (5000..5500).contains(&f)),
            "{cp:?}"
        );
    }

    #[test]
    fn no_detection_on_a_stationary_stream() {
        // Error rate 0.1 throughout, 10 000 items, fixed seed.
        let s = stream(1, 10_000, 10_000, 0.1, 0.1);
        let cp = change_points(&s, &ChangePointOptions::default());
        assert!(cp.adwin.is_empty(), "adwin {:?}", cp.adwin);
        assert!(cp.ddm.is_empty(), "ddm {:?}", cp.ddm);
        assert!(cp.page_hinkley.is_empty(), "ph {:?}", cp.page_hinkley);
        assert_eq!(cp.first, None);
    }

    #[test]
    fn adwin_and_page_hinkley_are_reliable_over_100_seeds_ddm_is_noisier() {
        // Measured over seeds 1..=100 (see the DDM docs): ADWIN and Page-Hinkley never fire on
        // the stationary stream and always find the change within 500 items; DDM finds every
        // change within 2000 items but false-alarms early on many stationary streams.
        let mut ddm_false_alarms = 0;
        for seed in 1..=100u64 {
            let flat = stream(seed, 10_000, 10_000, 0.1, 0.1);
            let step = stream(seed, 10_000, 5000, 0.1, 0.4);
            assert!(
                adwin(&flat, AdwinParams::default()).is_empty(),
                "seed {seed}"
            );
            assert!(
                page_hinkley(&flat, PageHinkleyParams::default()).is_empty(),
                "seed {seed}"
            );
            let a = adwin(&step, AdwinParams::default());
            let p = page_hinkley(&step, PageHinkleyParams::default());
            assert!(
                a.first().is_some_and(|&i| (5000..5500).contains(&i)),
                "seed {seed} adwin {a:?}"
            );
            assert!(
                p.first().is_some_and(|&i| (5000..5500).contains(&i)),
                "seed {seed} ph {p:?}"
            );
            let (d, _) = ddm(&step, DdmParams::default());
            assert!(
                d.iter().any(|&i| (5000..7000).contains(&i)),
                "seed {seed} ddm {d:?}"
            );
            ddm_false_alarms += usize::from(!ddm(&flat, DdmParams::default()).0.is_empty());
        }
        assert!(
            ddm_false_alarms > 0 && ddm_false_alarms < 60,
            "{ddm_false_alarms}"
        );
    }

    #[test]
    fn adwin_window_shrinks_after_a_change_and_tracks_the_new_mean() {
        let s = stream(3, 20_000, 10_000, 0.1, 0.5);
        let mut a = Adwin::new(AdwinParams::default());
        for &e in &s {
            a.update(f64::from(u8::from(e)));
        }
        assert!(a.width() < 10_000, "width {}", a.width());
        assert!((a.mean() - 0.5).abs() < 0.05, "mean {}", a.mean());
    }

    #[test]
    fn ddm_first_error_after_a_perfect_start_is_drift() {
        let mut s = vec![false; 40];
        s.push(true);
        let (d, _) = ddm(&s, DdmParams::default());
        assert_eq!(d, vec![40]);
    }
}
