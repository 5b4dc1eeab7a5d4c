//! Hex text to bytes, ignoring whitespace, with the position of a problem.

use std::fmt;

/// Why text is not hex: where (a byte offset into the text) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadHex {
    /// Offset of the offending character in the text.
    pub offset: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for BadHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad_hex at character {}: {}", self.offset, self.message)
    }
}

/// Decodes hex `text` into `out` (cleared first). ASCII whitespace anywhere
/// is ignored, so wrapped or grouped hex dumps decode as they are.
pub fn decode_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), BadHex> {
    out.clear();
    let mut high: Option<(u8, usize)> = None;
    for (offset, &c) in text.iter().enumerate() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let nibble = digit(c).ok_or_else(|| BadHex {
            offset,
            message: format!("{} is not a hex digit", describe(c)),
        })?;
        high = match high {
            None => Some((nibble, offset)),
            Some((h, _)) => {
                out.push(h << 4 | nibble);
                None
            }
        };
    }
    match high {
        None => Ok(()),
        Some((_, offset)) => Err(BadHex {
            offset,
            message: "odd number of hex digits: this last one has no pair".to_owned(),
        }),
    }
}

fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// A byte as people read it: `'g'` when printable ASCII, else `byte 0xff`.
fn describe(c: u8) -> String {
    if c.is_ascii_graphic() {
        format!("'{}'", char::from(c))
    } else {
        format!("byte 0x{c:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Result<Vec<u8>, BadHex> {
        let mut out = vec![0xaa];
        decode_into(text.as_bytes(), &mut out).map(|()| out)
    }

    #[test]
    fn whitespace_anywhere_is_ignored_and_case_does_not_matter() {
        assert_eq!(decode(" 0a\tFf\r\n 1 0\n"), Ok(vec![0x0a, 0xff, 0x10]));
        assert_eq!(decode(""), Ok(vec![]));
    }

    #[test]
    fn a_non_digit_is_reported_where_it_is() {
        let err = decode("00 0g").unwrap_err();
        assert_eq!(err.offset, 4);
        assert_eq!(
            err.to_string(),
            "bad_hex at character 4: 'g' is not a hex digit"
        );
        assert_eq!(
            decode("0\u{e9}").unwrap_err().message,
            "byte 0xc3 is not a hex digit"
        );
    }

    #[test]
    fn an_unpaired_last_digit_is_reported_where_it_is() {
        assert_eq!(decode("001 ").unwrap_err().offset, 2);
    }
}
