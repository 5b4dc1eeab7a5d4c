//! Decoding, walking and encoding allocate nothing: a counting global
//! allocator watches this thread while the bench corpus goes through.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use swimwire::{AuthKey, Decoder, Message, Piggyback, Profile};

// The bench corpus and the walk over every field that the benches use.
#[path = "../benches/common/mod.rs"]
mod common;

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

#[test]
fn decode_walk_and_encode_allocate_nothing() {
    let inputs = common::corpus();
    assert_eq!(inputs.len(), 7);
    let mut out = vec![0u8; 32 * 1024];
    let lenient = Decoder::new().with_profile(Profile::Lenient);
    for (name, input) in &inputs {
        let mut checked = 0;
        let count = allocations(|| {
            let message = swimwire::decode(input).unwrap();
            std::hint::black_box(common::walk(&message));
            let len = message.encode_into(&mut out).unwrap();
            assert_eq!(out[..len], input[..]);
            let relaxed = lenient.decode(input).unwrap();
            std::hint::black_box(common::walk(&relaxed));
            let len = relaxed.encode_into(&mut out).unwrap();
            let mut heapless = heapless::Vec::<u8, 32768>::new();
            assert_eq!(message.encode(&mut heapless), Ok(len));
            assert!(swimwire::decode(&input[..input.len() - 1]).is_err());
            let key = AuthKey::new(b"cluster secret");
            let framed = message.encode_authenticated_into(&key, &mut out).unwrap();
            let tagged = swimwire::decode_authenticated(&out[..framed], &key).unwrap();
            std::hint::black_box(common::walk(&tagged));
            checked += 1;
        });
        assert_eq!(checked, 1);
        assert_eq!(
            count,
            0,
            "{count} allocations for {name} ({} bytes)",
            input.len()
        );
    }

    // The piggyback builder, fed from a decoded message.
    let ping = common::message("ping_mtu_alive_v4");
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
