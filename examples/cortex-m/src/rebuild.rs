//! Encoding a decoded message again from the values its views yield.

use swimwire::{EncodeError, Message, Piggyback};

/// A Ping or Ack rebuilt into `out` with the builder, its updates pushed
/// one by one; `None` for other messages.
pub fn piggyback(message: &Message<'_>, out: &mut [u8]) -> Option<Result<usize, EncodeError>> {
    let (start, seq, sender, updates): (fn(_, _, _, _) -> _, _, _, _) = match *message {
        Message::Ping {
            seq,
            sender,
            updates,
        } => (Piggyback::ping, seq, sender, updates),
        Message::Ack {
            seq,
            sender,
            updates,
        } => (Piggyback::ack, seq, sender, updates),
        _ => return None,
    };
    let budget = out.len();
    Some(start(out, budget, seq, sender).and_then(|mut builder| {
        for update in updates {
            builder.push(&update)?;
        }
        Ok(builder.finish())
    }))
}
