//! Every error kind at its offset, the first problem front to back, strict
//! versus lenient, and the collection limits.

use std::num::NonZeroU16;

use swimwire::{DecodeError, Decoder, ErrorKind, Message, Profile, Update};

const ID: &str = "00112233445566778899aabbccddeeff";
const SEQ: &str = "0100000000000000";
const V4: &str = "040a0000010a1f";

fn bytes(parts: &[&str]) -> Vec<u8> {
    hex::decode(parts.concat()).unwrap()
}

fn strict_error(parts: &[&str]) -> (ErrorKind, usize) {
    let err = swimwire::decode(&bytes(parts)).expect_err("accepted");
    (err.kind(), err.offset())
}

fn lenient() -> Decoder {
    Decoder::new().with_profile(Profile::Lenient)
}

fn limit(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).unwrap()
}

/// A Ping header announcing `count` updates (27 bytes).
fn ping(count: u16) -> String {
    format!("01{SEQ}{ID}{}", hex::encode(count.to_le_bytes()))
}

#[test]
fn truncated_points_at_what_does_not_fit() {
    assert_eq!(strict_error(&[]), (ErrorKind::Truncated, 0));
    // SPEC §6: the byte that made the first ember version panic.
    assert_eq!(strict_error(&["01"]), (ErrorKind::Truncated, 1));
    // The field that does not fit, not the first of those read with it.
    assert_eq!(strict_error(&["01", "0100"]), (ErrorKind::Truncated, 1));
    assert_eq!(strict_error(&["01", SEQ]), (ErrorKind::Truncated, 9));
    assert_eq!(
        strict_error(&["01", SEQ, "0011"]),
        (ErrorKind::Truncated, 9)
    );
    // The count.
    assert_eq!(strict_error(&["01", SEQ, ID]), (ErrorKind::Truncated, 25));
    // An update that is not there at all, or cut after its tag.
    assert_eq!(strict_error(&[&ping(1)]), (ErrorKind::Truncated, 27));
    assert_eq!(strict_error(&[&ping(1), "04"]), (ErrorKind::Truncated, 28));
    // A Join cut inside its address.
    assert_eq!(strict_error(&["04", ID]), (ErrorKind::Truncated, 17));
    assert_eq!(
        strict_error(&["04", ID, "040a00"]),
        (ErrorKind::Truncated, 18)
    );
    assert_eq!(
        strict_error(&["04", ID, "040a000001"]),
        (ErrorKind::Truncated, 22)
    );
    // A Dead update cut inside its incarnation.
    assert_eq!(
        strict_error(&[&ping(1), "03", ID, "0500"]),
        (ErrorKind::Truncated, 44)
    );
    // A slot range cut in half.
    assert_eq!(
        strict_error(&["06", ID, SEQ, "0100", "0000"]),
        (ErrorKind::Truncated, 27)
    );
}

#[test]
fn every_prefix_of_a_valid_message_is_truncated() {
    let full = bytes(&[
        "05", ID, "0100", ID, V4, SEQ, "01", "0200", "00000100", "02000300",
    ]);
    assert!(swimwire::decode(&full).is_ok());
    for len in 0..full.len() {
        let err = swimwire::decode(&full[..len]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Truncated, "prefix of {len}");
        assert!(err.offset() <= len, "prefix of {len}: {err}");
    }
}

#[test]
fn unknown_message_type_is_at_byte_0() {
    for tag in [0u8, 7, 0x80, 0xff] {
        assert_eq!(
            swimwire::decode(&[tag]).unwrap_err(),
            DecodeError::new(ErrorKind::UnknownMessageType, 0)
        );
    }
}

#[test]
fn unknown_update_type_is_at_its_tag() {
    assert_eq!(
        strict_error(&[&ping(1), "09", ID]),
        (ErrorKind::UnknownUpdateType, 27)
    );
    assert_eq!(
        strict_error(&[&ping(2), "04", ID, "00"]),
        (ErrorKind::UnknownUpdateType, 44)
    );
}

#[test]
fn unknown_address_family_is_at_the_family_byte() {
    assert_eq!(
        strict_error(&["04", ID, "05"]),
        (ErrorKind::UnknownAddressFamily, 17)
    );
    assert_eq!(
        strict_error(&["02", SEQ, ID, ID, "00"]),
        (ErrorKind::UnknownAddressFamily, 41)
    );
    assert_eq!(
        strict_error(&[&ping(1), "01", ID, "07"]),
        (ErrorKind::UnknownAddressFamily, 44)
    );
}

#[test]
fn count_over_limit_is_at_the_count_and_checked_before_the_items() {
    assert_eq!(
        strict_error(&[&ping(1025)]),
        (ErrorKind::CountOverLimit, 25)
    );
    assert_eq!(
        strict_error(&["05", ID, "0104"]),
        (ErrorKind::CountOverLimit, 17)
    );
    assert_eq!(
        strict_error(&["06", ID, SEQ, "ffff"]),
        (ErrorKind::CountOverLimit, 25)
    );
    // With a higher limit the same header is just short of its items.
    let err = Decoder::new()
        .with_max_collection(limit(1025))
        .decode(&bytes(&[&ping(1025)]))
        .unwrap_err();
    assert_eq!((err.kind(), err.offset()), (ErrorKind::Truncated, 27));
}

#[test]
fn limit_1024_is_accepted_and_1025_is_not() {
    let left = format!("04{ID}");
    let at_limit = bytes(&[&ping(1024), &left.repeat(1024)]);
    let message = swimwire::decode(&at_limit).unwrap();
    assert!(matches!(message, Message::Ping { updates, .. } if updates.len() == 1024));

    let over = bytes(&[&ping(1025), &left.repeat(1025)]);
    assert_eq!(
        swimwire::decode(&over).unwrap_err(),
        DecodeError::new(ErrorKind::CountOverLimit, 25)
    );
    assert!(
        Decoder::new()
            .with_max_collection(limit(1025))
            .decode(&over)
            .is_ok()
    );
    assert!(
        Decoder::new()
            .with_max_collection(limit(u16::MAX))
            .decode(&over)
            .is_ok()
    );
}

#[test]
fn custom_limits_apply_to_every_list() {
    let two = Decoder::new().with_max_collection(limit(2));
    let left = format!("04{ID}");
    assert!(two.decode(&bytes(&[&ping(2), &left, &left])).is_ok());
    assert_eq!(
        two.decode(&bytes(&[&ping(3)])).unwrap_err(),
        DecodeError::new(ErrorKind::CountOverLimit, 25)
    );
    let three_ranges = bytes(&["06", ID, SEQ, "0300", "00000000", "00000000", "00000000"]);
    assert_eq!(
        two.decode(&three_ranges).unwrap_err(),
        DecodeError::new(ErrorKind::CountOverLimit, 25)
    );
    assert!(swimwire::decode(&three_ranges).is_ok());
    // Slots nested in an update, and members.
    let slots_changed = bytes(&[
        &ping(1),
        "05",
        ID,
        SEQ,
        "0300",
        "00000000",
        "00000000",
        "00000000",
    ]);
    assert_eq!(
        two.decode(&slots_changed).unwrap_err(),
        DecodeError::new(ErrorKind::CountOverLimit, 52)
    );
    assert_eq!(
        two.decode(&bytes(&["05", ID, "0300"])).unwrap_err(),
        DecodeError::new(ErrorKind::CountOverLimit, 17)
    );
}

#[test]
fn invalid_slot_range_is_at_the_range() {
    let announce = ["06", ID, SEQ];
    assert_eq!(
        strict_error(&[&announce.concat(), "0100", "05000400"]),
        (ErrorKind::InvalidSlotRange, 27)
    );
    assert_eq!(
        strict_error(&[&announce.concat(), "0100", "00000040"]),
        (ErrorKind::InvalidSlotRange, 27)
    );
    assert_eq!(
        strict_error(&[&announce.concat(), "0200", "0000ff3f", "0040ff40"]),
        (ErrorKind::InvalidSlotRange, 31)
    );
    // Front to back: the bad range comes before the missing ones.
    assert_eq!(
        strict_error(&[&announce.concat(), "0300", "05000400", "00"]),
        (ErrorKind::InvalidSlotRange, 27)
    );
    assert!(
        lenient()
            .decode(&bytes(&[&announce.concat(), "0100", "05000400"]))
            .is_err()
    );
}

#[test]
fn invalid_bool_is_strict_only() {
    // RoleChanged with is_primary = 2: offset 27 + 1 + 16 + 8.
    let role = bytes(&[&ping(1), "06", ID, SEQ, "02", "00"]);
    assert_eq!(
        swimwire::decode(&role).unwrap_err(),
        DecodeError::new(ErrorKind::InvalidBool, 52)
    );
    let Message::Ping { updates, .. } = lenient().decode(&role).unwrap() else {
        panic!()
    };
    assert!(matches!(
        updates.iter().next(),
        Some(Update::RoleChanged {
            is_primary: true,
            replicates: None,
            ..
        })
    ));

    // has_replicates = 0xff: strict rejects, lenient reads the replicated id.
    let replicates = bytes(&[&ping(1), "06", ID, SEQ, "00", "ff", ID]);
    assert_eq!(
        swimwire::decode(&replicates).unwrap_err(),
        DecodeError::new(ErrorKind::InvalidBool, 53)
    );
    let Message::Ping { updates, .. } = lenient().decode(&replicates).unwrap() else {
        panic!()
    };
    assert!(matches!(
        updates.iter().next(),
        Some(Update::RoleChanged {
            replicates: Some(_),
            ..
        })
    ));

    // A member's is_primary: offset 1 + 16 + 2 + 16 + 7 + 8.
    let welcome = bytes(&["05", ID, "0100", ID, V4, SEQ, "07", "0000"]);
    assert_eq!(
        swimwire::decode(&welcome).unwrap_err(),
        DecodeError::new(ErrorKind::InvalidBool, 50)
    );
    assert!(lenient().decode(&welcome).is_ok());
}

#[test]
fn invalid_bool_comes_before_a_truncation_after_it() {
    let cut = bytes(&[&ping(1), "06", ID, SEQ, "02"]);
    assert_eq!(
        swimwire::decode(&cut).unwrap_err(),
        DecodeError::new(ErrorKind::InvalidBool, 52)
    );
    assert_eq!(
        lenient().decode(&cut).unwrap_err(),
        DecodeError::new(ErrorKind::Truncated, 53)
    );
}

#[test]
fn trailing_bytes_are_strict_only() {
    let join = bytes(&["04", ID, V4, "dead"]);
    assert_eq!(
        swimwire::decode(&join).unwrap_err(),
        DecodeError::new(ErrorKind::TrailingBytes, 24)
    );
    let (message, trailing) = lenient().decode_with_trailing(&join).unwrap();
    assert_eq!(trailing, 2);
    assert_eq!(message, swimwire::decode(&join[..24]).unwrap());
    assert_eq!(lenient().decode_with_trailing(&join[..24]).unwrap().1, 0);
}

#[test]
fn the_first_problem_wins() {
    // Unknown update tag, then a bad family later: the tag is reported.
    assert_eq!(
        strict_error(&[&ping(2), "09", "01", ID, "07"]),
        (ErrorKind::UnknownUpdateType, 27)
    );
    // A bad bool in the first update and trailing bytes: the bool.
    assert_eq!(
        strict_error(&[&ping(1), "06", ID, SEQ, "05", "00", "00"]),
        (ErrorKind::InvalidBool, 52)
    );
    // Lenient skips the bool and the trailing byte.
    assert!(
        lenient()
            .decode(&bytes(&[&ping(1), "06", ID, SEQ, "05", "00", "00"]))
            .is_ok()
    );
}

#[test]
fn error_is_small_copy_and_readable() {
    assert!(size_of::<DecodeError>() <= 16);
    let err = DecodeError::new(ErrorKind::CountOverLimit, 25);
    let copy = err;
    assert_eq!(err, copy);
    assert_eq!(format!("{:?}", err.kind()), "CountOverLimit");
    assert_eq!(err.to_string(), "count_over_limit at byte 25");
    let _: &dyn std::error::Error = &err;
    let kinds = [
        (ErrorKind::Truncated, "Truncated", "truncated"),
        (
            ErrorKind::UnknownMessageType,
            "UnknownMessageType",
            "unknown_message_type",
        ),
        (
            ErrorKind::UnknownUpdateType,
            "UnknownUpdateType",
            "unknown_update_type",
        ),
        (
            ErrorKind::UnknownAddressFamily,
            "UnknownAddressFamily",
            "unknown_address_family",
        ),
        (
            ErrorKind::CountOverLimit,
            "CountOverLimit",
            "count_over_limit",
        ),
        (
            ErrorKind::InvalidSlotRange,
            "InvalidSlotRange",
            "invalid_slot_range",
        ),
        (ErrorKind::InvalidBool, "InvalidBool", "invalid_bool"),
        (ErrorKind::TrailingBytes, "TrailingBytes", "trailing_bytes"),
        (ErrorKind::BadAuthTag, "BadAuthTag", "bad_auth_tag"),
    ];
    for (kind, debug, name) in kinds {
        assert_eq!(format!("{kind:?}"), debug);
        assert_eq!(kind.as_str(), name);
        assert_eq!(kind.to_string(), name);
        assert!(!kind.description().is_empty());
    }
}
