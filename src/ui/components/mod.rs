//! Leptos components. Leaf components take data props; only `app` reads the worker.

pub mod app;
pub mod chart_canvas;
pub mod detail;
pub mod report;
pub mod roles;
pub mod sections;
pub mod settings;
pub mod upload;
