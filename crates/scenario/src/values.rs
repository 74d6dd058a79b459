//! Scalar values of the format: located values, durations, chances, ranges and rates.
//!
//! Each is written in the words an instructor uses (`90m`, `70%`, `20m..90m`, `4/h`) and
//! parsed into integers: ticks, permille, per-hour counts. No floating point anywhere, so a
//! scenario means the same thing on every machine.

use std::borrow::Cow;
use std::fmt;

use drillhall_estate::{LastUsed, Ticks};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A position in a source file, 1-based. `line == 0` means unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Loc {
    pub line: u32,
    pub col: u32,
}

impl Loc {
    /// A location; both numbers 1-based.
    pub fn new(line: u32, col: u32) -> Self {
        Loc { line, col }
    }
    /// Whether the location is known.
    pub fn is_known(self) -> bool {
        self.line > 0
    }
}

/// A value together with where it was written. Used for every id and reference so that
/// semantic errors can point at the exact place in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct At<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> At<T> {
    /// A value at a location.
    pub fn new(value: T, loc: Loc) -> Self {
        At { value, loc }
    }
    /// A value with no known location (built in code rather than read from a file).
    pub fn bare(value: T) -> Self {
        At {
            value,
            loc: Loc::default(),
        }
    }
}

impl<T> std::ops::Deref for At<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(At {
            value: s.value,
            loc: Loc::new(s.referenced.line() as u32, s.referenced.column() as u32),
        })
    }
}

impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: JsonSchema> JsonSchema for At<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(g: &mut SchemaGenerator) -> Schema {
        T::json_schema(g)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// An id written in the file, with its location.
pub type Id = At<String>;

/// What every id looks like: kebab-case, `^[a-z0-9]+(-[a-z0-9]+)*$`.
pub const ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// One id or a list of ids: `credential: tok-a` or `credential: [tok-a, tok-b]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdList(pub Vec<Id>);

impl IdList {
    /// The ids, in the order written.
    pub fn iter(&self) -> std::slice::Iter<'_, Id> {
        self.0.iter()
    }
    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of ids.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<'a> IntoIterator for &'a IdList {
    type Item = &'a Id;
    type IntoIter = std::slice::Iter<'a, Id>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The outer span locates a single scalar; list items carry their own spans.
        let outer = serde_saphyr::Spanned::<OneOrMany>::deserialize(d)?;
        let loc = Loc::new(
            outer.referenced.line() as u32,
            outer.referenced.column() as u32,
        );
        Ok(IdList(match outer.value {
            OneOrMany::One(s) => vec![At::new(s, loc)],
            OneOrMany::Many(v) => v,
        }))
    }
}

impl Serialize for IdList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|a| &a.value))
    }
}

impl JsonSchema for IdList {
    fn schema_name() -> Cow<'static, str> {
        "IdList".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One id, or a list of ids",
            "oneOf": [
                { "type": "string", "pattern": ID_PATTERN },
                { "type": "array", "items": { "type": "string", "pattern": ID_PATTERN } }
            ]
        })
    }
}

enum OneOrMany {
    One(String),
    Many(Vec<Id>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id or a list of ids")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(v.to_owned()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(x) = seq.next_element::<Id>()? {
                    out.push(x);
                }
                Ok(OneOrMany::Many(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parses a duration: `90m`, `4h`, `2d`, `1w`, combinations such as `6h15m`, or bare ticks.
/// Returns ticks (minutes).
pub fn parse_duration(text: &str) -> Option<Ticks> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(n) = t.parse::<u64>() {
        return Some(n);
    }
    let mut total: Ticks = 0;
    let mut num: Option<u64> = None;
    let mut last_unit = u64::MAX;
    for c in t.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(
                num.unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(u64::from(d))?,
            );
            continue;
        }
        let unit = match c {
            'w' => 7 * 24 * 60,
            'd' => 24 * 60,
            'h' => 60,
            'm' => 1,
            _ => return None,
        };
        // Units must come largest first and only once: `6h15m`, not `15m6h`.
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        total = total.checked_add(num.take()?.checked_mul(unit)?)?;
    }
    if num.is_some() {
        return None;
    }
    Some(total)
}

/// Formats ticks the way the format writes them (`6h15m`, `2d`, `0m`).
pub fn format_duration(ticks: Ticks) -> String {
    if ticks == 0 {
        return "0m".into();
    }
    let mut out = String::new();
    let mut rest = ticks;
    for (unit, suffix) in [(24 * 60, 'd'), (60, 'h'), (1, 'm')] {
        if rest >= unit {
            out.push_str(&(rest / unit).to_string());
            out.push(suffix);
            rest %= unit;
        }
    }
    out
}

/// Formats a tick as the session clock: `T+1:05` (hours:minutes) within the first day,
/// `T+26d04:35` (days, then hours:minutes) after it.
pub fn format_clock(tick: Ticks) -> String {
    const DAY: Ticks = 24 * 60;
    if tick < DAY {
        format!("T+{}:{:02}", tick / 60, tick % 60)
    } else {
        format!("T+{}d{:02}:{:02}", tick / DAY, tick % DAY / 60, tick % 60)
    }
}

/// A duration in ticks, written `90m`, `4h`, `2d`, `6h15m` or as a bare number of ticks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(pub Ticks);

impl Duration {
    /// The number of ticks.
    pub fn ticks(self) -> Ticks {
        self.0
    }
}

const DURATION_EXPECTED: &str =
    "a duration such as `90m`, `4h`, `2d`, `6h15m`, or a number of minutes";

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(DURATION_EXPECTED)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
                Ok(Duration(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
                u64::try_from(v)
                    .map(Duration)
                    .map_err(|_| E::custom(format!("expected {DURATION_EXPECTED}, found {v}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
                parse_duration(v)
                    .map(Duration)
                    .ok_or_else(|| E::custom(format!("expected {DURATION_EXPECTED}, found `{v}`")))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_duration(self.0))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(self.0))
    }
}

const DURATION_PATTERN: &str = "^([0-9]+|([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?)$";

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A duration: `90m`, `4h`, `2d`, `6h15m`, or a number of minutes",
            "oneOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": DURATION_PATTERN }
            ]
        })
    }
}

/// A probability in permille, written `70%` or `12.5%` (one decimal at most).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Chance(pub u16);

impl Chance {
    /// Permille, 0..=1000.
    pub fn permille(self) -> u16 {
        self.0
    }
}

/// Parses `70%` or `12.5%` into permille.
pub fn parse_chance(text: &str) -> Option<u16> {
    let t = text.trim().strip_suffix('%')?.trim();
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t, ""),
    };
    if whole.is_empty() || frac.len() > 1 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let w: u32 = whole.parse().ok()?;
    let f: u32 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let pm = w.checked_mul(10)?.checked_add(f)?;
    if pm > 1000 {
        return None;
    }
    u16::try_from(pm).ok()
}

impl<'de> Deserialize<'de> for Chance {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_chance(&s).map(Chance).ok_or_else(|| {
            de::Error::custom(format!(
                "expected a chance from `0%` to `100%` such as `70%`, found `{s}`"
            ))
        })
    }
}

impl Serialize for Chance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = if self.0.is_multiple_of(10) {
            format!("{}%", self.0 / 10)
        } else {
            format!("{}.{}%", self.0 / 10, self.0 % 10)
        };
        s.serialize_str(&t)
    }
}

impl JsonSchema for Chance {
    fn schema_name() -> Cow<'static, str> {
        "Chance".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A chance from `0%` to `100%`, e.g. `70%`",
            "type": "string",
            "pattern": "^[0-9]{1,3}(\\.[0-9])?%$"
        })
    }
}

/// An inclusive range of ticks, written `20m..90m` (or a single duration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TickRange {
    pub lo: Ticks,
    pub hi: Ticks,
}

impl<'de> Deserialize<'de> for TickRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = ScalarText::deserialize(d)?.0;
        let parsed = match s.split_once("..") {
            Some((a, b)) => parse_duration(a).zip(parse_duration(b)),
            None => parse_duration(&s).map(|x| (x, x)),
        };
        match parsed {
            Some((lo, hi)) if lo <= hi => Ok(TickRange { lo, hi }),
            Some(_) => Err(de::Error::custom(format!(
                "the range `{s}` ends before it starts: write the smaller duration first"
            ))),
            None => Err(de::Error::custom(format!(
                "expected a range of durations such as `20m..90m`, found `{s}`"
            ))),
        }
    }
}

impl Serialize for TickRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!(
            "{}..{}",
            format_duration(self.lo),
            format_duration(self.hi)
        ))
    }
}

impl JsonSchema for TickRange {
    fn schema_name() -> Cow<'static, str> {
        "TickRange".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A range of durations, `20m..90m`, or one duration",
            "oneOf": [ { "type": "integer", "minimum": 0 }, { "type": "string" } ]
        })
    }
}

/// An inclusive range of seeds, written `1..50`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeedRange {
    pub first: u64,
    pub last: u64,
}

impl SeedRange {
    /// Parses `1..50` or a single seed.
    pub fn parse(s: &str) -> Option<Self> {
        let (a, b) = if let Some((a, b)) = s.split_once("..") {
            (a.trim().parse().ok()?, b.trim().parse().ok()?)
        } else {
            let x = s.trim().parse().ok()?;
            (x, x)
        };
        (a <= b).then_some(SeedRange { first: a, last: b })
    }
    /// The seeds, in order.
    pub fn seeds(self) -> impl Iterator<Item = u64> {
        self.first..=self.last
    }
}

impl<'de> Deserialize<'de> for SeedRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = ScalarText::deserialize(d)?.0;
        SeedRange::parse(&s).ok_or_else(|| {
            de::Error::custom(format!(
                "expected a range of seeds such as `1..50`, found `{s}`"
            ))
        })
    }
}

impl Serialize for SeedRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}..{}", self.first, self.last))
    }
}

impl JsonSchema for SeedRange {
    fn schema_name() -> Cow<'static, str> {
        "SeedRange".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "A range of seeds, `1..50`", "type": "string", "pattern": "^[0-9]+(\\.\\.[0-9]+)?$" })
    }
}

/// A rate of events per hour, written `4/h` (or `1/d`, `10/30m`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate {
    /// Events per `per` ticks.
    pub count: u64,
    pub per: Ticks,
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let parsed = s.split_once('/').and_then(|(n, unit)| {
            let count: u64 = n.trim().parse().ok()?;
            let unit = unit.trim();
            let unit = if unit.starts_with(|c: char| c.is_ascii_digit()) {
                unit.to_owned()
            } else {
                format!("1{unit}")
            };
            let per = parse_duration(&unit)?;
            (per > 0).then_some(Rate { count, per })
        });
        parsed.ok_or_else(|| {
            de::Error::custom(format!(
                "expected a rate such as `4/h`, `1/d` or `10/30m`, found `{s}`"
            ))
        })
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}/{}", self.count, format_duration(self.per)))
    }
}

impl JsonSchema for Rate {
    fn schema_name() -> Cow<'static, str> {
        "Rate".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "Events per period, `4/h`", "type": "string", "pattern": "^[0-9]+/[0-9]*[mhdw]$" })
    }
}

/// The inventory's record of last use: `3d` ago, `never`, or `unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LastUsedSpec(pub LastUsed);

impl<'de> Deserialize<'de> for LastUsedSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = ScalarText::deserialize(d)?.0;
        match s.as_str() {
            "never" => Ok(LastUsedSpec(LastUsed::Never)),
            "unknown" => Ok(LastUsedSpec(LastUsed::Unknown)),
            other => parse_duration(other)
                .map(|t| LastUsedSpec(LastUsed::Ago(t)))
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "expected how long ago (`3d`, `90d`), `never` or `unknown`, found `{s}`"
                    ))
                }),
        }
    }
}

impl Serialize for LastUsedSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            LastUsed::Never => s.serialize_str("never"),
            LastUsed::Unknown => s.serialize_str("unknown"),
            LastUsed::Ago(t) => s.serialize_str(&format_duration(t)),
        }
    }
}

impl JsonSchema for LastUsedSpec {
    fn schema_name() -> Cow<'static, str> {
        "LastUsed".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "How long ago (`3d`), `never`, or `unknown`", "oneOf": [ { "type": "integer" }, { "type": "string" } ] })
    }
}

/// A scalar read as text whether YAML typed it as a number or a string.
struct ScalarText(String);

impl<'de> Deserialize<'de> for ScalarText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ScalarText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ScalarText, E> {
                Ok(ScalarText(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_instructors_write_them() {
        assert_eq!(parse_duration("90m"), Some(90));
        assert_eq!(parse_duration("4h"), Some(240));
        assert_eq!(parse_duration("2d"), Some(2880));
        assert_eq!(parse_duration("6h15m"), Some(375));
        assert_eq!(parse_duration("1w"), Some(10080));
        assert_eq!(parse_duration("17"), Some(17));
        assert_eq!(parse_duration("15m6h"), None);
        assert_eq!(parse_duration("4 hours"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("4"), Some(4));
        assert_eq!(parse_duration("99999999999999999999d"), None);
        assert_eq!(format_duration(375), "6h15m");
        assert_eq!(format_duration(2880), "2d");
        assert_eq!(format_clock(74), "T+1:14");
        assert_eq!(format_clock(24 * 60 - 1), "T+23:59");
        assert_eq!(format_clock(24 * 60), "T+1d00:00");
        assert_eq!(format_clock(26 * 24 * 60 + 4 * 60 + 35), "T+26d04:35");
    }

    #[test]
    fn chances_are_permille() {
        assert_eq!(parse_chance("70%"), Some(700));
        assert_eq!(parse_chance("12.5%"), Some(125));
        assert_eq!(parse_chance("100%"), Some(1000));
        assert_eq!(parse_chance("101%"), None);
        assert_eq!(parse_chance("0.7"), None);
        assert_eq!(parse_chance("-5%"), None);
    }
}
