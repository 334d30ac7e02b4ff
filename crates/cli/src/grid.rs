//! `wangge grid`: see its help text.

/// Arguments of `wangge grid`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`wangge grid` is not built yet")
}

/// Options of `wangge demo grids`.
#[derive(clap::Args)]
pub struct DemoGridsArgs {}

pub fn demo_grids(_args: DemoGridsArgs) -> anyhow::Result<()> {
    anyhow::bail!("`wangge demo grids` is not built yet")
}
