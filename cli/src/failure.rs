//! How a command fails: what to say on stderr, and the exit code.

use std::io;
use std::process::ExitCode;

/// A command that did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The input is not a valid message, or not a valid description of one
    /// (exit 1).
    Invalid(String),
    /// The input is not hex, or cannot be read at all; or the key file
    /// cannot be read or is empty (exit 2).
    Unreadable(String),
    /// Whoever reads the output has stopped reading (`| head`): stop quietly.
    OutputClosed,
}

impl Failure {
    /// Standard input could not be read.
    pub fn stdin(error: io::Error) -> Self {
        Self::Unreadable(format!("cannot read standard input: {error}"))
    }

    /// Says what went wrong on stderr and returns the exit code.
    pub fn report(self) -> ExitCode {
        match self {
            Self::Invalid(message) => {
                eprintln!("error: {message}");
                ExitCode::from(1)
            }
            Self::Unreadable(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Self::OutputClosed => ExitCode::SUCCESS,
        }
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Self::OutputClosed
        } else {
            Self::Unreadable(error.to_string())
        }
    }
}
