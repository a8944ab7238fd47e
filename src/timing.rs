//! Phase timings. Natively they go to stderr when `DRIFTCARD_TIMING` is set (for benchmarks). In
//! the browser's worker, which has no `Instant`, the worker installs its clock and a function
//! that receives each lap with [`set_clock`], so the page can show each stage as it ends and where
//! the time went. A leaf module:
//! it uses nothing of the crate (and no browser type: the clock is a plain function).

use std::cell::RefCell;

thread_local! {
    static CLOCK: RefCell<Option<(Clocked, OnLap)>> = const { RefCell::new(None) };
}

/// A millisecond clock.
pub type Clocked = fn() -> f64;
/// Receives each lap: the phase that just ended and its milliseconds.
pub type OnLap = fn(&str, f64);

/// Installs a millisecond clock for this thread and the function that receives every lap.
pub fn set_clock(clock: Clocked, on_lap: OnLap) {
    CLOCK.with(|c| *c.borrow_mut() = Some((clock, on_lap)));
}

enum Clock {
    Off,
    #[cfg(not(target_arch = "wasm32"))]
    Native(std::time::Instant),
    Installed(Clocked, OnLap, f64),
}

/// Times the phases of one computation.
pub struct Laps(Clock);

impl Laps {
    /// Starts timing: with the installed clock if there is one, else natively when
    /// `DRIFTCARD_TIMING` is set, else a no-op.
    pub fn start() -> Laps {
        if let Some((clock, on_lap)) = CLOCK.with(|c| *c.borrow()) {
            return Laps(Clock::Installed(clock, on_lap, clock()));
        }
        #[cfg(not(target_arch = "wasm32"))]
        if std::env::var_os("DRIFTCARD_TIMING").is_some() {
            return Laps(Clock::Native(std::time::Instant::now()));
        }
        Laps(Clock::Off)
    }
    /// Records (or prints) the time since the last lap under `what`.
    pub fn lap(&mut self, what: &str) {
        match &mut self.0 {
            Clock::Off => {}
            #[cfg(not(target_arch = "wasm32"))]
            Clock::Native(t) => {
                eprintln!("timing:   {what}: {:.3} s", t.elapsed().as_secs_f64());
                *t = std::time::Instant::now();
            }
            Clock::Installed(clock, on_lap, t) => {
                let now = clock();
                on_lap(what, now - *t);
                *t = now;
            }
        }
    }
}

impl Laps {
    /// Records the time since the last lap as two phases that interleaved: `first` took
    /// `first_ms` of it (measured by the caller), `rest` the remainder.
    pub fn lap_split(&mut self, first: &str, first_ms: f64, rest: &str) {
        match &mut self.0 {
            Clock::Off => {}
            #[cfg(not(target_arch = "wasm32"))]
            Clock::Native(t) => {
                let all = t.elapsed().as_secs_f64();
                eprintln!("timing:   {first}: {:.3} s", first_ms / 1000.0);
                eprintln!(
                    "timing:   {rest}: {:.3} s",
                    (all - first_ms / 1000.0).max(0.0)
                );
                *t = std::time::Instant::now();
            }
            Clock::Installed(clock, on_lap, t) => {
                let now = clock();
                on_lap(first, first_ms);
                on_lap(rest, (now - *t - first_ms).max(0.0));
                *t = now;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_installed_clock_reports_laps_in_order() {
        std::thread::spawn(|| {
            thread_local! {
                static T: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
                static SEEN: RefCell<Vec<(String, f64)>> = const { RefCell::new(Vec::new()) };
            }
            fn clock() -> f64 {
                T.with(|t| {
                    t.set(t.get() + 5.0);
                    t.get()
                })
            }
            fn on_lap(what: &str, ms: f64) {
                SEEN.with(|s| s.borrow_mut().push((what.to_owned(), ms)));
            }
            set_clock(clock, on_lap);
            let mut laps = Laps::start();
            laps.lap("a");
            laps.lap("b");
            laps.lap_split("c", 2.0, "d");
            let seen = SEEN.with(|s| s.borrow().clone());
            let want = [("a", 5.0), ("b", 5.0), ("c", 2.0), ("d", 3.0)];
            assert_eq!(seen, want.map(|(w, ms)| (w.to_owned(), ms)).to_vec());
        })
        .join()
        .unwrap();
    }
}
