//! End-to-end test support: the real sync service on port 0 (in this process or as a child
//! process to kill), real device engines in temporary folders, and a fault-injecting TCP
//! proxy between them.

pub mod child;
pub mod devices;
pub mod proxy;
pub mod scenario;
pub mod server;
