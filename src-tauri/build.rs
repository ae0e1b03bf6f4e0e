fn main() {
    // The window's files are embedded from ui/dist: rebuild when the UI is rebuilt.
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build();
}
