//! Ingest benchmark (placeholder while the server is built).
fn main() {}
