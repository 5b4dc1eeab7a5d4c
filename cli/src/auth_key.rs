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
    /// under the shared secret in FILE, whose bytes are the secret as ember
    /// nodes read it (trailing whitespace and line ending not included). An
    /// empty or unreadable key file is exit 2.
    #[arg(long, value_name = "FILE")]
    auth_key_file: Option<PathBuf>,
}

impl AuthKeyFile {
    /// The key, if the option is given.
    pub fn key(&self) -> Result<Option<AuthKey>, Failure> {
        self.auth_key_file.as_deref().map(read).transpose()
    }
}

/// The key whose secret is in `path`: its bytes without trailing ASCII
/// whitespace, so that `echo secret > key` and an editor's final newline
/// (`\n` or `\r\n`) give the key of `secret`.
fn read(path: &Path) -> Result<AuthKey, Failure> {
    let bytes = fs::read(path).map_err(|error| {
        Failure::Unreadable(format!("cannot read key file {}: {error}", path.display()))
    })?;
    // The secret's bytes do not outlive the key made from them.
    let bytes = Zeroizing::new(bytes);
    let secret = bytes.trim_ascii_end();
    if secret.is_empty() {
        return Err(Failure::Unreadable(format!(
            "key file {} is empty: a shared secret is needed",
            path.display()
        )));
    }
    Ok(AuthKey::new(secret))
}
