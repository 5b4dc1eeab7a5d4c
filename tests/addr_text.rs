//! Addresses in JSON read exactly as `Display` writes them, whichever path
//! wrote them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use proptest::prelude::*;
use serde_json::Value;
use swimwire::{MemberBuf, Uuid};

#[derive(serde::Serialize)]
struct Seen {
    #[serde(serialize_with = "swimwire::addr_text::serialize")]
    from: SocketAddr,
}

fn addr() -> impl Strategy<Value = SocketAddr> {
    let ip = prop_oneof![
        any::<[u8; 4]>().prop_map(|octets| IpAddr::from(Ipv4Addr::from(octets))),
        // Round numbers, where leading and inner zeros are easy to get wrong.
        prop::sample::select(vec![0u8, 1, 9, 10, 99, 100, 109, 200, 255])
            .prop_flat_map(|octet| any::<[bool; 4]>().prop_map(move |keep| {
                IpAddr::from(keep.map(|keep| if keep { octet } else { 0 }))
            })),
        any::<[u8; 16]>().prop_map(|octets| IpAddr::from(Ipv6Addr::from(octets))),
    ];
    let port = prop_oneof![
        any::<u16>(),
        prop::sample::select(vec![0u16, 1, 10, 100, 1000, 10000, 65535])
    ];
    (ip, port).prop_map(|(ip, port)| SocketAddr::new(ip, port))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn an_address_is_the_text_of_display(from in addr()) {
        let json = serde_json::to_value(Seen { from }).unwrap();
        prop_assert_eq!(&json["from"], &Value::String(from.to_string()));
    }

    #[test]
    fn a_member_address_reads_back(addr in addr()) {
        let member = MemberBuf {
            id: Uuid::nil(),
            addr,
            incarnation: 0,
            is_primary: false,
            slots: Vec::new(),
        };
        let text = serde_json::to_string(&member).unwrap();
        prop_assert_eq!(serde_json::from_str::<MemberBuf>(&text).unwrap(), member);
    }
}
