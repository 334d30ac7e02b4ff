//! Behaviour every [`Store`] implementation must show, written against the trait only:
//! the SQLite store runs it in its tests, and a PostgreSQL one would run the same.

use domain::{Person, PersonId, Role, Scope};
use protocol::{ChangeKind, DeviceId, EntityKind, Outcome};

use super::{Audience, DeviceRecord, PersonRecord, Store, StoreExt, StoredOutcome, Visibility};

fn person(role: Role, scope: Scope) -> PersonRecord {
    PersonRecord {
        person: Person::new(PersonId::random(), "someone", role, scope).unwrap(),
        username: format!("u{}", PersonId::random()),
        password_hash: "x".into(),
        phone: None,
    }
}

/// Runs every check on an empty store.
pub fn check(store: &dyn Store) {
    change_log(store);
    mutations_and_tokens(store);
    failed_write_rolls_back(store);
    orphaned_photos(store);
    categories(store);
    organisations(store);
    retired_grids_and_buildings(store);
    placards(store);
    join_registrations(store);
    sign_in_failures(store);
}

/// Registrations and claims: a pending row is decided once; lists filter by area prefix,
/// kind and state, newest first; a refused row is no longer live; counts per community.
fn join_registrations(store: &dyn Store) {
    use super::{JoinFilter, JoinKind, JoinRecord};
    use domain::participation::State;
    let by = PersonId::random();
    let row = |number: &str, kind: JoinKind, community: &str, key: &str, at: i64| JoinRecord {
        number: number.to_owned(),
        kind,
        community: community.to_owned(),
        state: State::Pending,
        key: key.to_owned(),
        member: (kind == JoinKind::Claim).then(|| "SB2222222222".to_owned()),
        detail: format!("{{\"n\":\"{number}\"}}"),
        created_at: at,
        decided: None,
    };
    let (a, c) = ("130302001001", "130302001002");
    let rows = [
        row("SB2222222222", JoinKind::Member, a, "13800138000", 10),
        row("SB3333333333", JoinKind::Unit, a, "供水公司", 20),
        row("SB4444444444", JoinKind::Claim, a, "building_head", 30),
        row("SB5555555555", JoinKind::Member, c, "13800138000", 40),
    ];
    store
        .write(|tx| rows.iter().try_for_each(|r| tx.join_insert(r)))
        .unwrap();
    let decided = store
        .write(|tx| {
            Ok((
                tx.join_decide("SB2222222222", State::Approved, 50, by, None)?,
                tx.join_decide("SB3333333333", State::Refused, 60, by, Some("不在本社区"))?,
                tx.join_decide("SB3333333333", State::Approved, 70, by, None)?,
            ))
        })
        .unwrap();
    assert_eq!(decided, (true, true, false), "decided once");
    let unit = store
        .read(|tx| tx.join_get("SB3333333333"))
        .unwrap()
        .unwrap();
    assert_eq!(unit.state, State::Refused);
    assert_eq!(unit.decided, Some((60, by, Some("不在本社区".to_owned()))));
    assert_eq!(unit.detail, rows[1].detail);
    let claim = store
        .read(|tx| tx.join_get("SB4444444444"))
        .unwrap()
        .unwrap();
    assert_eq!(claim, rows[2]);
    let list = |area: &str, kind: Option<JoinKind>, state: Option<State>| {
        store
            .read(|tx| {
                tx.join_list(&JoinFilter {
                    area: area.to_owned(),
                    kind,
                    state,
                    limit: 10,
                })
            })
            .unwrap()
            .into_iter()
            .map(|r| r.number)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        list(a, None, None),
        ["SB4444444444", "SB3333333333", "SB2222222222"],
        "newest first"
    );
    assert_eq!(
        list("130302001", None, None).len(),
        4,
        "a street's communities"
    );
    assert_eq!(list(a, Some(JoinKind::Member), None), ["SB2222222222"]);
    assert_eq!(list(a, None, Some(State::Pending)), ["SB4444444444"]);
    let live = |community: &str, kind: JoinKind, key: &str| {
        store
            .read(|tx| tx.join_find_live(community, kind, key))
            .unwrap()
            .map(|r| r.number)
    };
    assert_eq!(
        live(a, JoinKind::Member, "13800138000").as_deref(),
        Some("SB2222222222")
    );
    assert_eq!(
        live(a, JoinKind::Unit, "供水公司"),
        None,
        "refused: not live"
    );
    let counts = store.read(|tx| tx.join_counts("130302001")).unwrap();
    let got: Vec<_> = counts
        .iter()
        .map(|c| (c.community.as_str(), c.kind, c.state, c.count))
        .collect();
    assert_eq!(
        got,
        [
            (a, JoinKind::Claim, State::Pending, 1),
            (a, JoinKind::Member, State::Approved, 1),
            (a, JoinKind::Unit, State::Refused, 1),
            (c, JoinKind::Member, State::Pending, 1),
        ]
    );
}

/// Failures count per key, start again from one after the forgetting time, are cleared
/// per key and purged by age; keys without failures are not listed.
fn sign_in_failures(store: &dyn Store) {
    use super::SignInFailures;
    let keys = |ks: &[&str]| ks.iter().map(|k| (*k).to_owned()).collect::<Vec<_>>();
    let row = |key: &str, failures: u32, last_at: i64| SignInFailures {
        key: key.to_owned(),
        failures,
        last_at,
    };
    let both = keys(&["n|ann", "a|127.0.0.2"]);
    for at in [100, 200, 300] {
        store
            .write(|tx| tx.sign_in_failed(&both, at, at - 1000))
            .unwrap();
    }
    store
        .write(|tx| tx.sign_in_failed(&keys(&["a|127.0.0.2"]), 2000, 1500))
        .unwrap();
    let mut found = store
        .read(|tx| tx.sign_in_failures(&keys(&["n|ann", "a|127.0.0.2", "n|bob"])))
        .unwrap();
    found.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(
        found,
        [row("a|127.0.0.2", 1, 2000), row("n|ann", 3, 300)],
        "counted per key; a failure after the forgetting time counts from one"
    );
    store
        .write(|tx| tx.sign_in_failures_clear(&keys(&["n|ann"])))
        .unwrap();
    assert_eq!(
        store.read(|tx| tx.sign_in_failures(&both)).unwrap(),
        [row("a|127.0.0.2", 1, 2000)]
    );
    assert_eq!(
        store.write(|tx| tx.sign_in_failures_purge(2001)).unwrap(),
        1
    );
    assert!(
        store
            .read(|tx| tx.sign_in_failures(&both))
            .unwrap()
            .is_empty()
    );
    store.ping().unwrap();
}

/// A placard's printed version replaces the previous one; a posted version is kept beside
/// it; only an entrance ever printed can be posted; a community lists its own, in order.
fn placards(store: &dyn Store) {
    use super::PlacardVersion;
    let by = PersonId::random();
    let version = |content: &str, at: i64| PlacardVersion {
        content: content.to_owned(),
        fingerprint: format!("f-{content}"),
        at,
        by,
    };
    let (a, b) = ("130302001001001-002/1", "130302001001001-001");
    store
        .write(|tx| {
            tx.placard_printed(a, "130302001001", &version("one", 10))?;
            tx.placard_printed(b, "130302001001", &version("one", 10))?;
            tx.placard_printed("130302001002001-001", "130302001002", &version("x", 10))?;
            tx.placard_printed(a, "130302001001", &version("two", 20))?;
            tx.placard_posted(a, "f-two", 30, by)?;
            tx.placard_posted("130302001001001-009", "f-none", 30, by)
        })
        .unwrap();
    let listed = store
        .read(|tx| tx.placards_in_community("130302001001"))
        .unwrap();
    let entrances: Vec<_> = listed.iter().map(|p| p.entrance.as_str()).collect();
    assert_eq!(entrances, [b, a], "the community's own, by entrance");
    let got = store.read(|tx| tx.placard_get(a)).unwrap().unwrap();
    assert_eq!(got.printed, Some(version("two", 20)), "the newest print");
    assert_eq!(got.posted, Some(("f-two".to_owned(), 30, by)));
    assert_eq!(listed[0].posted, None);
    assert!(
        store
            .read(|tx| tx.placard_get("130302001001001-009"))
            .unwrap()
            .is_none(),
        "never printed: nothing to post"
    );
}

/// An organisation is stored whole and replaced by its code; all come in code order.
fn organisations(store: &dyn Store) {
    let org = |code: &str, name: &str| domain::Organisation {
        code: domain::OrgCode::parse(code).unwrap(),
        name: name.to_owned(),
        kind: domain::OrgKind::Department,
        area: Scope::District("130302".parse().unwrap()),
        party_branch: None,
        phone: Some("0335-3012345".to_owned()),
        retired: false,
    };
    let (gs, cg) = (org("gs", "区供水公司"), org("cg", "区城管局"));
    store
        .write(|tx| {
            tx.organisation_put(&gs)?;
            tx.organisation_put(&cg)
        })
        .unwrap();
    let mut retired = gs.clone();
    retired.retired = true;
    retired.party_branch = Some("供水公司党支部".to_owned());
    store.write(|tx| tx.organisation_put(&retired)).unwrap();
    let stored = store.read(|tx| tx.organisations_all()).unwrap();
    assert_eq!(stored, vec![cg, retired], "replaced, in code order");
}

/// A retired grid is kept but out of use until stored again; a grid's buildings in use
/// exclude retired ones.
fn retired_grids_and_buildings(store: &dyn Store) {
    let grid = |n: u16| {
        let code = domain::CommunityCode::parse("130302001001")
            .unwrap()
            .grid(n)
            .unwrap();
        protocol::GridView {
            code,
            community: code.community(),
            name: format!("grid {n}"),
            geometry: serde_json::json!({"type": "Polygon", "coordinates": []}),
        }
    };
    let (one, two) = (grid(1), grid(2));
    let building = |n: u16| protocol::BuildingView {
        code: one.code.building(n).unwrap(),
        grid: one.code,
        name: format!("{n}号楼"),
        lon: 119.6,
        lat: 39.9,
        units: Vec::new(),
        head: None,
        unit_heads: Default::default(),
    };
    store
        .write(|tx| {
            tx.grid_put(&one.code, &one)?;
            tx.grid_put(&two.code, &two)?;
            tx.building_put(&building(1))?;
            tx.building_put(&building(2))?;
            tx.building_retire(&building(2).code, 5)?;
            tx.grid_retire(&two.code, 5)
        })
        .unwrap();
    store
        .read(|tx| {
            assert_eq!(
                tx.grids_all()?,
                vec![one.clone()],
                "the retired grid is out of use"
            );
            assert_eq!(tx.grid_count()?, 1);
            assert!(tx.grid_is_retired(&two.code)?);
            assert!(!tx.grid_is_retired(&one.code)?);
            assert_eq!(tx.buildings_in_grid(&one.code)?, vec![building(1)]);
            Ok(())
        })
        .unwrap();
    store.write(|tx| tx.grid_put(&two.code, &two)).unwrap();
    store
        .read(|tx| {
            assert_eq!(tx.grids_all()?.len(), 2, "stored again: back in use");
            assert!(!tx.grid_is_retired(&two.code)?);
            Ok(())
        })
        .unwrap();
}

/// A category is stored whole (routing and retired too) and replaced by its code.
fn categories(store: &dyn Store) {
    let catalogue = domain::category::default_catalogue();
    let mut first = catalogue.iter().next().unwrap().clone();
    store
        .write(|tx| {
            for c in catalogue.iter() {
                tx.category_put(c)?;
            }
            Ok(())
        })
        .unwrap();
    first.retired = true;
    first.routing = domain::Routing::GridWorker;
    first.limits.normal.resolve = domain::Minutes(first.limits.normal.resolve.get() + 60);
    store.write(|tx| tx.category_put(&first)).unwrap();
    let stored = store.read(|tx| tx.categories_all()).unwrap();
    assert_eq!(stored.len(), catalogue.len(), "replaced, not added");
    assert_eq!(stored[0], first);
    assert_eq!(&stored[1], catalogue.iter().nth(1).unwrap());
}

/// Photos no case holds are found by age, and forgetting one drops its row and its claim.
fn orphaned_photos(store: &dyn Store) {
    let me = PersonId::random();
    let old = protocol::PhotoHash::parse(&"a".repeat(64)).unwrap();
    let new = protocol::PhotoHash::parse(&"b".repeat(64)).unwrap();
    store
        .write(|tx| {
            let failed = protocol::PhotoHash::parse(&"c".repeat(64)).unwrap();
            tx.photo_claim(&failed, me, 10)?;
            tx.photo_unclaim(&failed, PersonId::random())?;
            assert_eq!(
                tx.photo_owner(&failed)?,
                Some(me),
                "only its claimant drops a claim"
            );
            tx.photo_unclaim(&failed, me)?;
            assert_eq!(tx.photo_owner(&failed)?, None);
            tx.photo_claim(&old, me, 10)?;
            tx.blob_record(&old, 5, Some(me), 10)?;
            tx.photo_unclaim(&old, me)?;
            assert_eq!(
                tx.photo_owner(&old)?,
                Some(me),
                "a stored photo keeps its owner"
            );
            tx.blob_record(&new, 5, Some(me), 100)
        })
        .unwrap();
    store
        .write(|tx| {
            assert_eq!(tx.blobs_orphaned(50, 10)?, vec![old.clone()]);
            assert_eq!(tx.blobs_orphaned(200, 1)?.len(), 1, "limited");
            tx.blob_forget(&old)?;
            assert_eq!(tx.photo_owner(&old)?, None, "claim gone");
            assert!(tx.blob_get(&old)?.is_none(), "row gone");
            assert_eq!(tx.blobs_orphaned(200, 10)?, vec![new.clone()]);
            Ok(())
        })
        .unwrap();
}

fn change_log(store: &dyn Store) {
    let grid = "130302001001001".to_string();
    let me = PersonId::random();
    let worker = Visibility {
        areas: vec![grid.clone()],
        person: me,
    };
    let dispatcher = Visibility {
        areas: vec!["130302001001".into()],
        person: PersonId::random(),
    };
    let stranger = Visibility {
        areas: vec!["130302002".into()],
        person: PersonId::random(),
    };
    let put = |entity, id: &str, aud: Audience, kind| {
        store
            .write(|tx| tx.change_put(entity, id, &aud, kind, Some("{}"), 0))
            .unwrap()
    };
    let a = put(
        EntityKind::Category,
        "0101",
        Audience::Everyone,
        ChangeKind::Put,
    );
    let b = put(
        EntityKind::Case,
        "c1",
        Audience::Area(grid.clone()),
        ChangeKind::Put,
    );
    let c = put(
        EntityKind::Case,
        "c2",
        Audience::Area("130302001001".into()),
        ChangeKind::Put,
    );
    let d = put(
        EntityKind::Case,
        "c3",
        Audience::Person(me),
        ChangeKind::Put,
    );
    assert!(a < b && b < c && c < d, "sequence numbers rise");
    let ids = |vis: &Visibility, cursor| {
        let (rows, head) = store.read(|tx| tx.changes_since(cursor, vis, 100)).unwrap();
        assert_eq!(head, d.max(head));
        rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(ids(&worker, 0), ["0101", "c1", "c3"]);
    assert_eq!(ids(&dispatcher, 0), ["0101", "c1", "c2"]);
    assert_eq!(ids(&stranger, 0), ["0101"]);
    assert_eq!(ids(&worker, b), ["c3"]);
    // A change moves its row to a new number: seen once, after the cursor.
    let e = put(
        EntityKind::Case,
        "c1",
        Audience::Area(grid.clone()),
        ChangeKind::Put,
    );
    assert!(e > d);
    assert_eq!(ids(&worker, d), ["c1"]);
    assert_eq!(ids(&worker, 0), ["0101", "c3", "c1"]);
    // Removes are compacted after their time; the mark says which cursors are gone.
    let f = put(
        EntityKind::Case,
        "c3",
        Audience::Person(me),
        ChangeKind::Remove,
    );
    assert_eq!(store.read(|tx| tx.changes_compacted_through()).unwrap(), 0);
    assert_eq!(store.write(|tx| tx.changes_compact(1)).unwrap(), 1);
    assert_eq!(store.read(|tx| tx.changes_compacted_through()).unwrap(), f);
    assert_eq!(ids(&worker, 0), ["0101", "c1"]);
}

fn mutations_and_tokens(store: &dyn Store) {
    let p = person(
        Role::FullTimeGridWorker,
        Scope::Grids(vec![domain::GridCode::parse("130302001001001").unwrap()]),
    );
    let device = DeviceId::new();
    store
        .write(|tx| {
            tx.person_insert(&p, 0)?;
            tx.device_insert(&DeviceRecord {
                id: device,
                person_id: p.person.id,
                name: "phone".into(),
                created_at: 0,
                last_seen_at: None,
                revoked_at: None,
                last_mid: 0,
            })?;
            let rejected = StoredOutcome {
                outcome: Outcome::Rejected,
                reason: Some("why".into()),
            };
            tx.mutation_record(device, 1, "task.start", "ab12", &rejected, 5)?;
            tx.device_set_last_mid(device, 1)?;
            assert_eq!(
                tx.device_delivered(device)?,
                Some(0),
                "nothing handed out yet"
            );
            tx.device_deliver(device, 40)?;
            tx.device_deliver(device, 30)?;
            assert_eq!(tx.device_delivered(device)?, Some(40), "never lowered");
            tx.access_token_insert("a", device, 100)?;
            tx.refresh_token_insert("r", device, 100)
        })
        .unwrap();
    store
        .read(|tx| {
            assert_eq!(tx.device_get(device)?.unwrap().last_mid, 1);
            let stored = tx.mutation_get(device, 1)?.unwrap();
            assert_eq!(stored.name, "task.start");
            assert_eq!(stored.args_sha256.as_deref(), Some("ab12"));
            assert_eq!(stored.outcome.outcome, Outcome::Rejected);
            assert_eq!(stored.outcome.reason.as_deref(), Some("why"));
            assert!(tx.mutation_get(device, 2)?.is_none());
            assert_eq!(tx.access_token_get("a")?, Some((device, 100)));
            assert_eq!(
                tx.person_by_username(&p.username)?.unwrap().person,
                p.person
            );
            Ok(())
        })
        .unwrap();
    store
        .write(|tx| {
            tx.device_revoke(device, 50)?;
            assert!(
                tx.access_token_get("a")?.is_none(),
                "revoking drops access tokens"
            );
            assert!(
                tx.refresh_token_get("r")?.unwrap().used_at.is_some(),
                "and spends refresh tokens"
            );
            assert_eq!(tx.mutations_compact(6)?, 1);
            assert_eq!(tx.tokens_purge_expired(100)?, 1);
            Ok(())
        })
        .unwrap();
}

fn failed_write_rolls_back(store: &dyn Store) {
    let before = store.read(|tx| tx.changes_head()).unwrap();
    let result: crate::error::Result<()> = store.write(|tx| {
        tx.change_put(
            EntityKind::Category,
            "9999",
            &Audience::Everyone,
            ChangeKind::Put,
            None,
            0,
        )?;
        Err(crate::error::Error::Internal("fail on purpose".into()))
    });
    assert!(result.is_err());
    assert_eq!(
        store.read(|tx| tx.changes_head()).unwrap(),
        before,
        "nothing of it stayed"
    );
}
