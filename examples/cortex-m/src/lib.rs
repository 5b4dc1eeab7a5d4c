//! What the firmware (`src/main.rs`) and the budget images (`src/bin/`)
//! share: the test data, a walk over every field of a message, stack
//! measurement by painting, output and exit over semihosting, and the panic
//! handler.

#![no_std]

pub mod budget;
pub mod data;
pub mod rebuild;
pub mod report;
pub mod stack;
pub mod walk;

use core::panic::PanicInfo;

/// A panic is a failed run: QEMU exits with status 1. (Nothing here formats
/// the panic message, so that the budget images link no formatting code.)
#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    report::text("panicked\n");
    report::exit(false)
}

/// A fault (such as an instruction the core does not have) is a failed run
/// too, rather than a hang.
#[cortex_m_rt::exception]
unsafe fn HardFault(_: &cortex_m_rt::ExceptionFrame) -> ! {
    report::text("hard fault\n");
    report::exit(false)
}
