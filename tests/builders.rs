//! The piggyback builders say whether they hold any update yet, the
//! authenticated one as the plain one does.

use swimwire::{AuthKey, AuthenticatedPiggyback, Piggyback, Update, Uuid};

const ME: Uuid = Uuid::from_u128(1);

#[test]
fn a_builder_is_empty_until_an_update_goes_in() {
    let key = AuthKey::new(b"secret");
    let node = Uuid::from_u128(2);
    let left = Update::Left { node: &node };
    let (mut plain_out, mut tagged_out) = ([0u8; 128], [0u8; 128]);
    let mut plain = Piggyback::ack(&mut plain_out, 128, 1, &ME).unwrap();
    let mut tagged = AuthenticatedPiggyback::ack(&mut tagged_out, 128, 1, &ME, &key).unwrap();
    assert_eq!((plain.is_empty(), tagged.is_empty()), (true, true));
    plain.push(&left).unwrap();
    tagged.push(&left).unwrap();
    assert_eq!((plain.is_empty(), plain.count()), (false, 1));
    assert_eq!((tagged.is_empty(), tagged.count()), (false, 1));
}
