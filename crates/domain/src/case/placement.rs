//! Re-placing an open case when grid boundaries change (a grid split, merged or redrawn):
//! the case moves to the grid that now holds its location, or, outside every grid, to
//! its community's queue. A closed or rejected case keeps the grid it was handled in.

use super::{Case, CaseState};
use crate::hierarchy::{CommunityCode, GridCode};

/// Why a case cannot be re-placed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlacementError {
    /// The loop has ended: history keeps the grid it was handled in.
    #[error("a {0} case keeps the grid it was handled in")]
    Final(CaseState),
    /// A grid belongs to the community its code names.
    #[error("grid {grid} is not in community {community}")]
    OutsideCommunity {
        grid: GridCode,
        community: CommunityCode,
    },
}

impl Case {
    /// Places this open case in `grid` of `community` (no grid: the community's queue).
    /// Returns whether anything changed; the assignee, deadlines and state stay as they
    /// were, since where the boundary runs does not change what was asked of whom.
    pub fn place(
        &mut self,
        grid: Option<GridCode>,
        community: CommunityCode,
    ) -> Result<bool, PlacementError> {
        if self.state.is_final() {
            return Err(PlacementError::Final(self.state));
        }
        if let Some(g) = grid
            && g.community() != community
        {
            return Err(PlacementError::OutsideCommunity { grid: g, community });
        }
        if self.grid == grid && self.community == community {
            return Ok(false);
        }
        self.grid = grid;
        self.community = community;
        Ok(true)
    }
}
