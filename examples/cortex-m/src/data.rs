//! The bench corpus and the authenticated frames of `tests/data`, as bytes
//! (made by `build.rs`, kept in the `.corpus` section).

/// One message of the bench corpus.
pub struct Bench {
    /// The file name without `.hex`, such as `join_v4`.
    pub name: &'static [u8],
    /// The message.
    pub bytes: &'static [u8],
    /// What [`walk`](crate::walk::walk) makes of it, worked out on the
    /// build machine.
    pub walk: u32,
}

/// One line of `auth_frames.jsonl`.
pub struct Frame {
    /// Such as `bench/join_v4` or `invalid/21`.
    pub name: &'static [u8],
    /// The shared secret.
    pub key: &'static [u8],
    /// `payload || tag`.
    pub frame: &'static [u8],
    /// Why strict decoding refuses it; `None` for a valid frame.
    pub error: Option<Expected>,
}

/// How a frame's payload is refused.
pub struct Expected {
    /// The SPEC's name of the error kind, such as `truncated`.
    pub kind: &'static [u8],
    /// Its offset, where the fixture pins it.
    pub offset: Option<usize>,
    /// Whether the lenient profile accepts it.
    pub lenient_ok: bool,
    /// Bytes the lenient profile ignores after the message, where given.
    pub lenient_trailing: Option<usize>,
}

include!(concat!(env!("OUT_DIR"), "/data.rs"));
