//! Sets `cfg(proven)` where the link-time no-panic proof takes effect:
//! feature `no-panic` in an optimised build without debug assertions (debug
//! builds keep panicking checks the proof would reject). One cfg for every
//! `#[cfg_attr(proven, no_panic::no_panic)]`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(proven)");
    let feature = std::env::var_os("CARGO_FEATURE_NO_PANIC").is_some();
    let debug_assertions = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some();
    // Older cargo (1.88 among them) does not tell build scripts about debug
    // assertions; an unoptimised build has them unless a profile says
    // otherwise.
    let optimised = std::env::var("OPT_LEVEL").is_ok_and(|level| level != "0");
    if feature && optimised && !debug_assertions {
        println!("cargo::rustc-cfg=proven");
    }
}
