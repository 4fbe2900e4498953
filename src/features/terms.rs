//! A vocabulary's feature names, kept in one string.
//!
//! A model has a hundred thousand of them. As a `Vec<String>` each was its own allocation, and
//! allocating them was about a quarter of loading the shipped model; here they are one buffer
//! and an end offset each, read from the model file without an allocation per name.

use serde::de::{self, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Feature names in column order (bigrams are two terms joined by a space).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Terms {
    text: String,
    /// `ends[i]`: where name `i` ends in `text` (it starts where name `i - 1` ends).
    ends: Vec<usize>,
}

impl Terms {
    /// No names.
    pub fn new() -> Self {
        Terms::default()
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Are there none?
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Name `i` (panics if `i` is out of range, as indexing a slice does).
    pub fn get(&self, i: usize) -> &str {
        let end = self.ends[i];
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..end]
    }

    /// Append a name.
    pub fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len());
    }

    /// The names in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl std::ops::Index<usize> for Terms {
    type Output = str;
    fn index(&self, i: usize) -> &str {
        self.get(i)
    }
}

impl<S: AsRef<str>> FromIterator<S> for Terms {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut t = Terms::new();
        for s in iter {
            t.push(s.as_ref());
        }
        t
    }
}

impl fmt::Debug for Terms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Written as a JSON list of strings (the model file's `vocabulary`).
impl Serialize for Terms {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for name in self.iter() {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

/// Read from a list of strings, each appended straight to the buffer.
impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct List;
        impl<'de> Visitor<'de> for List {
            type Value = Terms;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Terms, A::Error> {
                let mut terms = Terms::new();
                while seq.next_element_seed(Append(&mut terms))?.is_some() {}
                Ok(terms)
            }
        }
        deserializer.deserialize_seq(List)
    }
}

/// One string of the list, appended to the names.
struct Append<'a>(&'a mut Terms);

impl<'de> DeserializeSeed<'de> for Append<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Append<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.push(v);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_in_order() {
        let t: Terms = ["oil", "", "oil embargo", "عقوبات"].into_iter().collect();
        assert_eq!(t.len(), 4);
        assert_eq!(t.iter().collect::<Vec<_>>(), ["oil", "", "oil embargo", "عقوبات"]);
        assert_eq!(&t[3], "عقوبات");
        assert_eq!(t.get(1), "");
        assert!(Terms::new().is_empty());
    }

    #[test]
    fn json_is_a_list_of_strings_both_ways() {
        let t: Terms = ["a \"quoted\" b", "x\\y", "سلام", "tab\there"].into_iter().collect();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, serde_json::to_string(&t.iter().collect::<Vec<_>>()).unwrap());
        // Strings with escapes are not borrowed from the input: they still append correctly.
        let back: Terms = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        let from_bytes: Terms = serde_json::from_slice(json.as_bytes()).unwrap();
        assert_eq!(from_bytes, t);
        assert_eq!(serde_json::from_str::<Terms>("[]").unwrap(), Terms::new());
    }

    #[test]
    fn a_list_with_a_non_string_is_an_error() {
        assert!(serde_json::from_str::<Terms>(r#"["a", 3]"#).is_err());
        assert!(serde_json::from_str::<Terms>(r#""a""#).is_err());
    }
}
