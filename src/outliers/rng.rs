//! A tiny, portable pseudo-random number generator: SplitMix64 seeding xoshiro256**.
//!
//! The Isolation Forest must give **bit-identical** results natively and in wasm for the same
//! seed, so this module uses no `rand`, no `getrandom` and no platform-dependent floating-point
//! operation: every output is derived from 64-bit integer arithmetic (wrapping add/mul, xor,
//! shifts, rotations), and the only float operations are an exact integer → `f64` conversion
//! of a 53-bit value and a multiplication by a power of two (both exact in IEEE 754, hence the
//! same on every platform).

/// SplitMix64: a 64-bit generator used only to expand one `u64` seed into a full
/// xoshiro256** state.
///
/// # Formula
/// ```text
/// s ← s + 0x9E3779B97F4A7C15                      (wrapping)
/// z ← (s ⊕ (s ≫ 30)) · 0xBF58476D1CE4E5B9          (wrapping)
/// z ← (z ⊕ (z ≫ 27)) · 0x94D049BB133111EB          (wrapping)
/// out = z ⊕ (z ≫ 31)
/// ```
///
/// # Remarks
/// Every seed (including 0) gives a well-mixed, non-zero xoshiro state in practice; the
/// all-zero state, the only invalid one for xoshiro, is explicitly avoided in
/// [`Xoshiro256StarStar::seed_from_u64`].
///
/// # References
/// Steele, G. L., Lea, D. & Flood, C. H. (2014), "Fast splittable pseudorandom number
/// generators", *OOPSLA '14*, <https://doi.org/10.1145/2660193.2660195>;
/// Vigna, S., `splitmix64.c`, <https://prng.di.unimi.it/splitmix64.c>.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A SplitMix64 generator starting from `seed`.
    ///
    /// # Remarks
    /// Any `u64` is a valid seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    ///
    /// # Formula
    /// See [`SplitMix64`].
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// xoshiro256**: the all-purpose 64-bit generator of Blackman & Vigna, seeded by
/// [`SplitMix64`] as its authors recommend.
///
/// # Formula
/// ```text
/// out = rotl(s₁ · 5, 7) · 9
/// t = s₁ ≪ 17
/// s₂ ⊕= s₀;  s₃ ⊕= s₁;  s₁ ⊕= s₂;  s₀ ⊕= s₃;  s₂ ⊕= t;  s₃ = rotl(s₃, 45)
/// ```
/// (all multiplications wrapping modulo 2⁶⁴).
///
/// # Remarks
/// Period 2²⁵⁶ − 1, passes BigCrush and PractRand. Not cryptographic: it is meant for
/// reproducible sub-sampling and split draws. The sequence for a given seed is part of
/// driftcard's reproducibility contract: changing this generator changes every forest.
///
/// # References
/// Blackman, D. & Vigna, S. (2021), "Scrambled linear pseudorandom number generators",
/// *ACM Transactions on Mathematical Software* 47(4), 36,
/// <https://doi.org/10.1145/3460772>; reference code <https://prng.di.unimi.it/xoshiro256starstar.c>.
#[derive(Clone, Debug)]
pub struct Xoshiro256StarStar {
    s: [u64; 4],
}

impl Xoshiro256StarStar {
    /// A generator whose 256-bit state is four successive outputs of
    /// `SplitMix64::new(seed)`.
    ///
    /// # Remarks
    /// If SplitMix64 ever produced four zero words (the one invalid xoshiro state) the
    /// state would be replaced by a fixed non-zero constant; this cannot actually happen,
    /// but the guard keeps the generator total.
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        let mut s = [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()];
        if s == [0; 4] {
            s = [0x9E37_79B9_7F4A_7C15, 1, 2, 3];
        }
        Xoshiro256StarStar { s }
    }

    /// The next 64 random bits.
    ///
    /// # Formula
    /// See [`Xoshiro256StarStar`].
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    ///
    /// # Formula
    /// ```text
    /// u = (next_u64() ≫ 11) · 2⁻⁵³
    /// ```
    ///
    /// # Remarks
    /// Both steps are exact in IEEE 754 (a 53-bit integer converts to `f64` exactly, and
    /// scaling by a power of two is exact), so the value is bit-identical on every platform.
    /// The result is a multiple of 2⁻⁵³, never 1.
    ///
    /// # References
    /// Vigna, S., "Generating uniform doubles in the unit interval",
    /// <https://prng.di.unimi.it/#remarks>.
    pub fn next_f64(&mut self) -> f64 {
        const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
        (self.next_u64() >> 11) as f64 * SCALE
    }

    /// A uniform integer in `0..n`, without modulo bias; `0` when `n == 0`.
    ///
    /// # Formula
    /// Lemire's multiply-and-reject method:
    /// ```text
    /// m = x · n  (128-bit product of a random 64-bit x),  l = m mod 2⁶⁴
    /// if l < n: t = (2⁶⁴ − n) mod n;  redraw while l < t
    /// result = m ≫ 64
    /// ```
    ///
    /// # Remarks
    /// Integer-only, hence platform independent. Consumes one 64-bit draw almost always
    /// (a redraw happens with probability < n / 2⁶⁴).
    ///
    /// # References
    /// Lemire, D. (2019), "Fast random integer generation in an interval",
    /// *ACM Transactions on Modeling and Computer Simulation* 29(1), 3,
    /// <https://doi.org/10.1145/3230636>.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        let mut l = m as u64;
        if l < n {
            let t = n.wrapping_neg() % n;
            while l < t {
                m = u128::from(self.next_u64()) * u128::from(n);
                l = m as u64;
            }
        }
        (m >> 64) as u64
    }

    /// A uniform index in `0..n` (see [`Self::below`]); `0` when `n == 0`.
    pub fn below_usize(&mut self, n: usize) -> usize {
        // usize is at most 64 bits on every supported target, so both casts are lossless.
        self.below(n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_sequence() {
        // Reference outputs of Vigna's splitmix64.c for seed 1234567.
        let mut sm = SplitMix64::new(1234567);
        let expected: [u64; 5] = [
            6457827717110365317,
            3203168211198807973,
            9817491932198370423,
            4593380528125082431,
            16408922859458223821,
        ];
        for e in expected {
            assert_eq!(sm.next_u64(), e);
        }
    }

    #[test]
    fn xoshiro256starstar_matches_the_reference_algorithm() {
        // State [1, 2, 3, 4] stepped by hand with the reference algorithm: first output is
        // rotl(2·5, 7)·9 = 11520, second rotl(s1'·5, 7)·9 with s1' = 2 ⊕ (3 ⊕ 1) = 0 → 0.
        let mut x = Xoshiro256StarStar { s: [1, 2, 3, 4] };
        assert_eq!(x.next_u64(), 11520);
        assert_eq!(x.next_u64(), 0);
        assert_eq!(x.next_u64(), 1509978240);
        assert_eq!(x.next_u64(), 1215971899390074240);
    }

    #[test]
    fn same_seed_same_stream_different_seed_different_stream() {
        let mut a = Xoshiro256StarStar::seed_from_u64(42);
        let mut b = Xoshiro256StarStar::seed_from_u64(42);
        let mut c = Xoshiro256StarStar::seed_from_u64(43);
        let va: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let vb: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        let vc: Vec<u64> = (0..100).map(|_| c.next_u64()).collect();
        assert_eq!(va, vb);
        assert_ne!(va, vc);
    }

    #[test]
    fn uniform_doubles_are_in_the_unit_interval_with_the_right_mean() {
        let mut r = Xoshiro256StarStar::seed_from_u64(7);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let u = r.next_f64();
            assert!((0.0..1.0).contains(&u));
            sum += u;
        }
        let mean = sum / n as f64;
        // sd of the mean is sqrt(1/12/n) ≈ 0.0009; 5 sd.
        assert!((mean - 0.5).abs() < 0.0046, "mean {mean}");
    }

    #[test]
    fn below_is_in_range_and_roughly_uniform() {
        let mut r = Xoshiro256StarStar::seed_from_u64(3);
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            let k = r.below(7) as usize;
            counts[k] += 1;
        }
        for c in counts {
            // expected 10 000, sd ≈ 93; 6 sd.
            assert!((9_440..=10_560).contains(&c), "{counts:?}");
        }
    }
}
