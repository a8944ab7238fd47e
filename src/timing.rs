//! Phase timings on stderr for benchmarks (`DRIFTCARD_TIMING=1`, native only). A leaf module:
//! it uses nothing of the crate.

/// Phase timings on stderr when `DRIFTCARD_TIMING` is set (native only; for benchmarks).
pub struct Laps(Option<std::time::Instant>);

impl Laps {
    /// Starts timing (a no-op unless `DRIFTCARD_TIMING` is set, and always in wasm).
    pub fn start() -> Laps {
        #[cfg(not(target_arch = "wasm32"))]
        {
            Laps(std::env::var_os("DRIFTCARD_TIMING").map(|_| std::time::Instant::now()))
        }
        #[cfg(target_arch = "wasm32")]
        {
            Laps(None)
        }
    }
    /// Prints the time since the last lap under `what`.
    pub fn lap(&mut self, what: &str) {
        if let Some(t) = self.0 {
            eprintln!("timing:   {what}: {:.3} s", t.elapsed().as_secs_f64());
            self.0 = Some(std::time::Instant::now());
        }
    }
}
