//! Rows and chunks: one side's scored rows and the rows of each chunk, by size or (from
//! [`time_chunks`](crate::metrics::time_chunks)) by calendar period.

/// Rows of one chunk: a label and the row indices (in file order).
#[derive(Clone, Debug, PartialEq)]
pub struct ChunkRows {
    /// `chunk 3`, `2026-05-01`, `2026-W18` or `2026-05`.
    pub label: String,
    /// 0-based data row indices.
    pub rows: Vec<usize>,
}

/// Chunks of `size` consecutive rows, the last one shorter when `n` is not a multiple
/// (NannyML's `SizeBasedChunker(incomplete="keep")`); labels `chunk 1`, `chunk 2`, ….
pub fn size_chunks(n: usize, size: usize) -> Vec<ChunkRows> {
    let size = size.max(1);
    (0..n.div_ceil(size))
        .map(|k| ChunkRows {
            label: format!("chunk {}", k + 1),
            rows: (k * size..((k + 1) * size).min(n)).collect(),
        })
        .collect()
}

/// One side of the data: per row the true label (`None` = not arrived), the predicted label
/// (`None` = missing) and the model's score (NaN = missing).
#[derive(Clone, Copy, Debug)]
pub struct ScoredRows<'a> {
    /// True labels.
    pub y: &'a [Option<bool>],
    /// Predicted labels.
    pub pred: &'a [Option<bool>],
    /// Scores of the positive class.
    pub score: &'a [f64],
}

impl ScoredRows<'_> {
    /// The rows of `idx` that have a prediction and a finite score: (y, pred, score).
    pub(super) fn usable(&self, idx: &[usize]) -> (Vec<Option<bool>>, Vec<bool>, Vec<f64>) {
        let mut out = (Vec::new(), Vec::new(), Vec::new());
        for &i in idx {
            let (Some(&y), Some(&Some(d)), Some(&s)) =
                (self.y.get(i), self.pred.get(i), self.score.get(i))
            else {
                continue;
            };
            if s.is_finite() {
                out.0.push(y);
                out.1.push(d);
                out.2.push(s);
            }
        }
        out
    }
}
