//! Views are covariant in the lifetime of what they borrow: a message
//! decoded from a long-lived buffer can be used where a shorter borrow is
//! expected, e.g. beside a message built from local values. The `shorten_*`
//! functions stop compiling if a view type loses that.

use swimwire::{Member, Members, Message, Slots, Update, Updates, Uuid};

fn shorten_message<'short, 'long: 'short>(message: Message<'long>) -> Message<'short> {
    message
}

fn shorten_lists<'short, 'long: 'short>(
    lists: (Updates<'long>, Members<'long>, Slots<'long>),
) -> (Updates<'short>, Members<'short>, Slots<'short>) {
    lists
}

fn shorten_items<'short, 'long: 'short>(
    items: (Update<'long>, Member<'long>),
) -> (Update<'short>, Member<'short>) {
    items
}

#[test]
fn a_decoded_message_compares_with_one_built_from_local_values() {
    static SENDER: Uuid = Uuid::from_u128(1);
    let left = Uuid::from_u128(2);
    let updates = [Update::Left { node: &left }];
    let built = Message::Ping {
        seq: 7,
        sender: &SENDER,
        updates: Updates::from(&updates[..]),
    };
    let mut bytes = heapless::Vec::<u8, 64>::new();
    built.encode(&mut bytes).unwrap();
    let decoded = swimwire::decode(&bytes).unwrap();

    assert_eq!(shorten_message(decoded), built);
    let Message::Ping { updates: list, .. } = decoded else {
        panic!("not a ping: {decoded:?}")
    };
    let (list, members, slots) = shorten_lists((list, Members::empty(), Slots::empty()));
    assert_eq!((list.len(), members.len(), slots.len()), (1, 0, 0));
    let update = list.iter().next().unwrap();
    let member = Member {
        id: &SENDER,
        addr: "10.0.0.1:7946".parse().unwrap(),
        incarnation: 1,
        is_primary: false,
        slots: Slots::empty(),
    };
    assert_eq!(shorten_items((update, member)).0, updates[0]);
}

/// Iterators and builders print what is left or built, not the bytes.
#[test]
fn debug_output_summarises() {
    let node = Uuid::from_u128(2);
    let updates = [Update::Left { node: &node }, Update::Left { node: &node }];
    let list = Updates::from(&updates[..]);
    let mut iter = list.iter();
    iter.next();
    assert_eq!(format!("{iter:?}"), "ListIter { remaining: 1 }");
    let ranges = [swimwire::SlotRange::new(1, 2)];
    assert_eq!(
        format!("{:?}", Slots::from(&ranges[..]).iter()),
        "ListIter { remaining: 1 }"
    );
    let mut datagram = [0u8; 64];
    let mut ping = swimwire::Piggyback::ping(&mut datagram, 64, 1, &node).unwrap();
    ping.push(&updates[0]).unwrap();
    assert_eq!(
        format!("{ping:?}"),
        "Piggyback { len: 44, count: 1, remaining: 20, encoder: Encoder { max_collection: 1024 } }"
    );
}
