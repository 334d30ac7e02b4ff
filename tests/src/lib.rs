//! End-to-end test support: start a real server on port 0 and real devices in temp folders.
