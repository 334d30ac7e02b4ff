//! The `wangge` binary: runs the service, acts as a headless device, makes demo data.
//!
//! Each command group lives in its own module and stays a thin layer over the library
//! crates: argument parsing and output here, behaviour in `server`, `device`, `gridmap`
//! and `photos`.

mod admin;
mod demo;
mod device;
mod grid;
mod photo;
mod serve;

use clap::{Parser, Subcommand};

/// Wangge (网格): offline-first field app and sync service for urban grid governance.
#[derive(Parser)]
#[command(name = "wangge", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the sync service.
    Serve(serve::Args),
    /// Run the service with a demo district (Haigang), or generate demo data.
    Demo(demo::Args),
    /// A headless device: sign in, capture, act on tasks and sync, like the app.
    Device(device::Args),
    /// Photo tools: prepare a photo as the app does before upload.
    Photo(photo::Args),
    /// Grid tools: locate points in grids.
    Grid(grid::Args),
    /// Administer a district through the service: import its files.
    Admin(admin::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Device(args) => device::run(args),
        Command::Photo(args) => photo::run(args),
        Command::Grid(args) => grid::run(args),
        Command::Admin(args) => admin::run(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // The whole chain of causes on one line, without a backtrace: this is for people.
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
