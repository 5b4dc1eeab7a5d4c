//! Output and exit status over semihosting, without `core::fmt`.

use cortex_m_semihosting::{debug, hio};

/// Writes `text` to the host's standard output.
pub fn text(text: &str) {
    bytes(text.as_bytes());
}

/// Writes raw bytes (text known to be ASCII) to the host's standard output.
pub fn bytes(bytes: &[u8]) {
    if let Ok(mut out) = hio::hstdout() {
        // Output is best effort: the exit status is what counts.
        let _ = out.write_all(bytes);
    }
}

/// Writes `value` in decimal.
pub fn number(value: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = value;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        start -= 1;
        if rest == 0 {
            break;
        }
    }
    bytes(digits.get(start..).unwrap_or_default());
}

/// One `stack <what> <bytes>` line, as budgets.py reads it.
pub fn stack(what: &str, used: usize) {
    text("stack ");
    text(what);
    text(" ");
    number(used);
    text("\n");
}

/// Ends the run: QEMU exits with status 0 if `passed`, else 1.
pub fn exit(passed: bool) -> ! {
    debug::exit(if passed {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // Not reached under QEMU; on a board without a debugger, halt here.
    loop {
        cortex_m::asm::wfi();
    }
}
