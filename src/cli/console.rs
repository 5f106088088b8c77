//! The terminal: Vietnamese readable in the Windows console, colours only where they show.
//!
//! Rust writes to a Windows console in UTF-16, so our own lines are readable anyway; but a
//! program our output is piped into in the same console (`minhbach check | findstr lỗi`, a
//! PowerShell pipeline) decodes it with the console's output code page, which is 437 or 1258 on
//! a Vietnamese Windows. So the code page is set to UTF-8 (65001) for the console we run in.
//! Colours are ANSI escapes: the old console host (`cmd.exe` on Windows 10) prints them as
//! `←[31m` unless virtual terminal processing is switched on, so they are used only when it can
//! be, and never when stderr is not a terminal or `NO_COLOR` is set.

use std::io::IsTerminal;
use std::sync::OnceLock;

static COLOURS: OnceLock<bool> = OnceLock::new();

/// Prepares the console (once): UTF-8 output on Windows, colours decided.
pub(crate) fn setup() {
    COLOURS.get_or_init(init);
}

/// Whether diagnostics on stderr may be coloured.
pub(crate) fn colours() -> bool {
    *COLOURS.get_or_init(init)
}

fn init() -> bool {
    platform::utf8_output();
    let wanted = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    wanted && platform::ansi_escapes()
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod platform {
    use windows_sys::Win32::System::Console::{
        ENABLE_VIRTUAL_TERMINAL_PROCESSING, GetConsoleMode, GetStdHandle, STD_ERROR_HANDLE,
        SetConsoleMode, SetConsoleOutputCP,
    };

    /// UTF-8, the code page 65001, for the console's output.
    pub(super) fn utf8_output() {
        // SAFETY: no pointers; fails harmlessly (returns 0) when there is no console.
        unsafe {
            SetConsoleOutputCP(65001);
        }
    }

    /// Switches on ANSI escapes for stderr; false when they cannot be.
    pub(super) fn ansi_escapes() -> bool {
        // SAFETY: the handle comes from GetStdHandle and `mode` outlives the calls that write it.
        unsafe {
            let h = GetStdHandle(STD_ERROR_HANDLE);
            let mut mode = 0;
            if GetConsoleMode(h, &mut mode) == 0 {
                return false;
            }
            mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0
                || SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0
        }
    }
}

#[cfg(not(windows))]
mod platform {
    /// Terminals elsewhere take UTF-8 already.
    pub(super) fn utf8_output() {}

    /// Terminals elsewhere show ANSI escapes.
    pub(super) fn ansi_escapes() -> bool {
        true
    }
}
