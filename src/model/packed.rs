//! Float arrays in a model file: written as base64 of their little-endian `f32` bytes (format
//! version 2), read from that or from a JSON list of numbers (version 1).
//!
//! A model's weights are hundreds of thousands of floats; as JSON numbers they were most of the
//! file and most of the time it took to load. Packed, they are exact (the bits are stored) and
//! take a third of the space.

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, with padding) of `bytes`.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Bytes of standard base64 text; `None` if it is not valid base64.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    const INVALID: u8 = 0xFF;
    static VALUE: [u8; 256] = {
        let mut t = [INVALID; 256];
        let mut i = 0;
        while i < 64 {
            t[ALPHABET[i] as usize] = i as u8;
            i += 1;
        }
        t
    };
    let b = text.as_bytes();
    if !b.len().is_multiple_of(4) {
        return None;
    }
    let quads = b.len() / 4;
    // Every quad but the last is four data characters, three bytes: decoded straight into
    // place (a model's weights are a few million characters).
    let mut out = vec![0u8; quads * 3];
    let mut bad = 0u8;
    for (q, o) in b.chunks_exact(4).zip(out.chunks_exact_mut(3)).take(quads.saturating_sub(1)) {
        let v = [VALUE[q[0] as usize], VALUE[q[1] as usize], VALUE[q[2] as usize], VALUE[q[3] as usize]];
        bad |= v[0] | v[1] | v[2] | v[3];
        let n = (u32::from(v[0]) << 18) | (u32::from(v[1]) << 12) | (u32::from(v[2]) << 6) | u32::from(v[3]);
        o.copy_from_slice(&n.to_be_bytes()[1..4]);
    }
    // Valid values are below 64, INVALID has the top bits set.
    if bad & 0xC0 != 0 {
        return None;
    }
    if let Some(q) = b.chunks_exact(4).last() {
        let pad = q.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 {
            return None;
        }
        let mut n = 0u32;
        for &c in &q[..4 - pad] {
            let v = VALUE[c as usize];
            if v == INVALID {
                return None;
            }
            n = (n << 6) | u32::from(v);
        }
        n <<= 6 * pad as u32;
        out.truncate((quads - 1) * 3);
        out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
    }
    Some(out)
}

/// Serialise floats packed (serde `serialize_with`).
pub fn serialize<S: Serializer>(v: &&[f32], s: S) -> Result<S::Ok, S::Error> {
    let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
    s.serialize_str(&encode(&bytes))
}

/// Deserialise floats, packed or as a list of numbers (serde `deserialize_with`).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f32>, D::Error> {
    struct Floats;
    impl<'de> Visitor<'de> for Floats {
        type Value = Vec<f32>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("base64 of little-endian f32 values, or a list of numbers")
        }

        fn visit_str<E: de::Error>(self, s: &str) -> Result<Vec<f32>, E> {
            let bytes = decode(s).ok_or_else(|| E::custom("packed floats are not valid base64"))?;
            if !bytes.len().is_multiple_of(4) {
                return Err(E::custom(format!("packed floats: {} bytes is not a whole number of f32", bytes.len())));
            }
            Ok(bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<f32>, A::Error> {
            let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(x) = seq.next_element::<f32>()? {
                v.push(x);
            }
            Ok(v)
        }
    }
    d.deserialize_any(Floats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded).as_deref(), Some(plain.as_bytes()));
        }
        for bad in ["Zg=", "Z===", "Zm9v!A==", "Z!9vYg==", "Z\u{e9}vYg==", "Zg==Zg==", "===="] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn floats_round_trip_bit_for_bit(v in proptest::collection::vec(proptest::num::f32::ANY, 0..40)) {
            #[derive(serde::Serialize)]
            struct W<'a> {
                #[serde(serialize_with = "serialize")]
                v: &'a [f32],
            }
            #[derive(serde::Deserialize)]
            struct R {
                #[serde(deserialize_with = "deserialize")]
                v: Vec<f32>,
            }
            let json = serde_json::to_string(&W { v: &v }).unwrap();
            let back: R = serde_json::from_str(&json).unwrap();
            proptest::prop_assert_eq!(
                back.v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                v.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_list_of_numbers_still_reads() {
        #[derive(Debug, serde::Deserialize)]
        struct R {
            #[serde(deserialize_with = "deserialize")]
            v: Vec<f32>,
        }
        let r: R = serde_json::from_str(r#"{"v": [1.5, -2, 0.25]}"#).unwrap();
        assert_eq!(r.v, vec![1.5, -2.0, 0.25]);
        assert!(serde_json::from_str::<R>(r#"{"v": "AAAA!"}"#).is_err());
        assert!(serde_json::from_str::<R>(r#"{"v": "AAA="}"#).unwrap_err().to_string().contains("whole number"));
    }
}
