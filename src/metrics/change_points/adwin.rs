//! ADWIN (ADWIN2 with exponential-histogram buckets; Bifet & Gavaldà 2007, as river's `ADWIN`).

use std::collections::VecDeque;

/// Parameters of [`Adwin`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdwinParams {
    /// Confidence δ of the cut test (0.002).
    pub delta: f64,
    /// Check for a cut every `clock` items (32).
    pub clock: usize,
    /// Buckets kept per level before two are merged (M = 5).
    pub max_buckets: usize,
    /// Minimum length of each sub-window of a cut (5).
    pub min_window: usize,
    /// No check before the window holds more than this many items (10).
    pub grace_period: usize,
}

impl Default for AdwinParams {
    fn default() -> Self {
        AdwinParams {
            delta: 0.002,
            clock: 32,
            max_buckets: 5,
            min_window: 5,
            grace_period: 10,
        }
    }
}

/// One bucket: the sum and the sum of squared deviations of its 2^level items.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    total: f64,
    m2: f64,
}

/// ADWIN2 (Bifet & Gavaldà 2007): an adaptive window that drops its oldest part whenever two
/// sub-windows have significantly different means.
///
/// # Formula
/// For every split of the window W = W₀·W₁ (W₀ older) at a bucket boundary, with n₀, n₁ items,
/// means μ₀, μ₁ and σ² the variance of W:
/// ```text
/// δ′ = ln(2·ln|W| / δ),   m = 1/(n₀ − L + 1) + 1/(n₁ − L + 1)        (L = min_window)
/// ε  = sqrt(2·m·σ²·δ′) + (2/3)·m·δ′
/// cut when |μ₀ − μ₁| > ε  →  drop the oldest bucket and test again
/// ```
///
/// # Remarks
/// This is the **bucket version** (exponential histogram): level i holds at most M buckets of
/// 2^i items each (exact sums and variances per bucket), so cuts are tested only at bucket
/// boundaries — O(M·log W) candidate cuts and memory instead of O(W). The Bernstein-type bound
/// with δ′ = ln(2 ln|W|/δ) is MOA's and river's (the paper's Theorem 3 uses ln(4|W|/δ), which is
/// more conservative). Checks run every `clock` items once the window exceeds the grace period.
///
/// # References
/// Bifet & Gavaldà (2007), <https://doi.org/10.1137/1.9781611972771.42>; river
/// `drift/adwin_c.pyx`, MOA `ADWIN.java`.
#[derive(Clone, Debug)]
pub struct Adwin {
    p: AdwinParams,
    /// `levels[i]`: buckets of 2^i items, front = oldest.
    levels: Vec<VecDeque<Bucket>>,
    width: u64,
    total: f64,
    m2: f64,
    /// Items until the next cut check (a countdown instead of `tick % clock`).
    until_check: usize,
}

impl Adwin {
    /// An empty window.
    pub fn new(params: AdwinParams) -> Self {
        Adwin {
            p: params,
            levels: vec![VecDeque::with_capacity(params.max_buckets + 2)],
            width: 0,
            total: 0.0,
            m2: 0.0,
            until_check: params.clock.max(1),
        }
    }

    /// Items currently in the window.
    pub fn width(&self) -> u64 {
        self.width
    }

    /// Mean of the window (`NaN` when empty).
    pub fn mean(&self) -> f64 {
        if self.width == 0 {
            f64::NAN
        } else {
            self.total / self.width as f64
        }
    }

    /// Adds `x`; `true` when the window was cut (drift detected).
    pub fn update(&mut self, x: f64) -> bool {
        if self.width > 0 {
            let w = self.width as f64;
            let d = x - self.total / w;
            self.m2 += d * d * w / (w + 1.0);
        }
        self.width += 1;
        self.total += x;
        self.levels[0].push_back(Bucket { total: x, m2: 0.0 });
        if self.levels[0].len() > self.p.max_buckets.max(1) {
            self.compress();
        }
        self.until_check -= 1;
        if self.until_check > 0 {
            return false;
        }
        self.until_check = self.p.clock.max(1);
        self.width > self.p.grace_period as u64 && self.detect()
    }

    /// Merges the two oldest buckets of every level that holds more than M.
    fn compress(&mut self) {
        let mut i = 0;
        while i < self.levels.len() && self.levels[i].len() > self.p.max_buckets.max(1) {
            let (Some(a), Some(b)) = (self.levels[i].pop_front(), self.levels[i].pop_front())
            else {
                break;
            };
            let n = (1u64 << i.min(63)) as f64;
            let d = a.total / n - b.total / n;
            let merged = Bucket {
                total: a.total + b.total,
                m2: a.m2 + b.m2 + n * n * d * d / (2.0 * n),
            };
            if i + 1 == self.levels.len() {
                self.levels
                    .push(VecDeque::with_capacity(self.p.max_buckets + 2));
            }
            self.levels[i + 1].push_back(merged);
            i += 1;
        }
    }

    fn cut(&self, n0: u64, n1: u64, u0: f64, u1: f64) -> bool {
        let w = self.width as f64;
        let var = (self.m2 / w).max(0.0);
        let dd = (2.0 * w.ln() / self.p.delta).ln();
        let l = self.p.min_window as f64;
        let m = 1.0 / (n0 as f64 - l + 1.0) + 1.0 / (n1 as f64 - l + 1.0);
        let eps = (2.0 * m * var * dd).sqrt() + 2.0 / 3.0 * dd * m;
        (u0 / n0 as f64 - u1 / n1 as f64).abs() > eps
    }

    /// Tests every bucket boundary from the oldest; drops the oldest bucket while a cut holds.
    fn detect(&mut self) -> bool {
        let min = self.p.min_window.max(1) as u64;
        let mut detected = false;
        loop {
            let mut found = false;
            let (mut n0, mut u0) = (0u64, 0.0f64);
            'scan: for i in (0..self.levels.len()).rev() {
                let size = 1u64 << i.min(63);
                for b in &self.levels[i] {
                    n0 += size;
                    u0 += b.total;
                    let n1 = self.width.saturating_sub(n0);
                    if n1 < min {
                        break 'scan;
                    }
                    if n0 >= min && self.cut(n0, n1, u0, self.total - u0) {
                        found = true;
                        break 'scan;
                    }
                }
            }
            if !found {
                break;
            }
            detected = true;
            self.drop_oldest();
            if self.width <= self.p.grace_period as u64 {
                break;
            }
        }
        detected
    }

    /// Removes the oldest bucket and updates the window's count, sum and variance.
    fn drop_oldest(&mut self) {
        while self.levels.len() > 1 && self.levels.last().is_some_and(VecDeque::is_empty) {
            self.levels.pop();
        }
        let top = self.levels.len() - 1;
        let Some(b) = self.levels[top].pop_front() else {
            return;
        };
        let nb = 1u64 << top.min(63);
        let rest = self.width.saturating_sub(nb);
        if rest == 0 {
            self.width = 0;
            self.total = 0.0;
            self.m2 = 0.0;
            return;
        }
        let (nbf, nrf) = (nb as f64, rest as f64);
        let mu_b = b.total / nbf;
        let mu_r = (self.total - b.total) / nrf;
        let d = mu_b - mu_r;
        self.m2 = (self.m2 - b.m2 - nbf * nrf / (nbf + nrf) * d * d).max(0.0);
        self.total -= b.total;
        self.width = rest;
        while self.levels.len() > 1 && self.levels.last().is_some_and(VecDeque::is_empty) {
            self.levels.pop();
        }
    }
}

/// Indices of `errors` (1 = wrong) at which [`Adwin`] detects drift.
pub fn adwin(errors: &[bool], params: AdwinParams) -> Vec<usize> {
    let mut a = Adwin::new(params);
    errors
        .iter()
        .enumerate()
        .filter_map(|(i, &e)| a.update(f64::from(u8::from(e))).then_some(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adwin_keeps_exact_sums_while_compressing() {
        let mut a = Adwin::new(AdwinParams {
            clock: usize::MAX,
            ..AdwinParams::default()
        });
        for i in 0..1000 {
            a.update(f64::from(i % 2));
        }
        assert_eq!(a.width(), 1000);
        assert_eq!(a.mean(), 0.5);
        let buckets: usize = a.levels.iter().map(VecDeque::len).sum();
        assert!(buckets <= 5 * 10, "{buckets} buckets");
        let items: u64 = a
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.len() as u64) << i)
            .sum();
        assert_eq!(items, 1000);
    }
}
