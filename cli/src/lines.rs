//! Standard input in bounded memory: whole, up to a limit, or a line at a
//! time, where a line longer than allowed is passed over without being
//! kept.

use std::io::{self, BufRead, BufReader, Read};

use crate::failure::Failure;

/// All of standard input, if it is at most `max` bytes; `what` says why
/// more cannot be meant.
pub fn read_stdin(max: usize, what: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(Failure::stdin)?;
    if bytes.len() > max {
        return Err(Failure::Unreadable(format!(
            "standard input is over {max} bytes, {what}"
        )));
    }
    Ok(bytes)
}

/// One line of input.
pub enum Line<'a> {
    /// Its text, line ending included.
    Text(&'a [u8]),
    /// A line longer than allowed, of this many bytes; not kept.
    TooLong(u64),
}

/// The lines of an input.
pub struct Lines<R> {
    input: BufReader<R>,
    line: Vec<u8>,
    max: usize,
    number: u64,
}

impl<R: Read> Lines<R> {
    /// The lines of `input`, each kept only if at most `max` bytes long.
    pub fn new(input: R, max: usize) -> Self {
        Self {
            input: BufReader::with_capacity(64 * 1024, input),
            line: Vec::new(),
            max,
            number: 0,
        }
    }

    /// The next line and its number (from 1), or `None` at the end.
    pub fn next(&mut self) -> io::Result<Option<(u64, Line<'_>)>> {
        self.line.clear();
        let (mut len, mut too_long) = (0u64, false);
        loop {
            let buffer = match self.input.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                break;
            }
            let end = buffer.iter().position(|&byte| byte == b'\n');
            let chunk = &buffer[..end.map_or(buffer.len(), |at| at + 1)];
            len += chunk.len() as u64;
            too_long |= self.line.len() + chunk.len() > self.max;
            if too_long {
                self.line = Vec::new();
            } else {
                self.line.extend_from_slice(chunk);
            }
            let taken = chunk.len();
            self.input.consume(taken);
            if end.is_some() {
                break;
            }
        }
        if len == 0 {
            return Ok(None);
        }
        self.number += 1;
        let line = if too_long {
            Line::TooLong(len)
        } else {
            Line::Text(&self.line)
        };
        Ok(Some((self.number, line)))
    }

    /// Whether reading on would wait for input: then is the time to hand
    /// over what is done, so that a program feeding lines one at a time
    /// gets its answers.
    pub fn would_wait(&self) -> bool {
        self.input.buffer().is_empty()
    }
}
