//! What the error texts tell a person reading them: what went wrong, with
//! the numbers needed to see why.

use swimwire::{EncodeError, Encoder, ErrorKind, LocatedEncodeError, Location, Message, Uuid};

#[test]
fn each_kind_is_described_in_its_own_words() {
    let kinds = [
        (ErrorKind::Truncated, "input ends"),
        (ErrorKind::UnknownMessageType, "message type"),
        (ErrorKind::UnknownUpdateType, "update type"),
        (ErrorKind::UnknownAddressFamily, "address family"),
        (ErrorKind::CountOverLimit, "collection limit"),
        (ErrorKind::InvalidSlotRange, "slot range"),
        (ErrorKind::InvalidBool, "bool"),
        (ErrorKind::TrailingBytes, "left over"),
        (ErrorKind::BadAuthTag, "authentication tag"),
    ];
    for (kind, words) in kinds {
        assert!(
            kind.description().contains(words),
            "{kind:?}: {:?}",
            kind.description()
        );
    }
    let mut descriptions: Vec<_> = kinds.iter().map(|(kind, _)| kind.description()).collect();
    descriptions.sort_unstable();
    descriptions.dedup();
    assert_eq!(descriptions.len(), kinds.len(), "two kinds read the same");
}

#[test]
fn encode_errors_give_their_numbers() {
    let cases = [
        (
            EncodeError::OutputTooSmall {
                needed: 36,
                available: 35,
            },
            "output too small: 36 bytes needed, 35 available",
        ),
        (
            EncodeError::TooManyItems {
                count: 1025,
                limit: 1024,
            },
            "list of 1025 items is over the limit of 1024",
        ),
        (
            EncodeError::InvalidSlotRange { start: 9, end: 1 },
            "invalid slot range 9..=1",
        ),
        (
            EncodeError::UnrepresentableAddress,
            "IPv6 flow label and scope id cannot be encoded",
        ),
    ];
    for (error, text) in cases {
        assert_eq!(error.to_string(), text);
        let _: &dyn std::error::Error = &error;
    }
}

/// An error of the message as a whole has no location to print.
#[test]
fn an_error_of_the_whole_message_is_printed_without_a_path() {
    let me = Uuid::from_u128(1);
    let join = Message::Join {
        sender: &me,
        sender_addr: "10.0.0.1:7946".parse().unwrap(),
    };
    let too_small = EncodeError::OutputTooSmall {
        needed: 24,
        available: 8,
    };
    assert_eq!(
        Encoder::new().encode_into(&join, &mut [0; 8]),
        Err(too_small)
    );
    let located = LocatedEncodeError::from(too_small);
    assert!(located.location().is_root());
    assert_eq!(located.location(), &Location::default());
    assert_eq!(located.location().to_string(), "");
    assert_eq!(located.to_string(), too_small.to_string());
    assert_eq!(EncodeError::from(located), too_small);
}
