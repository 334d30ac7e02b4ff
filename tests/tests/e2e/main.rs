//! End-to-end tests: the real sync service on port 0 and real device engines in temporary
//! folders, through the whole case loop, conflicts, crashes, a faulty network and a
//! backlog.

mod acknowledge;
mod admin_engine;
mod admin_problems;
mod background;
mod backlog;
mod board;
mod case_loop;
mod conflict;
mod departments;
mod desk_photos;
mod join;
mod kill_device;
mod kill_server;
mod limits;
mod lost_phone;
mod move_worker;
mod moving;
mod patrol_buildings;
mod proxy;
mod rebuild;
mod restore;
mod sessions;
mod shared_phone;
mod store_at_rest;
mod top_down;
