//! The piggyback builder fills a datagram without exceeding its budget, and
//! its count always agrees with its body.

use std::num::NonZeroU16;

use swimwire::{EncodeError, Encoder, Message, Piggyback, SlotRange, Update, Uuid};

const ME: Uuid = Uuid::from_u128(1);

fn nodes(n: u128) -> Vec<Uuid> {
    (0..n).map(Uuid::from_u128).collect()
}

fn sent_updates(bytes: &[u8]) -> Vec<swimwire::UpdateBuf> {
    match swimwire::decode(bytes).unwrap() {
        Message::Ping { updates, .. } | Message::Ack { updates, .. } => {
            updates.iter().map(Into::into).collect()
        }
        other => panic!("not a probe: {other:?}"),
    }
}

#[test]
fn an_mtu_holds_45_ipv4_alive_updates() {
    let ids = nodes(50);
    let addr = "10.1.2.3:7946".parse().unwrap();
    let updates: Vec<Update> = ids
        .iter()
        .map(|node| Update::Alive {
            node,
            addr,
            incarnation: 9,
        })
        .collect();
    let mut out = [0u8; 1500];
    let mut ping = Piggyback::ping(&mut out, 1472, 3, &ME).unwrap();
    assert_eq!(ping.push_all(updates.iter().copied()), 45);
    assert_eq!(
        ping.push(&updates[45]),
        Err(EncodeError::OutputTooSmall {
            needed: 32,
            available: 5
        })
    );
    assert_eq!((ping.count(), ping.len(), ping.remaining()), (45, 1467, 5));
    let len = ping.finish();
    assert!(out[len..].iter().all(|&b| b == 0), "wrote past the message");
    let expected: Vec<swimwire::UpdateBuf> = updates[..45].iter().map(|u| (*u).into()).collect();
    assert_eq!(sent_updates(&out[..len]), expected);
}

#[test]
fn the_buffer_is_a_valid_message_after_every_push() {
    let ids = nodes(10);
    let ranges = [SlotRange::new(0, 10)];
    let mut out = [0u8; 400];
    let mut ack = Piggyback::ack(&mut out, 400, 8, &ME).unwrap();
    let mut pushed = Vec::new();
    for (i, node) in ids.iter().enumerate() {
        let update = if i % 2 == 0 {
            Update::SlotsChanged {
                node,
                incarnation: 1,
                slots: ranges[..].into(),
            }
        } else {
            Update::RoleChanged {
                node,
                incarnation: 2,
                is_primary: false,
                replicates: Some(&ME),
            }
        };
        if ack.push(&update).is_err() {
            break;
        }
        pushed.push(swimwire::UpdateBuf::from(update));
    }
    let len = ack.finish();
    assert!(len <= 400);
    assert_eq!(sent_updates(&out[..len]), pushed);
}

#[test]
fn the_budget_and_the_buffer_both_bound_the_message() {
    let mut out = [0u8; 26];
    assert_eq!(
        Piggyback::ping(&mut out, 1472, 1, &ME).unwrap_err(),
        EncodeError::OutputTooSmall {
            needed: 27,
            available: 26
        }
    );
    let mut out = [0u8; 100];
    assert_eq!(
        Piggyback::ping(&mut out, 20, 1, &ME).unwrap_err(),
        EncodeError::OutputTooSmall {
            needed: 27,
            available: 20
        }
    );

    let ids = nodes(3);
    let updates: Vec<Update> = ids.iter().map(|node| Update::Left { node }).collect();
    let mut ping = Piggyback::ping(&mut out, 27 + 2 * 17, 1, &ME).unwrap();
    assert!(ping.is_empty());
    assert_eq!(ping.push_all(updates.iter().copied()), 2);
    assert_eq!(ping.finish(), 61);
    assert!(out[61..].iter().all(|&b| b == 0));
}

#[test]
fn a_refused_update_writes_nothing_and_the_next_one_still_goes_in() {
    let ids = nodes(2);
    let bad = [SlotRange::new(9, 1)];
    let mut out = [0u8; 200];
    let mut ping = Piggyback::ping(&mut out, 200, 1, &ME).unwrap();
    let invalid = Update::SlotsChanged {
        node: &ids[0],
        incarnation: 1,
        slots: bad[..].into(),
    };
    assert_eq!(
        ping.push(&invalid),
        Err(EncodeError::InvalidSlotRange { start: 9, end: 1 })
    );
    assert_eq!(ping.len(), 27);
    ping.push(&Update::Left { node: &ids[1] }).unwrap();
    let len = ping.finish();
    assert_eq!(len, 44);
    assert_eq!(
        sent_updates(&out[..len]),
        vec![swimwire::UpdateBuf::Left { node: ids[1] }]
    );
    assert!(out[len..].iter().all(|&b| b == 0));
}

#[test]
fn the_collection_limit_stops_the_list() {
    let ids = nodes(1100);
    let updates: Vec<Update> = ids.iter().map(|node| Update::Left { node }).collect();
    let mut out = vec![0u8; 27 + 1100 * 17];
    let budget = out.len();
    let mut ping = Piggyback::ping(&mut out, budget, 1, &ME).unwrap();
    assert_eq!(ping.push_all(updates.iter().copied()), 1024);
    assert_eq!(
        ping.push(&updates[1024]),
        Err(EncodeError::TooManyItems {
            count: 1025,
            limit: 1024
        })
    );
    let len = ping.finish();
    assert_eq!(sent_updates(&out[..len]).len(), 1024);

    let three = Encoder::new().with_max_collection(NonZeroU16::new(3).unwrap());
    let mut ping = Piggyback::ping(&mut out, budget, 1, &ME)
        .unwrap()
        .with_encoder(three);
    assert_eq!(ping.push_all(updates.iter().copied()), 3);
}
