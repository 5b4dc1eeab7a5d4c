//! The three lists (updates, members, slot ranges) behave alike whether
//! they were decoded, built from values or lent by owned messages: length,
//! emptiness, copies, comparison and printing.

use swimwire::{Member, Members, Message, MessageBuf, SlotRange, Slots, Update, Updates, Uuid};

const ME: Uuid = Uuid::from_u128(1);

/// A copy made through `Clone`, as generic code makes it.
fn cloned<T: Clone>(value: &T) -> T {
    value.clone()
}

fn ranges() -> [SlotRange; 2] {
    [SlotRange::new(1, 2), SlotRange::new(5, 9)]
}

/// The bytes of `message`.
fn encoded(message: &Message<'_>) -> Vec<u8> {
    let mut bytes = vec![0; message.encoded_len()];
    message.encode_into(&mut bytes).unwrap();
    bytes
}

/// The bytes of a SlotsAnnounce of `ranges`.
fn announce(ranges: &[SlotRange]) -> Vec<u8> {
    encoded(&Message::SlotsAnnounce {
        sender: &ME,
        incarnation: 1,
        slots: ranges.into(),
    })
}

/// The slot ranges of the SlotsAnnounce in `bytes`, decoded.
fn announced(bytes: &[u8]) -> Slots<'_> {
    match swimwire::decode(bytes).unwrap() {
        Message::SlotsAnnounce { slots, .. } => slots,
        other => panic!("not an announce: {other:?}"),
    }
}

#[test]
fn empty_lists_say_so_in_every_form() {
    let ping = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: Updates::empty(),
    };
    let welcome = Message::Welcome {
        sender: &ME,
        members: Members::default(),
    };
    let announce = Message::SlotsAnnounce {
        sender: &ME,
        incarnation: 1,
        slots: Slots::from(&[][..]),
    };
    for message in [ping, welcome, announce] {
        let bytes = encoded(&message);
        let decoded = swimwire::decode(&bytes).unwrap();
        let owned = MessageBuf::from(&decoded);
        for message in [message, decoded, owned.as_message()] {
            let (len, is_empty) = match message {
                Message::Ping { updates, .. } => (updates.len(), updates.is_empty()),
                Message::Welcome { members, .. } => (members.len(), members.is_empty()),
                Message::SlotsAnnounce { slots, .. } => (slots.len(), slots.is_empty()),
                other => panic!("no list in {other:?}"),
            };
            assert_eq!((len, is_empty), (0, true), "{message:?}");
        }
    }
}

#[test]
fn lists_with_items_are_not_empty_in_every_form() {
    let node = Uuid::from_u128(2);
    let ranges = ranges();
    let updates = [Update::SlotsChanged {
        node: &node,
        incarnation: 3,
        slots: ranges[..].into(),
    }];
    let ping = Message::Ping {
        seq: 1,
        sender: &ME,
        updates: updates[..].into(),
    };
    let bytes = encoded(&ping);
    let decoded = swimwire::decode(&bytes).unwrap();
    let owned = MessageBuf::from(&decoded);
    for message in [ping, decoded, owned.as_message()] {
        let Message::Ping { updates, .. } = message else {
            panic!("not a ping: {message:?}")
        };
        assert_eq!((updates.len(), updates.is_empty()), (1, false));
        let Some(Update::SlotsChanged { slots, .. }) = updates.iter().next() else {
            panic!("not slots: {updates:?}")
        };
        assert_eq!((slots.len(), slots.is_empty()), (2, false));
    }
}

#[test]
fn a_cloned_list_holds_the_same_items() {
    let ranges = ranges();
    let members = [Member {
        id: &ME,
        addr: "10.0.0.1:7946".parse().unwrap(),
        incarnation: 4,
        is_primary: true,
        slots: ranges[..].into(),
    }];
    let welcome = Message::Welcome {
        sender: &ME,
        members: members[..].into(),
    };
    let bytes = encoded(&welcome);
    let decoded = swimwire::decode(&bytes).unwrap();
    let owned = MessageBuf::from(&decoded);
    for message in [welcome, decoded, owned.as_message()] {
        let Message::Welcome { members: list, .. } = message else {
            panic!("not a welcome: {message:?}")
        };
        let copy = cloned(&list);
        assert!(copy.iter().eq(members.iter().copied()));
        let slots = cloned(&copy.iter().next().unwrap().slots);
        assert!(slots.iter().eq(ranges));
        assert_eq!(cloned(&message), message);
    }
}

#[test]
fn lists_compare_by_their_items() {
    let ranges = ranges();
    let bytes = announce(&ranges);
    let decoded = announced(&bytes);
    let same = Slots::from(&ranges[..]);
    let other_items = [SlotRange::new(1, 2), SlotRange::new(5, 10)];
    let shorter = Slots::from(&ranges[..1]);
    assert_eq!(decoded, same);
    assert_ne!(decoded, Slots::from(&other_items[..]));
    assert_ne!(decoded, shorter);
    assert_ne!(shorter, decoded);
    assert_ne!(Slots::empty(), decoded);
}

#[test]
fn a_list_prints_its_items() {
    let ranges = ranges();
    let bytes = announce(&ranges);
    let decoded = announced(&bytes);
    let expected = "[SlotRange { start: 1, end: 2 }, SlotRange { start: 5, end: 9 }]";
    assert_eq!(format!("{decoded:?}"), expected);
    assert_eq!(format!("{:?}", Slots::from(&ranges[..])), expected);
    assert_eq!(format!("{:?}", Updates::empty()), "[]");
}
