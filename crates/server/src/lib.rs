//! The sync service: sessions, push, pull, blobs, the case loop, dispatch and KPIs.
