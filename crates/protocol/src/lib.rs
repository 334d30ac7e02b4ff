//! The wire types of the sync API, shared by the device and the server.
