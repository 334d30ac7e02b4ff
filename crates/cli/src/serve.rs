//! `wangge serve`: see its help text.

/// Arguments of `wangge serve`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`wangge serve` is not built yet")
}

/// Options of the demo service (`wangge demo`).
#[derive(clap::Args)]
pub struct DemoArgs {}

pub fn demo(_args: DemoArgs) -> anyhow::Result<()> {
    anyhow::bail!("`wangge demo` is not built yet")
}
