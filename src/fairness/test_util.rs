//! Small builders shared by the unit tests of the bias tables.

use super::Confusion;

pub(super) fn c(tp: u64, fp: u64, tn: u64, fn_: u64) -> Confusion {
    Confusion {
        n: tp + fp + tn + fn_,
        tp,
        fp,
        tn,
        fn_,
    }
}

pub(super) type Col = Vec<Option<&'static str>>;

/// `n` rows of group `g` with truth `y` and prediction `p`.
pub(super) fn rows(spec: &[(&'static str, &'static str, &'static str, usize)]) -> (Col, Col, Col) {
    let (mut g, mut y, mut p) = (Vec::new(), Vec::new(), Vec::new());
    for &(gv, yv, pv, n) in spec {
        for _ in 0..n {
            g.push(Some(gv));
            y.push(Some(yv));
            p.push(Some(pv));
        }
    }
    (g, y, p)
}
