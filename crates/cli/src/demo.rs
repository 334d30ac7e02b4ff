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
    /// Write the demo district's files (grids, buildings, people) as the demo imports
    /// them: `wangge demo files --out fixtures` renews the repository's copies.
    Files(FilesArgs),
}

/// Options of `wangge demo files`.
#[derive(clap::Args)]
pub struct FilesArgs {
    /// The folder to write into.
    #[arg(long, value_name = "DIR")]
    out: std::path::PathBuf,
}

fn files(args: FilesArgs) -> anyhow::Result<()> {
    use anyhow::Context;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for (name, text) in server::demo::files::generate(server::demo::GRID_SEED)? {
        let path = args.out.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.what {
        Some(What::Grids(grids)) => crate::grid::demo_grids(grids),
        Some(What::Files(args)) => files(args),
        None => crate::serve::demo(args.serve),
    }
}
