//! `--format text`, `--node`, `--type` and the members table, on the
//! capture of real ember traffic and the example messages.

mod common;

use std::collections::BTreeSet;

use common::{shared, swimwire};
use serde_json::Value;

fn capture() -> String {
    shared("captures/ember-big-welcome.pcap")
        .to_str()
        .unwrap()
        .to_owned()
}

fn pcap(args: &[&str]) -> common::Run {
    let capture = capture();
    let all: Vec<&str> = ["pcap", capture.as_str()]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    let run = swimwire(&all, b"");
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

/// Every node id in a JSON value.
fn ids(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::String(text) if swimwire::Uuid::parse_str(text).is_ok() => {
            out.insert(text.clone());
        }
        Value::Array(items) => items.iter().for_each(|item| ids(item, out)),
        Value::Object(fields) => fields.values().for_each(|field| ids(field, out)),
        _ => {}
    }
}

#[test]
fn text_is_one_readable_line_a_datagram() {
    let text = pcap(&["--format", "text"]);
    let json = pcap(&[]);
    assert_eq!(text.stdout.lines().count(), json.stdout.lines().count());
    let first = text.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "2026-12-01T07:15:08.152182Z 127.0.0.1:17211 → 127.0.0.1:17111 join from 186b1ede at 127.0.0.1:17211"
    );
    // The big Welcome: 1,024 members listed.
    assert!(
        text.stdout.lines().any(|l| l.ends_with(
            "127.0.0.1:17111 → 127.0.0.1:17911 welcome from 60104758 members 1024 (primaries 0)"
        )),
        "{}",
        text.stdout
    );
    for (text, json) in text.stdout.lines().zip(json.stdout.lines()) {
        let json: Value = serde_json::from_str(json).unwrap();
        let ty = json["message"]["type"].as_str().unwrap();
        let src = json["src"].as_str().unwrap();
        assert!(text.contains(&format!("{src} → ")), "{text}");
        assert!(text.contains(&format!(" {ty} ")), "{text}");
        if let Some(seq) = json["message"]["seq"].as_u64() {
            assert!(text.contains(&format!("seq={seq} ")), "{text}");
        }
        if let Some(updates) = json["message"]["updates"].as_array() {
            assert!(
                text.contains(&format!("updates {}", updates.len())),
                "{text}"
            );
        }
    }
}

#[test]
fn type_and_node_keep_only_what_they_name() {
    let run = pcap(&["--type", "welcome,join"]);
    let types: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["message"]["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(types, ["join", "welcome", "join", "welcome"]);
    assert!(run.stderr.contains("filtered: 803"), "{}", run.stderr);

    // The third party's node: the Pings it sends, the Join, and whatever
    // else mentions it.
    let node = "5717e000-0000-4000-8000-0000000b0000";
    let all = pcap(&[]);
    let mentioning: Vec<&str> = all.stdout.lines().filter(|l| l.contains(node)).collect();
    let kept = pcap(&["--node", node]);
    assert_eq!(kept.stdout.lines().collect::<Vec<_>>(), mentioning);
    assert!(!mentioning.is_empty() && mentioning.len() < 807);
    // Repeated, a datagram naming either is kept.
    let other = "186b1ede-0fc3-4b02-a243-c0b2bfba7a4c";
    let either = pcap(&["--node", node, "--node", other, "--type", "ping"]);
    for line in either.stdout.lines() {
        assert!(line.contains(node) || line.contains(other), "{line}");
        assert!(line.contains("\"type\":\"ping\""), "{line}");
    }

    let bad = swimwire(&["pcap", &capture(), "--type", "pong"], b"");
    assert_eq!(bad.code, 2);
    let bad = swimwire(&["pcap", &capture(), "--node", "not-a-uuid"], b"");
    assert_eq!(bad.code, 2);
}

#[test]
fn the_members_table_has_a_row_for_every_node_the_traffic_names() {
    let json = pcap(&[]);
    let mut named = BTreeSet::new();
    for line in json.stdout.lines() {
        ids(&serde_json::from_str(line).unwrap(), &mut named);
    }
    let table = pcap(&["--view", "members"]);
    let rows: Vec<&str> = table
        .stdout
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("nodes:"))
        .collect();
    let listed: BTreeSet<String> = rows.iter().map(|row| row[..36].to_owned()).collect();
    assert_eq!(listed, named);
    assert!(table.stdout.ends_with(&format!("nodes: {}\n", named.len())));
    // The node that answered the third party's Join: alive, as it said of
    // itself in its Welcome, at its gossip port.
    let row = rows
        .iter()
        .find(|row| row.starts_with("60104758-"))
        .unwrap();
    assert!(row.contains(" 127.0.0.1:17111 "), "{row}");
    assert!(row.contains(" alive "), "{row}");
    // With --format text the table follows the summary on stderr.
    let text = pcap(&["--format", "text"]);
    assert!(text.stderr.contains(&table.stdout), "{}", text.stderr);
}

#[test]
fn decode_lines_in_text() {
    let messages = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/messages.hex"
    ))
    .unwrap();
    let run = swimwire(&["decode", "--lines", "--format", "text"], &messages);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "join from 751dbbe2 at 10.29.119.191:17946\n\
         ping seq=41 from 5b18a4e2 updates 0\n\
         ack seq=99 from 43012fa9 updates 11: alive 4, dead 2, role_changed 2, slots_changed 1, suspect 2\n\
         ping_req seq=18446744073709551615 from b449f40a target 3211e07e at 132.215.189.17:1\n\
         slots_announce from ca0d7a03 incarnation 299185739787803280 slots none\n"
    );
    let run = swimwire(
        &["decode", "--lines", "--format", "text", "--type", "ack"],
        b"01\nzz\n",
    );
    assert_eq!(run.stdout, "", "errors name no type");
    let run = swimwire(&["decode", "--lines", "--format", "text"], b"01\nzz\n");
    assert_eq!(
        run.stdout,
        "error truncated at byte 1: input ends inside a field or record\n\
         error bad_hex: 'z' is not a hex digit\n"
    );
}
