//! A message from its JSON (SPEC §8) to bytes, naming the field of any
//! problem by its path, such as `.updates[2].addr`.
//!
//! The owned types' serde derives check everything, but their messages
//! cannot say where: a tagged enum is buffered before its fields are read,
//! which loses the position. So the happy path deserializes directly, and
//! only a failure walks the JSON to find the innermost field that fails on
//! its own. In the SPEC's shape a field's name tells its type.

use std::fmt;
use std::net::SocketAddr;

use serde::Deserialize;
use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::Value;
use swimwire::{
    AUTH_TAG_LEN, AuthKey, EncodeError, Encoder, LocatedEncodeError, MemberBuf, MessageBuf,
    SlotRange, UpdateBuf, Uuid,
};

/// A problem with a message's JSON, and the path of the field it is in
/// (empty for the message as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Path of the field, as jq writes it: `.members[0].slots[3]`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl FieldError {
    /// A problem at `path`.
    pub fn new(path: &str, message: impl fmt::Display) -> Self {
        Self {
            path: path.to_owned(),
            message: message.to_string(),
        }
    }
}

impl FieldError {
    /// The same problem, in a value found at `prefix` of a larger document.
    pub fn within(mut self, prefix: &str) -> Self {
        self.path.insert_str(0, prefix);
        self
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Reads one message from JSON text.
///
/// The typed parse buffers a whole message before it reads its fields (the
/// message's `type` may come last), so problems are looked for first in
/// passes whose memory does not grow with the input: the syntax, then
/// every field of the message and, one at a time, every item of its lists.
pub fn parse(text: &[u8]) -> Result<MessageBuf, FieldError> {
    serde_json::from_slice::<IgnoredAny>(text)
        .map_err(|error| FieldError::new("", format_args!("invalid JSON: {error}")))?;
    let (mut found, mut strings) = (None, false);
    let walk = MessageWalk {
        found: &mut found,
        strings: &mut strings,
    };
    let walked = walk.deserialize(&mut serde_json::Deserializer::from_slice(text));
    if let Some(error) = found {
        return Err(error);
    }
    if let Err(error) = walked {
        return Err(FieldError::new("", without_position(&error)));
    }
    // What is left is the message as a whole: a missing or unknown field,
    // an unknown `type`, a repeated key.
    let typed = if strings {
        // The owned types read u64s from JSON numbers only.
        serde_json::from_slice::<Value>(text).and_then(|mut value| {
            numbers_from_strings(&mut value);
            MessageBuf::deserialize(value)
        })
    } else {
        serde_json::from_slice::<MessageBuf>(text)
    };
    typed.map_err(|error| FieldError::new("", without_position(&error)))
}

/// The fields that hold a u64: a JSON number, or its decimal string (which
/// tools that read JSON numbers as doubles, such as jq 1.6 and JavaScript,
/// keep exact).
const U64_FIELDS: [&str; 4] = ["seq", "incarnation", "epoch", "offset"];

/// The u64 in `text`, if it is one in decimal digits.
fn decimal_u64(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Whether `value`, the field `name`, is a u64 in a decimal string.
fn is_u64_string(name: &str, value: &Value) -> bool {
    U64_FIELDS.contains(&name) && value.as_str().and_then(decimal_u64).is_some()
}

/// Turns the decimal strings of u64 fields in `value`, and in the objects
/// in it, into numbers; whether there were any.
fn numbers_from_strings(value: &mut Value) -> bool {
    let mut changed = false;
    match value {
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                match field.as_str().and_then(decimal_u64) {
                    Some(number) if U64_FIELDS.contains(&name.as_str()) => {
                        *field = Value::from(number);
                        changed = true;
                    }
                    _ => changed |= numbers_from_strings(field),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                changed |= numbers_from_strings(item);
            }
        }
        _ => {}
    }
    changed
}

/// serde_json's message without the position it appends (a message is
/// named by its path here, and the syntax pass gives positions).
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Walks a message's fields, keeping at most one list item in memory, and
/// puts the first problem met in `found`; `strings` tells whether a u64
/// came as a decimal string.
struct MessageWalk<'a> {
    found: &'a mut Option<FieldError>,
    strings: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for MessageWalk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for MessageWalk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a message: a JSON object with \"type\" and its fields (SPEC §8)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            let path = format!(".{name}");
            let item: Option<fn(&Value, &str) -> Option<FieldError>> = match name.as_str() {
                "updates" => {
                    Some(|value, path| locate_object::<UpdateBuf>(value, path, "an update"))
                }
                "members" => {
                    Some(|value, path| locate_object::<MemberBuf>(value, path, "a member"))
                }
                "slots" => Some(locate_value::<SlotRange>),
                _ => None,
            };
            let walked = match item {
                Some(item) => map.next_value_seed(ListWalk {
                    path: &path,
                    item,
                    found: self.found,
                    strings: self.strings,
                }),
                None => map.next_value::<Value>().map(|value| {
                    *self.strings |= is_u64_string(&name, &value);
                    *self.found = locate_field(&name, &value, &path);
                }),
            };
            if let Err(error) = walked {
                self.found
                    .get_or_insert_with(|| FieldError::new(&path, error.to_string()));
                return Err(error);
            }
            if self.found.is_some() {
                return Err(A::Error::custom("found"));
            }
        }
        Ok(())
    }
}

/// Walks a list, one item at a time.
struct ListWalk<'a> {
    path: &'a str,
    item: fn(&Value, &str) -> Option<FieldError>,
    found: &'a mut Option<FieldError>,
    strings: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for ListWalk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListWalk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let mut index = 0usize;
        while let Some(mut value) = items.next_element::<Value>()? {
            *self.strings |= numbers_from_strings(&mut value);
            if let Some(error) = (self.item)(&value, &format!("{}[{index}]", self.path)) {
                *self.found = Some(error);
                return Err(A::Error::custom("found"));
            }
            index += 1;
        }
        Ok(())
    }
}

/// Encodes `message`, followed by its tag under `key` when there is one; a
/// list over the encoder's limit or an address the wire cannot carry is
/// named by its path.
pub fn encode(
    message: &MessageBuf,
    encoder: &Encoder,
    key: Option<&AuthKey>,
) -> Result<Vec<u8>, FieldError> {
    let view = message.as_message();
    encoder.check_located(&view).map_err(refusal)?;
    let mut bytes = vec![0; view.encoded_len() + key.map_or(0, |_| AUTH_TAG_LEN)];
    let len = match key {
        Some(key) => encoder.encode_authenticated_into(&view, key, &mut bytes),
        None => encoder.encode_into(&view, &mut bytes),
    }
    .map_err(|error| FieldError::new("", error))?;
    bytes.truncate(len);
    Ok(bytes)
}

/// Where `value` fails to deserialize as the object type `T`, `what` the
/// SPEC calls it: the innermost field that fails on its own, or else the
/// object itself (a missing or unknown field, an unknown `type`).
fn locate_object<T: DeserializeOwned>(value: &Value, path: &str, what: &str) -> Option<FieldError> {
    let error = T::deserialize(value).err()?;
    let Value::Object(fields) = value else {
        return Some(FieldError::new(
            path,
            format_args!("expected {what}: a JSON object with \"type\" and its fields (SPEC §8)"),
        ));
    };
    let inner = fields
        .iter()
        .find_map(|(name, field)| locate_field(name, field, &format!("{path}.{name}")));
    Some(inner.unwrap_or_else(|| FieldError::new(path, error)))
}

fn locate_field(name: &str, value: &Value, path: &str) -> Option<FieldError> {
    match name {
        "seq" | "incarnation" | "epoch" | "offset" => locate_u64(value, path),
        "sender" | "target" | "node" | "id" | "candidate" | "from" => {
            locate_value::<Uuid>(value, path)
        }
        "replicates" => locate_value::<Option<Uuid>>(value, path),
        "sender_addr" | "target_addr" | "addr" => locate_value::<SocketAddr>(value, path),
        "is_primary" => locate_value::<bool>(value, path),
        "type" => locate_value::<String>(value, path),
        "updates" => locate_list(value, path, |value, path| {
            locate_object::<UpdateBuf>(value, path, "an update")
        }),
        "members" => locate_list(value, path, |value, path| {
            locate_object::<MemberBuf>(value, path, "a member")
        }),
        "slots" => locate_list(value, path, locate_value::<SlotRange>),
        // An unknown field: the enclosing object's error names it.
        _ => None,
    }
}

/// A u64 field: a number or a decimal string. JSON reads a whole number
/// past 2^64 - 1 as a float, which is not what its writer meant.
fn locate_u64(value: &Value, path: &str) -> Option<FieldError> {
    const TOO_LARGE: &str = "a whole number over 18446744073709551615 (2^64 - 1), the largest u64";
    match value {
        Value::String(text) if decimal_u64(text).is_some() => None,
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(FieldError::new(path, TOO_LARGE))
        }
        Value::String(_) => Some(FieldError::new(
            path,
            "expected a u64: a whole number from 0 to 18446744073709551615, or its decimal digits in a string",
        )),
        Value::Number(number) if number.is_f64() => Some(FieldError::new(
            path,
            match number.as_f64() {
                Some(float) if float.fract() == 0.0 && float > 0.0 => TOO_LARGE,
                _ => "expected a whole number from 0 to 18446744073709551615 (a u64)",
            },
        )),
        _ => locate_value::<u64>(value, path),
    }
}

fn locate_value<T: DeserializeOwned>(value: &Value, path: &str) -> Option<FieldError> {
    T::deserialize(value)
        .err()
        .map(|error| FieldError::new(path, error))
}

fn locate_list(
    value: &Value,
    path: &str,
    locate_item: fn(&Value, &str) -> Option<FieldError>,
) -> Option<FieldError> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| locate_item(item, &format!("{path}[{index}]"))),
        _ => locate_value::<Vec<Value>>(value, path),
    }
}

/// The encoder's refusal, at the path of the field it names; a list over the
/// limit says which option raises it.
fn refusal(refused: LocatedEncodeError) -> FieldError {
    let path = refused.location().to_string();
    match refused.error() {
        error @ EncodeError::TooManyItems { .. } => {
            FieldError::new(&path, format_args!("{error} (see --max-collection)"))
        }
        error => FieldError::new(&path, error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODE: &str = "00000000-0000-0000-0000-000000000001";

    fn error(json: &str) -> String {
        parse(json.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn a_bad_value_deep_inside_is_named_by_its_path() {
        let json = format!(
            r#"{{"type":"welcome","sender":"{NODE}","members":[
                {{"id":"{NODE}","addr":"1.2.3.4:1","incarnation":1,"is_primary":true,"slots":[]}},
                {{"id":"{NODE}","addr":"1.2.3.4:1","incarnation":1,"is_primary":true,"slots":[[0,1],[9,3]]}}]}}"#
        );
        assert_eq!(
            error(&json),
            ".members[1].slots[1]: invalid slot range [9, 3]: need start <= end < 16384"
        );
        let json = format!(
            r#"{{"type":"ping","seq":1,"sender":"{NODE}","updates":[{{"type":"alive","node":"{NODE}","addr":"nowhere","incarnation":0}}]}}"#
        );
        assert_eq!(
            error(&json),
            ".updates[0].addr: invalid socket address syntax"
        );
    }

    #[test]
    fn a_missing_field_is_reported_at_its_object() {
        let json =
            format!(r#"{{"type":"ping","seq":1,"sender":"{NODE}","updates":[{{"type":"left"}}]}}"#);
        assert_eq!(error(&json), ".updates[0]: missing field `node`");
        assert_eq!(error(r#"{"type":"join"}"#), "missing field `sender`");
    }

    #[test]
    fn broken_json_says_where() {
        assert!(error(r#"{"type":"#).starts_with("invalid JSON: EOF while parsing"));
    }

    #[test]
    fn encoder_refusals_are_named_by_path() {
        let json =
            format!(r#"{{"type":"join","sender":"{NODE}","sender_addr":"[fe80::1%2]:7946"}}"#);
        let message = parse(json.as_bytes()).unwrap();
        let err = encode(&message, &Encoder::new(), None).unwrap_err();
        assert_eq!(err.path, ".sender_addr");

        let slots = vec![[0, 0]; 3];
        let json = serde_json::json!({"type": "slots_announce", "sender": NODE, "incarnation": 1, "slots": slots});
        let message = parse(json.to_string().as_bytes()).unwrap();
        let small = Encoder::new().with_max_collection(2.try_into().unwrap());
        assert_eq!(
            encode(&message, &small, None).unwrap_err().to_string(),
            ".slots: list of 3 items is over the limit of 2 (see --max-collection)"
        );
        assert_eq!(
            encode(&message, &Encoder::new(), None).unwrap().len(),
            1 + 16 + 8 + 2 + 12
        );
    }
}
