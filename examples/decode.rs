//! Decodes a hex message (the bundled sample, or the first argument) and
//! prints every field.
//!
//! ```text
//! cargo run --example decode
//! cargo run --example decode -- 040000000000000000000000000000000004c0a800011e1b
//! ```

use swimwire::{Member, Message, Slots, Update};

const SAMPLE: &str = include_str!("ack.hex");

fn main() {
    let text = std::env::args().nth(1).unwrap_or_else(|| SAMPLE.to_owned());
    let bytes = match hex::decode(text.trim()) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("not hex: {e}");
            std::process::exit(2);
        }
    };
    match swimwire::decode(&bytes) {
        Ok(message) => print_message(&message),
        Err(e) => {
            eprintln!("error: {e}: {}", e.kind().description());
            std::process::exit(1);
        }
    }
}

fn print_message(message: &Message<'_>) {
    println!("{} bytes", message.encoded_len());
    match message {
        Message::Ping {
            seq,
            sender,
            updates,
        }
        | Message::Ack {
            seq,
            sender,
            updates,
        } => {
            let name = if matches!(message, Message::Ping { .. }) {
                "Ping"
            } else {
                "Ack"
            };
            println!("{name} seq={seq} sender={sender} updates={}", updates.len());
            updates.iter().for_each(print_update);
        }
        Message::PingReq {
            seq,
            sender,
            target,
            target_addr,
        } => {
            println!("PingReq seq={seq} sender={sender} target={target} target_addr={target_addr}");
        }
        Message::Join {
            sender,
            sender_addr,
        } => println!("Join sender={sender} sender_addr={sender_addr}"),
        Message::Welcome { sender, members } => {
            println!("Welcome sender={sender} members={}", members.len());
            members.iter().for_each(print_member);
        }
        Message::SlotsAnnounce {
            sender,
            incarnation,
            slots,
        } => {
            println!(
                "SlotsAnnounce sender={sender} incarnation={incarnation} slots={}",
                show(slots)
            );
        }
    }
}

fn print_update(update: Update<'_>) {
    match update {
        Update::Alive {
            node,
            addr,
            incarnation,
        } => println!("  Alive node={node} addr={addr} incarnation={incarnation}"),
        Update::Suspect { node, incarnation } => {
            println!("  Suspect node={node} incarnation={incarnation}")
        }
        Update::Dead { node, incarnation } => {
            println!("  Dead node={node} incarnation={incarnation}")
        }
        Update::Left { node } => println!("  Left node={node}"),
        Update::SlotsChanged {
            node,
            incarnation,
            slots,
        } => {
            println!(
                "  SlotsChanged node={node} incarnation={incarnation} slots={}",
                show(&slots)
            );
        }
        Update::RoleChanged {
            node,
            incarnation,
            is_primary,
            replicates,
        } => {
            let replicates = replicates.map_or_else(|| "none".to_owned(), ToString::to_string);
            println!(
                "  RoleChanged node={node} incarnation={incarnation} is_primary={is_primary} replicates={replicates}"
            );
        }
        Update::VoteRequest {
            candidate,
            epoch,
            offset,
        } => {
            println!("  VoteRequest candidate={candidate} epoch={epoch} offset={offset}");
        }
        Update::VoteGranted {
            from,
            candidate,
            epoch,
        } => {
            println!("  VoteGranted from={from} candidate={candidate} epoch={epoch}");
        }
    }
}

fn print_member(member: Member<'_>) {
    let Member {
        id,
        addr,
        incarnation,
        is_primary,
        slots,
    } = member;
    println!(
        "  Member id={id} addr={addr} incarnation={incarnation} is_primary={is_primary} slots={}",
        show(&slots)
    );
}

fn show(slots: &Slots<'_>) -> String {
    let ranges: Vec<String> = slots
        .iter()
        .map(|r| format!("{}-{}", r.start, r.end))
        .collect();
    format!("[{}]", ranges.join(", "))
}
