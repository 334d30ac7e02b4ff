//! Re-placing cases when grid boundaries change: an open case moves with its assignee and
//! deadlines untouched; a closed one keeps its grid; a grid stays inside its community.

use domain::case::PlacementError;
use domain::{Action, CaseState};

use crate::world::{World, at};

#[test]
fn an_open_case_moves_to_the_grid_that_now_holds_it_keeping_its_task() {
    let w = World::new();
    let mut case = w.dispatched();
    let (assignee, due) = (case.assignee, case.resolve_due);
    let community = w.communities[0];
    assert_eq!(case.place(Some(w.grids[1]), community), Ok(true));
    assert_eq!(case.grid, Some(w.grids[1]));
    assert_eq!((case.assignee, case.resolve_due), (assignee, due));
    assert_eq!(case.state, CaseState::Dispatched);
    assert_eq!(
        case.place(Some(w.grids[1]), community),
        Ok(false),
        "already there"
    );
    assert_eq!(
        case.place(None, community),
        Ok(true),
        "outside every grid: the queue"
    );
    assert_eq!(case.grid, None);
    assert_eq!(case.community, community);
}

#[test]
fn a_grid_of_another_community_is_refused() {
    let w = World::new();
    let mut case = w.reported_by(w.courier());
    let refused = case.place(Some(w.grids[2]), w.communities[0]);
    assert_eq!(
        refused,
        Err(PlacementError::OutsideCommunity {
            grid: w.grids[2],
            community: w.communities[0],
        })
    );
    assert_eq!(case.grid, Some(w.grids[0]), "unchanged");
    assert_eq!(case.place(Some(w.grids[2]), w.communities[1]), Ok(true));
    assert_eq!(case.community, w.communities[1]);
}

#[test]
fn a_closed_case_keeps_the_grid_it_was_handled_in() {
    let w = World::new();
    let mut case = w.resolved();
    case.apply(
        w.hongqili(),
        Action::Verify {
            passed: true,
            note: String::new(),
        },
        at(120),
    )
    .unwrap();
    case.apply(w.hongqili(), Action::Close, at(130)).unwrap();
    assert_eq!(
        case.place(Some(w.grids[1]), w.communities[0]),
        Err(PlacementError::Final(CaseState::Closed))
    );
    assert_eq!(case.grid, Some(w.grids[0]));
}
