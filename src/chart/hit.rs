//! What the UI keeps after drawing: the [`HitMap`] from a backend pixel to the [`Hover`] under
//! it (the bins of a histogram or bars chart here, an xy chart's series in `xy::hit`), and the
//! tooltip lines of a bin.

use super::xy::XyHit;
use super::Swatch;

/// What is under the pointer.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Hover {
    /// Position of the bin or bar among those **drawn** (for a bars view with more than
    /// [`MAX_CATEGORIES`](super::MAX_CATEGORIES) categories the last index is the "other (n)" bar).
    pub index: usize,
    /// `[30, 35)`, `< 28`, `≥ 95`, `[90, 95]`, a category, `"crypto (new)"`, `"other (12)"`, or
    /// the x value of an [`XyView`](super::XyView).
    pub label: String,
    /// One line per series: `reference 12.5 %`, `production TPR 0.81 · threshold 0.43`.
    pub lines: Vec<HoverLine>,
    /// Tooltip anchor in backend pixels: the centre of the bin, at the top of its taller bar.
    pub x: f64,
    /// See `x`.
    pub y: f64,
}

/// One tooltip line.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct HoverLine {
    /// Series colour.
    pub swatch: Swatch,
    /// Text.
    pub text: String,
}

/// The two share lines of a bin or category: `reference 15.0 % (736 of 4911 rows)` — the row
/// count recovered exactly from the share when the view carries its totals (`rows` = 0: shares
/// only, e.g. a rate per group).
pub(super) fn share_lines(r: f64, p: f64, rows: (u64, u64), note: Option<&str>) -> Vec<HoverLine> {
    let line = |name: &str, share: f64, total: u64| {
        let count = (share * total as f64).round();
        if total > 0 && count.is_finite() {
            format!("{name} {:.1} % ({count:.0} of {total} rows)", share * 100.0)
        } else {
            format!("{name} {:.1} %", share * 100.0)
        }
    };
    let mut v = vec![
        HoverLine {
            swatch: Swatch::Reference,
            text: line("reference", r, rows.0),
        },
        HoverLine {
            swatch: Swatch::Production,
            text: line("production", p, rows.1),
        },
    ];
    if let Some(n) = note.filter(|n| !n.is_empty()) {
        v.push(HoverLine {
            swatch: Swatch::Muted,
            text: n.to_owned(),
        });
    }
    v
}

/// One hit-testable bin or category slot, in backend pixels.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct HitBin {
    pub x0: f64,
    pub x1: f64,
    pub anchor_y: f64,
    pub label: String,
    pub lines: Vec<HoverLine>,
}

/// Pixel→data mapping kept by the UI after drawing (backend pixel coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct HitMap {
    /// Plot rectangle: left, top, right, bottom.
    pub(super) plot: (f64, f64, f64, f64),
    /// Bins in drawing order, their x-ranges increasing and not overlapping (bars, histograms).
    pub(super) bins: Vec<HitBin>,
    /// Series in pixels (xy charts).
    pub(super) xy: Option<XyHit>,
}

impl HitMap {
    /// The bin under `(px, py)` (backend pixels), or `None` outside the plot rectangle or between
    /// bins.
    pub fn hit(&self, px: f64, py: f64) -> Option<Hover> {
        let (l, t, r, b) = self.plot;
        if !(px >= l && px <= r && py >= t && py <= b) {
            return None;
        }
        if let Some(xy) = &self.xy {
            return xy.hit(px, py);
        }
        // Bins are sorted by x; find the last one starting at or before px.
        let i = self.bins.partition_point(|bin| bin.x0 <= px);
        let i = i.checked_sub(1)?;
        let bin = self.bins.get(i)?;
        if px > bin.x1 {
            return None;
        }
        Some(Hover {
            index: i,
            label: bin.label.clone(),
            lines: bin.lines.clone(),
            x: (bin.x0 + bin.x1) / 2.0,
            y: bin.anchor_y,
        })
    }

    /// The plot rectangle (left, top, right, bottom) in backend pixels.
    pub fn plot_rect(&self) -> (f64, f64, f64, f64) {
        self.plot
    }

    /// Number of bins or bars drawn (for an xy chart: hover stops, see [`HitMap::center`]).
    pub fn len(&self) -> usize {
        match &self.xy {
            Some(xy) => xy.stops(),
            None => self.bins.len(),
        }
    }

    /// No bins (never the case for a map returned by [`draw`](super::draw)).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Centre pixel of bin `index` (horizontal centre, vertical middle of the plot), e.g. for
    /// keyboard navigation of the tooltip. For an xy chart, stop `index` of
    /// [`HitMap::len`] evenly spaced stops across the plot (or the point / bar `index`).
    pub fn center(&self, index: usize) -> Option<(f64, f64)> {
        if let Some(xy) = &self.xy {
            return xy.center(index, self.plot);
        }
        let bin = self.bins.get(index)?;
        Some(((bin.x0 + bin.x1) / 2.0, (self.plot.1 + self.plot.3) / 2.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tooltips_recover_exact_row_counts_from_shares() {
        let l = share_lines(736.0 / 4911.0, 0.0, (4911, 4238), Some("n = 3"));
        assert_eq!(l[0].text, "reference 15.0 % (736 of 4911 rows)");
        assert_eq!(l[1].text, "production 0.0 % (0 of 4238 rows)");
        assert_eq!(l[2].text, "n = 3");
        let rates = share_lines(0.5, 0.25, (0, 0), None);
        assert_eq!(rates[0].text, "reference 50.0 %");
        assert_eq!(rates.len(), 2);
    }
}
