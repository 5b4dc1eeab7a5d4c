//! The `--auth-key-file` option shared by the commands: the cluster's shared
//! secret, for authenticated framing (SPEC §5).

use std::fs;
use std::path::{Path, PathBuf};

use swimwire::AuthKey;
use zeroize::Zeroizing;

use crate::failure::Failure;

/// Where the shared secret is, if frames are authenticated.
#[derive(clap::Args)]
pub struct AuthKeyFile {
    /// Authenticated frames: each message is followed by its HMAC-SHA256 tag
    /// under the shared secret in FILE, read as ember nodes read their
    /// `--cluster-auth-pass-file`: UTF-8 text without its trailing
    /// whitespace (line ending included), leading whitespace kept. A key
    /// file that cannot be read, is not UTF-8 or is empty is exit 2.
    #[arg(long, value_name = "FILE")]
    auth_key_file: Option<PathBuf>,
}

impl AuthKeyFile {
    /// The key, if the option is given.
    pub fn key(&self) -> Result<Option<AuthKey>, Failure> {
        self.auth_key_file.as_deref().map(read).transpose()
    }
}

/// The key whose secret is in `path`, read as ember nodes read it (SPEC
/// §5): UTF-8, trailing Unicode whitespace dropped as `str::trim_end`
/// drops it, so that `echo secret > key` and an editor's final newline
/// give the key of `secret`.
fn read(path: &Path) -> Result<AuthKey, Failure> {
    let refuse = |why: &dyn std::fmt::Display| {
        Failure::Unreadable(format!("key file {}: {why}", path.display()))
    };
    let bytes =
        fs::read(path).map_err(|error| refuse(&format_args!("cannot read key file: {error}")))?;
    // The secret's bytes do not outlive the key made from them.
    let bytes = Zeroizing::new(bytes);
    let text = std::str::from_utf8(&bytes).map_err(|error| {
        refuse(&format_args!(
            "not UTF-8 text ({error}); ember nodes refuse such a key file"
        ))
    })?;
    let secret = text.trim_end();
    if secret.is_empty() {
        return Err(refuse(&"is empty: a shared secret is needed"));
    }
    Ok(AuthKey::new(secret.as_bytes()))
}
