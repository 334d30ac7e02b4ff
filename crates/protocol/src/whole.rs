//! Whole numbers in request bodies as JSON Schema counts them: `2` and `2.0` are the same
//! integer (OpenAPI 3.1 takes its integers from JSON Schema), so a field the API documents
//! as an integer takes both spellings. A fraction, or a number outside the field's type,
//! is still refused. Used with `#[serde(deserialize_with = "crate::whole::…")]`.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{Error, Unexpected, Visitor};

/// 2^64 as a float: every whole float below it fits in a `u64` exactly.
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
/// -2^63 as a float: every whole float from it up to zero fits in an `i64` exactly.
const MINUS_TWO_POW_63: f64 = -9_223_372_036_854_775_808.0;

struct Whole<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for Whole<T>
where
    T: TryFrom<u64> + TryFrom<i64>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a whole number that fits {}", std::any::type_name::<T>())
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        let refuse = || E::invalid_value(Unexpected::Float(v), &self);
        if !v.is_finite() || v.fract() != 0.0 {
            return Err(refuse());
        }
        // The bounds make the casts exact: `v` is whole and within the integer's range.
        if (0.0..TWO_POW_64).contains(&v) {
            T::try_from(v as u64).map_err(|_| refuse())
        } else if (MINUS_TWO_POW_63..0.0).contains(&v) {
            T::try_from(v as i64).map_err(|_| refuse())
        } else {
            Err(refuse())
        }
    }
}

struct MaybeWhole<T>(PhantomData<T>);

impl<'de, T> Visitor<'de> for MaybeWhole<T>
where
    T: TryFrom<u64> + TryFrom<i64>,
{
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "null or a whole number that fits {}",
            std::any::type_name::<T>()
        )
    }

    fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        d.deserialize_any(Whole(PhantomData)).map(Some)
    }
}

pub fn u32<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    d.deserialize_any(Whole(PhantomData))
}

pub fn u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(Whole(PhantomData))
}

pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(Whole(PhantomData))
}

pub fn option_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_option(MaybeWhole(PhantomData))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde::Deserialize;

    #[derive(Deserialize)]
    struct T {
        #[serde(deserialize_with = "super::u32")]
        a: u32,
        #[serde(deserialize_with = "super::u64")]
        b: u64,
        #[serde(deserialize_with = "super::i64")]
        c: i64,
        #[serde(default, deserialize_with = "super::option_i64")]
        d: Option<i64>,
    }

    fn parse(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn whole_floats_are_integers() {
        let t = parse(r#"{"a": 2.0, "b": 1e3, "c": -5.0, "d": 7.0}"#).unwrap();
        assert_eq!((t.a, t.b, t.c, t.d), (2, 1000, -5, Some(7)));
        let t = parse(r#"{"a": 4294967295, "b": 18446744073709551615, "c": -9223372036854775808}"#)
            .unwrap();
        assert_eq!((t.a, t.b, t.c, t.d), (u32::MAX, u64::MAX, i64::MIN, None));
        let t = parse(r#"{"a": 0, "b": 0, "c": 0, "d": null}"#).unwrap();
        assert_eq!(t.d, None);
        // The largest whole floats in range.
        let t =
            parse(r#"{"a": 0, "b": 18446744073709549568.0, "c": -9223372036854775808.0}"#).unwrap();
        assert_eq!((t.b, t.c), (18_446_744_073_709_549_568, i64::MIN));
    }

    #[test]
    fn fractions_and_numbers_out_of_range_are_refused() {
        for json in [
            r#"{"a": 2.5, "b": 0, "c": 0}"#,
            r#"{"a": -1, "b": 0, "c": 0}"#,
            r#"{"a": 4294967296, "b": 0, "c": 0}"#,
            r#"{"a": 4294967296.0, "b": 0, "c": 0}"#,
            r#"{"a": 0, "b": -1.0, "c": 0}"#,
            r#"{"a": 0, "b": 18446744073709551616.0, "c": 0}"#,
            r#"{"a": 0, "b": 0, "c": 9223372036854775808}"#,
            r#"{"a": 0, "b": 0, "c": 9223372036854775808.0}"#,
            r#"{"a": 0, "b": 0, "c": -9223372036854777856.0}"#,
            r#"{"a": 0, "b": 0, "c": 0, "d": 0.5}"#,
            r#"{"a": "1", "b": 0, "c": 0}"#,
            r#"{"a": 1e400, "b": 0, "c": 0}"#,
        ] {
            assert!(parse(json).is_err(), "{json} parsed");
        }
    }
}
