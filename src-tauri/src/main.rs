// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Started as a contained reader of one untrusted file: do that and nothing else (no window).
    if let Some(code) = casefile_core::serve_contained_reader_if_asked() {
        std::process::exit(code);
    }
    casefile_core::enable_contained_readers();
    std::process::exit(casefile_app::run());
}
