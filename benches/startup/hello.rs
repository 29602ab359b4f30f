//! The start-up peer of `benches/startup.sh`: a hello-world binary built with the release profile's
//! settings (`rustc -O`, symbols stripped), so a `quote` is read as a multiple of doing nothing.
fn main() {
    println!("hello");
}
