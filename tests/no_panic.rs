//! Calls every function annotated `#[no_panic]`, so that building this test
//! in release with the `no-panic` feature makes the linker prove that none of
//! them can panic (`.ci/no-panic`). Run, it also checks they work.

use swimwire::{
    AUTH_TAG_LEN, AuthKey, AuthenticatedPiggyback, Decoder, ErrorKind, Member, Message, Piggyback,
    Profile, SlotRange, Update, Uuid,
};

#[test]
fn annotated_functions_link_and_work() {
    let node = Uuid::from_u128(9);
    let ranges = [SlotRange::new(0, 99)];
    let updates = [
        Update::SlotsChanged {
            node: &node,
            incarnation: 1,
            slots: ranges[..].into(),
        },
        Update::Alive {
            node: &node,
            addr: "[::1]:7946".parse().unwrap(),
            incarnation: 2,
        },
    ];
    let members = [Member {
        id: &node,
        addr: "10.0.0.9:7946".parse().unwrap(),
        incarnation: 3,
        is_primary: true,
        slots: ranges[..].into(),
    }];

    let mut datagram = [0u8; 256];
    let mut ping = Piggyback::ping(&mut datagram, 200, 1, &node).unwrap();
    ping.push(&updates[0]).unwrap();
    ping.push(&updates[1]).unwrap();
    let len = ping.finish();
    let mut ack_out = [0u8; 64];
    assert!(
        Piggyback::ack(&mut ack_out, 64, 1, &node)
            .unwrap()
            .is_empty()
    );

    let ping = swimwire::decode(&datagram[..len]).unwrap();
    let Message::Ping {
        updates: decoded, ..
    } = ping
    else {
        panic!("not a ping")
    };
    assert_eq!(decoded.len(), 2);
    assert!(!decoded.is_empty());
    let Some(Update::SlotsChanged { slots, .. }) = decoded.iter().next() else {
        panic!("not slots")
    };
    assert_eq!(
        (slots.len(), slots.is_empty(), slots.iter().next()),
        (1, false, Some(ranges[0]))
    );
    assert_eq!(
        decoded.iter().map(|u| u.encoded_len()).sum::<usize>(),
        len - 27
    );

    let welcome = Message::Welcome {
        sender: &node,
        members: members[..].into(),
    };
    let mut out = [0u8; 128];
    let n = swimwire::Encoder::new()
        .encode_into(&welcome, &mut out)
        .unwrap();
    let lenient = Decoder::new().with_profile(Profile::Lenient);
    let (decoded, trailing) = lenient.decode_with_trailing(&out[..n]).unwrap();
    assert_eq!((decoded, trailing), (welcome, 0));
    let Message::Welcome {
        members: listed, ..
    } = lenient.decode(&out[..n]).unwrap()
    else {
        panic!("not a welcome")
    };
    assert_eq!((listed.len(), listed.is_empty()), (1, false));
    let member = listed.iter().next().unwrap();
    assert_eq!(member.encoded_len(), n - 19);
    assert_eq!(swimwire::Encoder::new().check(&welcome), Ok(()));
    assert_eq!(swimwire::Encoder::new().check_located(&welcome), Ok(()));
    let mut vec = heapless::Vec::<u8, 128>::new();
    assert_eq!(swimwire::Encoder::new().encode(&welcome, &mut vec), Ok(n));
    assert_eq!(vec[..], out[..n]);
    let mut again_vec = heapless::Vec::<u8, 128>::new();
    assert_eq!(welcome.encode(&mut again_vec), Ok(n));
    assert_eq!(again_vec, vec);

    let mut again = [0u8; 256];
    assert_eq!(ping.encode_into(&mut again), Ok(ping.encoded_len()));
    assert_eq!(again[..len], datagram[..len]);

    let key = AuthKey::new(b"cluster secret");
    let mut frame = [0u8; 256];
    let mut tagged = AuthenticatedPiggyback::ping(&mut frame, 200, 1, &node, &key).unwrap();
    tagged.push(&updates[0]).unwrap();
    assert_eq!(tagged.push_all(updates[1..].iter().copied()), 1);
    let framed = tagged.finish();
    assert_eq!(framed, len + AUTH_TAG_LEN);
    assert!(
        AuthenticatedPiggyback::ack(&mut ack_out, 64, 1, &node, &key)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        swimwire::decode_authenticated(&frame[..framed], &key),
        Ok(ping)
    );
    assert_eq!(
        lenient.decode_authenticated(&frame[..framed], &key),
        Ok(ping)
    );
    assert_eq!(key.verify(&frame[..framed]), Ok(&datagram[..len]));
    assert_eq!(key.tag(&datagram[..len])[..], frame[len..framed]);
    again.fill(0);
    assert_eq!(
        swimwire::Encoder::new().encode_authenticated_into(&ping, &key, &mut again),
        Ok(framed)
    );
    assert_eq!(ping.encode_authenticated_into(&key, &mut again), Ok(framed));
    assert_eq!(again[..framed], frame[..framed]);
    let forged = AuthKey::new(b"another secret");
    let rejected = swimwire::decode_authenticated(&frame[..framed], &forged).unwrap_err();
    assert_eq!(
        (rejected.kind(), rejected.offset()),
        (ErrorKind::BadAuthTag, 0)
    );
}
