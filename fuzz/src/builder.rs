//! `builder`: arbitrary updates pushed through [`Piggyback`] within an
//! arbitrary budget. It never writes past the budget, refuses an update only
//! for a reason [`super::spec`] confirms, and what it finishes decodes to
//! exactly the updates it took.

use arbitrary::{Arbitrary, Unstructured};
use swimwire::{EncodeError, Message, Piggyback, UpdateBuf, Uuid};

use super::spec;

/// A byte the builder never writes, to see where it did not.
const UNTOUCHED: u8 = 0x5a;
/// Tag, seq, sender and count of a Ping or Ack.
const HEADER: usize = 27;

#[derive(Arbitrary, Debug)]
struct Case {
    ack: bool,
    seq: u64,
    sender: Uuid,
    /// Bytes the message may take.
    budget: u16,
    /// The output's size, which may be below the budget.
    output: u16,
    /// The collection limit; 0 for the default.
    limit: u16,
    /// Push one at a time and go on after a refusal, or `push_all`.
    one_by_one: bool,
    updates: Vec<UpdateBuf>,
}

/// Builds a case from `data` and checks it.
pub fn check(data: &[u8]) {
    if let Ok(case) = Case::arbitrary_take_rest(Unstructured::new(data)) {
        check_case(&case);
    }
}

fn check_case(case: &Case) {
    let (encoder, decoder) = super::codecs(case.limit);
    let limit = encoder.max_collection();
    let room = usize::from(case.budget.min(case.output));
    let mut out = vec![UNTOUCHED; case.output.into()];
    let start = if case.ack {
        Piggyback::ack(&mut out, case.budget.into(), case.seq, &case.sender)
    } else {
        Piggyback::ping(&mut out, case.budget.into(), case.seq, &case.sender)
    };
    let mut builder = match start {
        Ok(builder) => builder.with_encoder(encoder),
        Err(error) => {
            assert!(room < HEADER, "header refused with {room} bytes: {error}");
            assert_eq!(
                error,
                EncodeError::OutputTooSmall {
                    needed: HEADER,
                    available: room
                }
            );
            assert!(out.iter().all(|&b| b == UNTOUCHED), "a refused start wrote");
            return;
        }
    };
    assert!(room >= HEADER);

    let mut taken: Vec<&UpdateBuf> = Vec::new();
    if case.one_by_one {
        for update in &case.updates {
            let (len, count) = (builder.len(), builder.count());
            match builder.push(&update.as_update()) {
                Ok(()) => {
                    assert_eq!(builder.len(), len + spec::update_len(update));
                    taken.push(update);
                }
                Err(error) => {
                    assert!(
                        refusal_is_right(&error, update, room - len, count, limit),
                        "{error} for {update:?} with {} bytes and {count} updates",
                        room - len
                    );
                    assert_eq!((builder.len(), builder.count()), (len, count));
                }
            }
            check_state(&builder, room, taken.len());
        }
    } else {
        let n = builder.push_all(case.updates.iter().map(UpdateBuf::as_update));
        taken.extend(&case.updates[..n]);
        check_state(&builder, room, n);
        if let Some(next) = case.updates.get(n) {
            let free = room - builder.len();
            assert!(
                spec::update_len(next) > free
                    || builder.count() >= usize::from(limit)
                    || !spec::update_problems(next, limit).is_empty(),
                "push_all stopped before {next:?} with {free} bytes free"
            );
        }
    }

    let len = builder.finish();
    assert_eq!(
        len,
        HEADER + taken.iter().map(|u| spec::update_len(u)).sum::<usize>()
    );
    assert!(len <= room, "over budget: {len} > {room}");
    assert!(
        out[len..].iter().all(|&b| b == UNTOUCHED),
        "wrote past the message"
    );

    let decoded = decoder
        .decode(&out[..len])
        .expect("a built message decodes");
    let (Message::Ping {
        seq,
        sender,
        updates,
    }
    | Message::Ack {
        seq,
        sender,
        updates,
    }) = decoded
    else {
        panic!("not a probe: {decoded:?}");
    };
    assert_eq!(matches!(decoded, Message::Ack { .. }), case.ack);
    assert_eq!((seq, *sender), (case.seq, case.sender));
    assert!(
        updates
            .iter()
            .map(UpdateBuf::from)
            .eq(taken.into_iter().cloned())
    );
}

/// The builder's own account of itself agrees with what went in.
fn check_state(builder: &Piggyback<'_>, room: usize, taken: usize) {
    assert!(builder.len() <= room);
    assert_eq!(builder.remaining(), room - builder.len());
    assert_eq!(builder.count(), taken);
    assert_eq!(builder.is_empty(), taken == 0);
}

/// Whether `error` is a true reason to refuse `update` with `free` bytes left
/// and `count` updates already in.
fn refusal_is_right(
    error: &EncodeError,
    update: &UpdateBuf,
    free: usize,
    count: usize,
    limit: u16,
) -> bool {
    match *error {
        EncodeError::OutputTooSmall { needed, available } => {
            needed == spec::update_len(update) && available == free && needed > free
        }
        EncodeError::TooManyItems {
            count: over,
            limit: l,
        } if l == limit && over == count + 1 && count >= usize::from(limit) => true,
        _ => spec::explains(error, &spec::update_problems(update, limit), limit),
    }
}
