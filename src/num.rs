//! `Num`: an `f64` that survives JSON. SPEC §9 writes non-finite numbers as the strings `"NaN"`,
//! `"inf"` and `"-inf"` (serde_json would silently turn them into `null`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A number in the JSON report.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Num(pub f64);

impl From<f64> for Num {
    fn from(v: f64) -> Self {
        Num(v)
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.is_nan() {
            s.serialize_str("NaN")
        } else if v == f64::INFINITY {
            s.serialize_str("inf")
        } else if v == f64::NEG_INFINITY {
            s.serialize_str("-inf")
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            N(f64),
            S(String),
        }
        match Raw::deserialize(d)? {
            Raw::N(v) => Ok(Num(v)),
            Raw::S(s) => match s.as_str() {
                "NaN" => Ok(Num(f64::NAN)),
                "inf" => Ok(Num(f64::INFINITY)),
                "-inf" => Ok(Num(f64::NEG_INFINITY)),
                other => Err(serde::de::Error::custom(format!("not a number: {other}"))),
            },
        }
    }
}

/// `Vec<f64>` → `Vec<Num>`.
pub fn nums(v: &[f64]) -> Vec<Num> {
    v.iter().copied().map(Num).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_numbers_are_strings_in_json() {
        let v = vec![
            Num(1.5),
            Num(f64::NAN),
            Num(f64::INFINITY),
            Num(f64::NEG_INFINITY),
        ];
        let s = serde_json::to_string(&v).unwrap();
        assert_eq!(s, r#"[1.5,"NaN","inf","-inf"]"#);
        let back: Vec<Num> = serde_json::from_str(&s).unwrap();
        assert!(back[1].0.is_nan());
        assert_eq!(back[2].0, f64::INFINITY);
    }
}
