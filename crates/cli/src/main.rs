//! The `wangge` binary: runs the service, acts as a headless device, makes demo data.

fn main() {
    println!("wangge");
}
