//! Exact numbers for evaluation (rules §7 "Exact arithmetic"): counts are integers, rates and
//! scores are exact rationals of `i128` until one final rounding to 2 decimal places, half to
//! even. No floating point, so Rust, Python and JS print the same digits.
//!
//! Integer arithmetic of our own rather than a decimal crate: the values are ratios of counts
//! (a decimal type would round 1/3 at every step), and two dozen lines of gcd-reduced `i128`
//! cover every operation the score needs.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact rational `num / den`, `den > 0`, reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `num / den` reduced; a zero denominator gives `None`.
    pub fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den) * den.signum();
        Some(Ratio {
            num: num / g,
            den: den / g,
        })
    }

    /// An integer.
    pub fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// `count / total` as a rational; none when `total` is 0.
    pub fn of(count: usize, total: usize) -> Option<Ratio> {
        let wide = |n: usize| i128::try_from(n).unwrap_or(i128::MAX);
        Ratio::new(wide(count), wide(total))
    }

    fn make(num: i128, den: i128) -> Ratio {
        Ratio::new(num, den).unwrap_or(Ratio::ZERO)
    }

    /// The quotient; none when dividing by zero.
    pub fn checked_div(self, o: Ratio) -> Option<Ratio> {
        Ratio::new(self.num * o.den, self.den * o.num)
    }

    /// Clamped to `lo..=hi`.
    #[must_use]
    pub fn clamp_to(self, lo: Ratio, hi: Ratio) -> Ratio {
        if self < lo {
            lo
        } else if self > hi {
            hi
        } else {
            self
        }
    }

    /// The value rounded to `places` decimals, half to even, as a decimal string (`"87.35"`).
    pub fn round(self, places: u32) -> String {
        let scale = 10i128.pow(places);
        let n = self.num * scale;
        let (q, r) = (n.div_euclid(self.den), n.rem_euclid(self.den));
        let q = match (2 * r).cmp(&self.den) {
            Ordering::Greater => q + 1,
            Ordering::Equal if q % 2 != 0 => q + 1,
            _ => q,
        };
        let sign = if q < 0 { "-" } else { "" };
        let q = q.abs();
        if places == 0 {
            return format!("{sign}{q}");
        }
        format!(
            "{sign}{}.{:0width$}",
            q / scale,
            q % scale,
            width = places as usize
        )
    }

    /// Rounded to 2 places, half to even (the one final rounding of rules §7).
    pub fn round2(self) -> String {
        self.round(2)
    }
}

impl std::ops::Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio::make(self.num * o.den + o.num * self.den, self.den * o.den)
    }
}

impl std::ops::Sub for Ratio {
    type Output = Ratio;
    fn sub(self, o: Ratio) -> Ratio {
        Ratio::make(self.num * o.den - o.num * self.den, self.den * o.den)
    }
}

impl std::ops::Mul for Ratio {
    type Output = Ratio;
    fn mul(self, o: Ratio) -> Ratio {
        Ratio::make(self.num * o.num, self.den * o.den)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

/// A decimal knob of the policy (a weight, points, a deduction): written as a decimal string
/// (`"30"`, `"0.5"`) or an integer, at most 4 decimal places and 12 integer digits, kept exact.
/// These bounds keep every intermediate of a score (ratios of counts times knobs) inside `i128`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dec(Ratio);

impl Dec {
    /// An integer knob value.
    pub fn int(n: i64) -> Dec {
        Dec(Ratio::int(i128::from(n)))
    }

    /// The exact value.
    pub fn ratio(self) -> Ratio {
        self.0
    }

    /// Reads `[-]digits[.digits]` (at most 4 decimals).
    pub fn parse(text: &str) -> Option<Dec> {
        let t = text.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || int.len() > 12 || frac.len() > 4 || !ok(int) || !ok(frac) {
            return None;
        }
        if t.contains('.') && frac.is_empty() {
            return None;
        }
        let digits: i128 = format!("{int}{frac}").parse().ok()?;
        let scale = 10i128.pow(u32::try_from(frac.len()).ok()?);
        Ratio::new(if neg { -digits } else { digits }, scale).map(Dec)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shortest exact decimal form (a parsed Dec has at most 4 decimals).
        let s = self.0.round(4);
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s
        };
        f.write_str(&s)
    }
}

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Text(String),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Int(n) => return Ok(Dec::int(n)),
            Raw::Text(t) => t,
        };
        Dec::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid decimal {text:?}: expected a decimal string such as \"30\" or \"0.5\" (at most 4 decimals)"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_to_even() {
        let r = |n, d| Ratio::new(n, d).unwrap();
        assert_eq!(r(12345, 1000).round2(), "12.34"); // 12.345 → 12.34 (4 is even)
        assert_eq!(r(12355, 1000).round2(), "12.36"); // 12.355 → 12.36
        assert_eq!(r(1, 3).round2(), "0.33");
        assert_eq!(r(2, 3).round2(), "0.67");
        assert_eq!(r(-1, 8).round2(), "-0.12");
        assert_eq!(r(100, 1).round2(), "100.00");
        assert_eq!(r(1, 200).round2(), "0.00"); // 0.005 → 0.00
        assert_eq!(r(3, 200).round2(), "0.02"); // 0.015 → 0.02
        assert!(r(1, 3) < r(34, 100));
    }

    #[test]
    fn decimal_knobs() {
        assert_eq!(Dec::parse("0.5").unwrap().to_string(), "0.5");
        assert_eq!(Dec::parse("30").unwrap().to_string(), "30");
        assert_eq!(Dec::parse("1.250").unwrap().to_string(), "1.25");
        for bad in ["", ".5", "5.", "1e3", "0.12345", "x", "1.2.3"] {
            assert!(Dec::parse(bad).is_none(), "{bad}");
        }
    }
}
