//! Money in integer minor units (pence, cents), so totals never drift.
//!
//! Arithmetic saturates instead of wrapping: the loader bounds every input
//! money is computed from, so a total never comes near the limits, and if a
//! bug ever took one there it would show as an absurdly large amount, never
//! as a wrapped negative one (or a crash).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Sub};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    /// From a decimal amount as written in a file (`40.0`, `12.345`), rounded
    /// to the nearest minor unit.
    pub fn from_major(amount: f64) -> Money {
        Money((amount * 100.0).round() as i64)
    }

    pub fn minor(self) -> i64 {
        self.0
    }

    pub fn as_major(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `self` multiplied by a fractional count, rounded to the minor unit
    /// (a float beyond the range becomes its end, as `as` casts do).
    pub fn times_f64(self, factor: f64) -> Money {
        Money((self.0 as f64 * factor).round() as i64)
    }

    /// `1234.50` style, no grouping; what CSV and JSON want.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// `12,345.50` style, grouped thousands; what people read.
    pub fn grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut out = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{sign}{out}.{:02}", abs % 100)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.grouped())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Mul<i64> for Money {
    type Output = Money;
    fn mul(self, rhs: i64) -> Money {
        Money(self.0.saturating_mul(rhs))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl serde::Serialize for Money {
    /// As a decimal number with two places, for JSON.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_major())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_and_formats() {
        assert_eq!(Money::from_major(40.0), Money(4000));
        assert_eq!(Money::from_major(0.125), Money(13));
        assert_eq!(Money(123456789).grouped(), "1,234,567.89");
        assert_eq!(Money(-5).plain(), "-0.05");
        assert_eq!(Money(100000).grouped(), "1,000.00");
        assert_eq!((Money(4000) * 3 + Money(50)).plain(), "120.50");
    }

    #[test]
    fn arithmetic_saturates_instead_of_wrapping() {
        let top = Money(i64::MAX);
        assert_eq!(top + Money(1), top);
        assert_eq!(Money(i64::MIN) - Money(1), Money(i64::MIN));
        assert_eq!(top * 2, top);
        let mut m = top;
        m += Money(5);
        assert_eq!(m, top);
        assert_eq!([top, top, top].into_iter().sum::<Money>(), top);
        assert_eq!(Money(100).times_f64(1e300), top);
    }
}
