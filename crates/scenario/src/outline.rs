//! The document's outline: every key and value of the YAML file with where it was written.
//!
//! The typed format keeps locations only for ids, references and a few values. When a
//! diagnostic needs more (the `via` key of an inject, the record a missing field belongs to,
//! the first of two duplicate keys), the loader reads the file a second time into this
//! untyped outline. That happens only on the error path, so a valid file is parsed once.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_saphyr::Spanned;

use crate::values::Loc;

/// One step of a path from the document root: a mapping key or a list index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// A YAML node with its location and the last location inside it.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub loc: Loc,
    /// The greatest location of anything inside this node (its own for a scalar).
    pub end: Loc,
    pub body: Body,
}

/// What a node holds.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// A mapping entry.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub key: String,
    pub key_loc: Loc,
    pub value: Node,
}

impl Node {
    /// Reads the outline of a document, or says why it is not well-formed YAML.
    pub fn parse(
        text: &str,
        mut options: serde_saphyr::Options,
    ) -> Result<Node, serde_saphyr::Error> {
        // YAML 1.1 reads `on:` as `true:`; the outline keeps keys as the format spells them.
        options.strict_booleans = true;
        let raw: Spanned<Raw> = serde_saphyr::from_str_with_options(text, options)?;
        Ok(Node::from_raw(raw))
    }

    fn from_raw(raw: Spanned<Raw>) -> Node {
        let loc = loc_of(&raw.referenced);
        let (body, end) = match raw.value {
            Raw::Scalar(s) => (Body::Scalar(s), loc),
            Raw::Seq(items) => {
                let items: Vec<Node> = items.into_iter().map(Node::from_raw).collect();
                let end = items.iter().map(|n| n.end).fold(loc, Loc::max);
                (Body::Seq(items), end)
            }
            Raw::Map(entries) => {
                let entries: Vec<Entry> = entries
                    .into_iter()
                    .map(|(k, v)| Entry {
                        key: k.value.0,
                        key_loc: loc_of(&k.referenced),
                        value: Node::from_raw(v),
                    })
                    .collect();
                let end = entries
                    .iter()
                    .map(|e| e.value.end.max(e.key_loc))
                    .fold(loc, Loc::max);
                (Body::Map(entries), end)
            }
        };
        Node { loc, end, body }
    }

    /// The entries, if this is a mapping.
    pub fn entries(&self) -> &[Entry] {
        match &self.body {
            Body::Map(e) => e,
            _ => &[],
        }
    }

    /// The entry for a key, if this is a mapping that has it (the first, if repeated).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    /// The scalar text, if this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.body {
            Body::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The node at a path.
    pub fn at(&self, path: &[Seg]) -> Option<&Node> {
        let mut n = self;
        for seg in path {
            n = match (seg, &n.body) {
                (Seg::Key(k), Body::Map(_)) => &n.entry(k)?.value,
                (Seg::Index(i), Body::Seq(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(n)
    }

    /// Where the key at the end of a path was written (or the node, for a list index).
    pub fn key_loc(&self, path: &[Seg]) -> Option<Loc> {
        let (last, parent) = path.split_last()?;
        let parent = self.at(parent)?;
        match last {
            Seg::Key(k) => parent.entry(k).map(|e| e.key_loc),
            Seg::Index(_) => self.at(path).map(|n| n.loc),
        }
    }

    /// The mappings that enclose a location, outermost first, each with its path.
    pub fn maps_around(&self, at: Loc) -> Vec<(Vec<Seg>, &Node)> {
        let mut out = Vec::new();
        let mut path = Vec::new();
        let mut n = self;
        loop {
            if matches!(n.body, Body::Map(_)) {
                out.push((path.clone(), n));
            }
            let next = match &n.body {
                Body::Scalar(_) => None,
                Body::Seq(items) => items
                    .iter()
                    .enumerate()
                    .find(|(_, c)| c.loc <= at && at <= c.end)
                    .map(|(i, c)| (Seg::Index(i), c)),
                Body::Map(entries) => entries
                    .iter()
                    .find(|e| e.value.loc <= at && at <= e.value.end)
                    .map(|e| (Seg::Key(e.key.clone()), &e.value)),
            };
            match next {
                Some((seg, child)) => {
                    path.push(seg);
                    n = child;
                }
                None => return out,
            }
        }
    }
}

fn loc_of(l: &serde_saphyr::Location) -> Loc {
    Loc::new(
        u32::try_from(l.line()).unwrap_or(u32::MAX),
        u32::try_from(l.column()).unwrap_or(u32::MAX),
    )
}

/// A node as serde delivers it, before locations are folded in.
enum Raw {
    Scalar(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<KeyText>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any YAML node")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
                Ok(Raw::Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
                Ok(Raw::Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
                Ok(Raw::Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
                Ok(Raw::Scalar(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::Scalar(v.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw::Scalar(String::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw::Scalar(String::new()))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
                Raw::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
                let mut items = Vec::new();
                while let Some(x) = seq.next_element()? {
                    items.push(x);
                }
                Ok(Raw::Seq(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
                let mut entries = Vec::new();
                while let Some(k) = map.next_key()? {
                    entries.push((k, map.next_value()?));
                }
                Ok(Raw::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mapping key as text (a key that is itself a collection reads as empty text).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(KeyText(match Raw::deserialize(d)? {
            Raw::Scalar(s) => s,
            Raw::Seq(_) | Raw::Map(_) => String::new(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Node {
        Node::parse(text, serde_saphyr::Options::default()).expect("the test text is YAML")
    }

    #[test]
    fn keys_and_values_keep_where_they_were_written() {
        let n = outline("a:\n  b: [x, { c: 1 }]\n  d: 2\n");
        let path = [Seg::Key("a".into()), Seg::Key("d".into())];
        assert_eq!(n.key_loc(&path), Some(Loc::new(3, 3)));
        let c = n
            .at(&[
                Seg::Key("a".into()),
                Seg::Key("b".into()),
                Seg::Index(1),
                Seg::Key("c".into()),
            ])
            .expect("a.b[1].c exists");
        assert_eq!(c.scalar(), Some("1"));
        assert_eq!(c.loc, Loc::new(2, 15));
    }

    #[test]
    fn the_maps_around_a_location_are_found_innermost_last() {
        let n = outline("a:\n  b: [x, { c: 1 }]\n  d: 2\n");
        let maps = n.maps_around(Loc::new(2, 15));
        let paths: Vec<&[Seg]> = maps.iter().map(|(p, _)| p.as_slice()).collect();
        assert_eq!(
            paths,
            vec![
                &[][..],
                &[Seg::Key("a".into())][..],
                &[Seg::Key("a".into()), Seg::Key("b".into()), Seg::Index(1)][..],
            ]
        );
    }
}
