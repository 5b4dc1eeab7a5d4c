//! Sets `cfg(proven)` where the link-time no-panic proof takes effect:
//! feature `no-panic` in a build without debug assertions (debug builds keep
//! panicking checks the proof would reject). One cfg for every
//! `#[cfg_attr(proven, no_panic::no_panic)]`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(proven)");
    let feature = std::env::var_os("CARGO_FEATURE_NO_PANIC").is_some();
    let debug_assertions = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some();
    if feature && !debug_assertions {
        println!("cargo::rustc-cfg=proven");
    }
}
