//! `wangge device`: see its help text.

/// Arguments of `wangge device`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`wangge device` is not built yet")
}
