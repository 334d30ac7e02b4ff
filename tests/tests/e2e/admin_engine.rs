//! The administrator's engine calls of 调整网格 and 设备 against the real server: a mistyped
//! grid code refused before anything is sent, a worker moved (their area changes), the
//! devices listed with the synced person's name, one revoked (marked so in the list), and
//! the revoked phone told why at its next contact.

use device::engine::{MoveWorkerInput, OpenTasksChoice, ScopeInfo};
use e2e::devices::{signed_in, sync_until_drained};
use e2e::scenario::Scenario;
use e2e::server::{ADMIN, PASSWORD, WORKER_A};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrators_engine_moves_a_worker_and_revokes_their_phone() {
    let s = Scenario::start().await;
    e2e::server::store_admin(&s.server.state).await;
    let (_dir, desk) = signed_in(&s.server.url, ADMIN, PASSWORD).await;
    sync_until_drained(&desk, 5).await.expect("the desk syncs");

    let old_grid = s.a.my_grids().expect("grids")[0].code.clone();
    let new_grid = s
        .server
        .state
        .grids()
        .grids()
        .iter()
        .map(|g| g.code.to_string())
        .find(|g| *g != old_grid)
        .expect("another grid");

    // A mistyped code: refused by the engine, naming it.
    let bad = desk
        .admin_move_worker(
            WORKER_A,
            &MoveWorkerInput {
                grids: vec!["13030200100".into()],
                open_tasks: OpenTasksChoice::Keep,
            },
        )
        .await
        .expect_err("a short grid code");
    assert!(bad.to_string().contains("13030200100"), "{bad}");

    let moved = desk
        .admin_move_worker(
            WORKER_A,
            &MoveWorkerInput {
                grids: vec![format!(" {new_grid} "), String::new()],
                open_tasks: OpenTasksChoice::HandOver,
            },
        )
        .await
        .expect("moved");
    assert_eq!(moved.scope, ScopeInfo::Grids(vec![new_grid.clone()]));

    // 设备: worker.a's phone, named from the synced people, revoked.
    sync_until_drained(&desk, 5).await.expect("the desk syncs");
    let devices = desk.admin_devices().await.expect("devices");
    let phone = devices
        .iter()
        .find(|d| d.username == WORKER_A)
        .expect("worker.a's phone listed")
        .clone();
    assert!(!phone.person_name.is_empty(), "{phone:?}");
    assert_eq!(phone.revoked_at, None);
    assert!(
        desk.admin_revoke_device("not-a-device", None)
            .await
            .is_err(),
        "a bad id is refused"
    );
    desk.admin_revoke_device(&phone.id, Some(" 手机遗失，请到社区领取新手机 "))
        .await
        .expect("revoked");
    let after = desk.admin_devices().await.expect("devices");
    let listed = after
        .iter()
        .find(|d| d.id == phone.id)
        .expect("still listed");
    assert!(listed.revoked_at.is_some(), "{listed:?}");
    assert!(
        after
            .iter()
            .filter(|d| d.id != phone.id)
            .all(|d| d.revoked_at.is_none()),
        "only the phone is revoked: {after:?}"
    );

    let _ = s.a.sync_now().await;
    let reason = s.a.session_ended_reason().expect("reason");
    assert!(
        reason
            .as_deref()
            .is_some_and(|r| r.contains("手机遗失，请到社区领取新手机")),
        "the phone says {reason:?}"
    );
}
