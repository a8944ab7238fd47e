//! Charts on two numeric axes: lines (ROC, PR, reliability, rolling accuracy), steps (ECDF),
//! points (predicted vs actual) and bars over categories (per-chunk metrics), with horizontal
//! bands (reference accuracy ± tolerance), dashed reference lines (thresholds, change points) and
//! one vertical marker segment (the KS distance).
//!
//! # Files
//! One stage per file, each using only the ones before it:
//! * `model` — the view-model ([`XyView`], [`Series`], [`Marker`], [`AxisFormat`],
//!   [`SeriesStyle`]) and a series' drawable points;
//! * `layout` — data ranges, ticks, margins and the data→pixel mapping: pure functions of the
//!   view and the area's size, tested without a drawing backend;
//! * `draw` — painting on any `DrawingBackend` at the layout's positions;
//! * `hit` — pixel → data: the tooltip under the pointer and the keyboard stops, built from the
//!   layout (so also testable without drawing).
//!
//! # Remarks
//! * `Line` and `Step` points must be sorted by x (the view builders sort them; `draw` sorts a
//!   copy when they are not). The tooltip interpolates a line linearly at the pointer's x and
//!   reads a step function's value (right-continuous, as an ECDF) there; the note of the nearest
//!   point (e.g. the ROC threshold) is added.
//! * Points of a `Points` series are hit in 2-D (nearest within 12 CSS px).
//! * With `x_categories`, x values are category indices 0…n−1, labelled by the categories.
//! * Reference is drawn with circles and production with squares on top of the colour, so the
//!   two differ in shape too (colour-blind safe); guides are grey and dashed.

mod draw;
mod hit;
mod layout;
mod model;

pub(crate) use draw::draw;
pub(crate) use hit::XyHit;
pub use model::{AxisFormat, Marker, Series, SeriesStyle, XyView};
