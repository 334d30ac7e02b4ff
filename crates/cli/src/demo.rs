//! `wangge demo`: the service with a demo district, and demo data generators.

use clap::Subcommand;

/// Arguments of `wangge demo`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: Option<What>,
    #[command(flatten)]
    serve: crate::serve::DemoArgs,
}

#[derive(Subcommand)]
enum What {
    /// Generate the demo grids of Haigang as GeoJSON.
    Grids(crate::grid::DemoGridsArgs),
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.what {
        Some(What::Grids(grids)) => crate::grid::demo_grids(grids),
        None => crate::serve::demo(args.serve),
    }
}
