//! Decoding, walking and encoding allocate nothing: a counting global
//! allocator watches this thread while the bench corpus goes through.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use swimwire::{AuthKey, Decoder, Message, Piggyback, Profile, Update};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations this thread made meanwhile.
fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    WATCHING.with(|w| w.set(true));
    f();
    WATCHING.with(|w| w.set(false));
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

/// Reads every field of every view, so lazy iteration is counted too.
fn walk(message: &Message<'_>) -> u64 {
    let mut sum = 0u64;
    let mut add = |x: u64| sum = sum.wrapping_add(x);
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
            add(*seq ^ sender.as_u64_pair().0);
            for update in updates {
                add(update.encoded_len() as u64);
                if let Update::SlotsChanged { slots, .. } = update {
                    slots
                        .iter()
                        .for_each(|r| add(u64::from(r.start) + u64::from(r.end)));
                }
            }
        }
        Message::PingReq {
            seq, target_addr, ..
        } => add(*seq + u64::from(target_addr.port())),
        Message::Join { sender_addr, .. } => add(u64::from(sender_addr.port())),
        Message::Welcome { members, .. } => {
            for member in members {
                add(member.incarnation + member.id.as_u64_pair().1 + u64::from(member.addr.port()));
                member.slots.iter().for_each(|r| add(u64::from(r.end)));
            }
        }
        Message::SlotsAnnounce { slots, .. } => slots.iter().for_each(|r| add(u64::from(r.end))),
    }
    sum
}

#[test]
fn decode_walk_and_encode_allocate_nothing() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/bench");
    let inputs: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            hex::decode(
                std::fs::read_to_string(entry.unwrap().path())
                    .unwrap()
                    .trim(),
            )
            .unwrap()
        })
        .collect();
    assert_eq!(inputs.len(), 7);
    let mut out = vec![0u8; 32 * 1024];
    let lenient = Decoder::new().with_profile(Profile::Lenient);
    for input in &inputs {
        let mut checked = 0;
        let count = allocations(|| {
            let message = swimwire::decode(input).unwrap();
            std::hint::black_box(walk(&message));
            let len = message.encode_into(&mut out).unwrap();
            assert_eq!(out[..len], input[..]);
            let relaxed = lenient.decode(input).unwrap();
            std::hint::black_box(walk(&relaxed));
            let len = relaxed.encode_into(&mut out).unwrap();
            let heapless = message.encode::<32768>().unwrap();
            assert_eq!(heapless.len(), len);
            assert!(swimwire::decode(&input[..input.len() - 1]).is_err());
            let key = AuthKey::new(b"cluster secret");
            let framed = message.encode_authenticated_into(&key, &mut out).unwrap();
            let tagged = swimwire::decode_authenticated(&out[..framed], &key).unwrap();
            std::hint::black_box(walk(&tagged));
            checked += 1;
        });
        assert_eq!(checked, 1);
        assert_eq!(
            count,
            0,
            "{} allocations for a message of {} bytes",
            count,
            input.len()
        );
    }

    // The piggyback builder, fed from a decoded message.
    let ping = hex::decode(
        std::fs::read_to_string(format!("{dir}/ping_mtu_alive_v4.hex"))
            .unwrap()
            .trim(),
    )
    .unwrap();
    let count = allocations(|| {
        let Message::Ping { updates, .. } = swimwire::decode(&ping).unwrap() else {
            panic!()
        };
        let sender = swimwire::Uuid::nil();
        let mut builder = Piggyback::ack(&mut out, 1472, 1, &sender).unwrap();
        assert_eq!(builder.push_all(updates), updates.len());
        builder.finish();
    });
    assert_eq!(count, 0);

    // The watch works: an allocation is seen.
    assert_eq!(allocations(|| drop(std::hint::black_box(vec![1u8]))), 1);
}
