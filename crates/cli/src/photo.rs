//! `wangge photo`: see its help text.

/// Arguments of `wangge photo`.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`wangge photo` is not built yet")
}
