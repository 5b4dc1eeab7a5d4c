//! The `--max-collection` option shared by the commands.

use std::num::NonZeroU16;

/// Parses a collection limit: a whole number from 1 to 65535.
pub fn parse(text: &str) -> Result<NonZeroU16, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a limit from 1 to 65535"))
}
