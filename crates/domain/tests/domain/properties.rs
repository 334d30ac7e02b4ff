//! Property tests: random sequences of random actions by random people (every role, in and
//! out of scope) never reach a state the rules forbid, refusals change nothing, and every
//! applied transition returns a matching audit entry.

use domain::case::EvidenceStage;
use domain::{
    Action, ActionKind, Case, CaseId, CaseState, Person, Priority, RejectReason, Role,
    TransitionError,
};
use proptest::prelude::*;
use uuid::Uuid;

use crate::world::{World, at, photo};

/// The arguments any action might need, drawn once per step.
#[derive(Debug, Clone)]
struct Args {
    reject_reason: u8,
    text: bool,
    assignee: usize,
    deadline: i64,
    photos: bool,
    passed: bool,
}

fn args() -> impl Strategy<Value = Args> {
    (
        0u8..4,
        prop::bool::weighted(0.8),
        // Mostly grid workers (indices 0, 1, 2, 10), sometimes anyone.
        prop_oneof![3 => prop::sample::select(vec![0usize, 1, 2, 10]), 1 => 0usize..11],
        -60i64..3000,
        prop::bool::weighted(0.9),
        any::<bool>(),
    )
        .prop_map(
            |(reject_reason, text, assignee, deadline, photos, passed)| Args {
                reject_reason,
                text,
                assignee,
                deadline,
                photos,
                passed,
            },
        )
}

/// The actions a person can ask for (the two ways of creating a case aside).
const KINDS: [ActionKind; 11] = [
    ActionKind::AcceptCase,
    ActionKind::Reject,
    ActionKind::Dispatch,
    ActionKind::AcknowledgeTask,
    ActionKind::Start,
    ActionKind::Resolve,
    ActionKind::Return,
    ActionKind::Verify,
    ActionKind::Close,
    ActionKind::Reopen,
    ActionKind::Reassign,
];

/// Which action: the n-th of those the state allows (so walks get far), or any at all.
#[derive(Debug, Clone)]
enum Pick {
    Legal(usize),
    Any(usize),
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![3 => (0usize..64).prop_map(Pick::Legal), 1 => (0usize..11).prop_map(Pick::Any)]
}

fn kind_of(case: &Case, pick: &Pick) -> ActionKind {
    match *pick {
        Pick::Any(i) => KINDS[i % KINDS.len()],
        Pick::Legal(i) => {
            let legal: Vec<ActionKind> = KINDS
                .into_iter()
                .filter(|k| !allowed(case.state, *k).is_empty())
                .collect();
            if legal.is_empty() {
                KINDS[i % KINDS.len()]
            } else {
                legal[i % legal.len()]
            }
        }
    }
}

fn text(present: bool) -> String {
    if present {
        "说明".to_owned()
    } else {
        String::new()
    }
}

fn concrete(w: &World, case: &Case, kind: ActionKind, a: &Args, now: i64) -> Action {
    match kind {
        ActionKind::AcceptCase => Action::AcceptCase,
        ActionKind::Reject => Action::Reject {
            reason: match a.reject_reason {
                0 => RejectReason::Duplicate {
                    of: CaseId::from_uuid(Uuid::from_u128(9_999)),
                },
                1 => RejectReason::Duplicate { of: case.id },
                2 => RejectReason::OutOfScope,
                _ => RejectReason::Invalid,
            },
            note: text(a.text),
        },
        ActionKind::Dispatch => Action::Dispatch {
            assignee: w.people[a.assignee].clone(),
            deadline: at(now + a.deadline),
        },
        ActionKind::AcknowledgeTask => Action::AcknowledgeTask,
        ActionKind::Start => Action::Start,
        ActionKind::Resolve => Action::Resolve {
            photos: if a.photos { vec![photo(7)] } else { vec![] },
            note: String::new(),
        },
        ActionKind::Return => Action::Return {
            reason: text(a.text),
        },
        ActionKind::Verify => Action::Verify {
            passed: a.passed,
            note: text(a.text),
        },
        ActionKind::Close => Action::Close,
        ActionKind::Reopen => Action::Reopen {
            reason: text(a.text),
        },
        // Joint cases (whistle, parts done) have their own tests (departments.rs).
        ActionKind::Reassign
        | ActionKind::Report
        | ActionKind::SelfResolve
        | ActionKind::Whistle
        | ActionKind::PartsDone => Action::Reassign {
            assignee: w.people[a.assignee].clone(),
            deadline: at(now + a.deadline),
        },
    }
}

/// Who acts: the n-th person the rules permit (when anyone is), or anyone at all.
#[derive(Debug, Clone)]
enum Who {
    Permitted(usize),
    Anyone(usize),
}

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![3 => (0usize..64).prop_map(Who::Permitted), 2 => (0usize..11).prop_map(Who::Anyone)]
}

fn resolve_who<'w>(w: &'w World, case: &Case, action: &Action, who: &Who) -> &'w Person {
    match *who {
        Who::Anyone(i) => &w.people[i % w.people.len()],
        Who::Permitted(i) => {
            let ok: Vec<&Person> = w
                .people
                .iter()
                .filter(|p| permitted(p, case, action))
                .collect();
            if ok.is_empty() {
                &w.people[i % w.people.len()]
            } else {
                ok[i % ok.len()]
            }
        }
    }
}

/// The code prefix of a dispatcher's area, written independently of `Scope::covers`.
fn area_prefix(p: &Person) -> Option<String> {
    match (&p.role, &p.scope) {
        (Role::CommunityDispatcher, domain::Scope::Community(c)) => Some(c.to_string()),
        (Role::StreetDispatcher, domain::Scope::Street(s)) => Some(s.to_string()),
        (Role::DistrictCommander, domain::Scope::District(d)) => Some(d.to_string()),
        _ => None,
    }
}

/// Whether the rules let `actor` take `action` on a case in state `prev` (role and scope
/// only): an oracle written from the rules in the brief, not from the implementation.
fn permitted(actor: &Person, prev: &Case, action: &Action) -> bool {
    let kind = action.kind();
    let own_report_not_own_fix = prev.reporter == actor.id && prev.resolved_by != Some(actor.id);
    match actor.role {
        Role::Administrator => false,
        Role::InformationReporter => kind == ActionKind::Verify && own_report_not_own_fix,
        Role::FullTimeGridWorker | Role::PartTimeGridWorker | Role::DepartmentHandler => match kind
        {
            ActionKind::AcknowledgeTask
            | ActionKind::Start
            | ActionKind::Resolve
            | ActionKind::Return => prev.assignee == Some(actor.id),
            ActionKind::Verify => own_report_not_own_fix,
            _ => false,
        },
        Role::CommunityDispatcher | Role::StreetDispatcher | Role::DistrictCommander => {
            let Some(prefix) = area_prefix(actor) else {
                return false;
            };
            if !prev.community.as_str().starts_with(&prefix) {
                return false;
            }
            match action {
                Action::Dispatch { assignee, .. } | Action::Reassign { assignee, .. } => {
                    match (&assignee.role, &assignee.scope) {
                        (Role::DepartmentHandler, domain::Scope::District(d)) => {
                            prev.community.as_str().starts_with(d.as_str())
                        }
                        (Role::DepartmentHandler, domain::Scope::Street(s)) => {
                            prev.community.as_str().starts_with(s.as_str())
                        }
                        (Role::DepartmentHandler, domain::Scope::Community(c)) => {
                            prev.community == *c
                        }
                        (
                            Role::FullTimeGridWorker | Role::PartTimeGridWorker,
                            domain::Scope::Grids(gs),
                        ) => gs.iter().any(|g| g.as_str().starts_with(&prefix)),
                        _ => false,
                    }
                }
                Action::AcknowledgeTask
                | Action::Start
                | Action::Resolve { .. }
                | Action::Return { .. } => false,
                _ => true,
            }
        }
    }
}

/// The states an action may lead to from a state; empty when it may not start there.
fn allowed(from: CaseState, kind: ActionKind) -> &'static [CaseState] {
    use CaseState::*;
    match (kind, from) {
        (ActionKind::AcceptCase, Reported) => &[Accepted],
        (ActionKind::Reject, Reported | Accepted) => &[Rejected],
        (ActionKind::Dispatch, Accepted) => &[Dispatched],
        (ActionKind::AcknowledgeTask, Dispatched) => &[Dispatched],
        (ActionKind::AcknowledgeTask, InProgress) => &[InProgress],
        (ActionKind::Start, Dispatched) => &[InProgress],
        (ActionKind::Resolve, Dispatched | InProgress) => &[Resolved],
        (ActionKind::Return, Dispatched | InProgress) => &[Accepted],
        (ActionKind::Verify, Resolved) => &[Verified, Dispatched, Accepted],
        (ActionKind::Close, Verified) => &[Closed],
        (ActionKind::Reopen, Closed) => &[Accepted],
        (ActionKind::Reopen, Rejected) => &[Reported],
        (ActionKind::Reassign, Dispatched | InProgress) => &[Dispatched],
        _ => &[],
    }
}

/// Facts that must hold in every state.
fn check_invariants(c: &Case) -> Result<(), TestCaseError> {
    use CaseState::*;
    let s = c.state;
    prop_assert_eq!(
        s.is_active_task(),
        c.assignee.is_some() && s.is_active_task()
    );
    if s.is_active_task() {
        prop_assert!(c.assignee.is_some(), "{s} without assignee");
        prop_assert!(c.accepted_at.is_some(), "{s} without acceptance");
        prop_assert!(c.dispatched_at.is_some() && c.assigned_at.is_some());
    }
    if s == InProgress {
        prop_assert!(c.started_at.is_some());
    }
    if matches!(s, Resolved | Verified | Closed) {
        prop_assert!(
            c.resolved_at.is_some() && c.resolved_by.is_some(),
            "{s} without resolution"
        );
        prop_assert!(
            c.evidence
                .iter()
                .any(|e| e.stage == EvidenceStage::Resolution && !e.photos.is_empty())
        );
    } else {
        prop_assert!(c.resolved_at.is_none(), "{s} with a resolution");
    }
    prop_assert_eq!(
        c.verified_at.is_some(),
        matches!(s, Verified | Closed),
        "verified_at in {}",
        s
    );
    prop_assert_eq!(c.closed_at.is_some(), s == Closed, "closed_at in {}", s);
    prop_assert_eq!(c.rejection.is_some(), s == Rejected, "rejection in {}", s);
    if s == Accepted {
        prop_assert!(c.accepted_at.is_some());
    }
    if let Some(dup) = c.duplicate_of() {
        prop_assert_ne!(dup, c.id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_actions_by_random_people_keep_the_rules(
        reporter in 0usize..11,
        grid in 0usize..8,
        self_resolved in any::<bool>(),
        urgent in any::<bool>(),
        steps in prop::collection::vec((who(), pick(), args(), 0i64..240), 1..60),
    ) {
        let w = World::new();
        let mut report = w.report_in(w.grids[grid], self_resolved, 1);
        report.priority = if urgent { Priority::Urgent } else { Priority::Normal };
        let who = &w.people[reporter];
        let mut case = match Case::report(who, report.clone(), &w.category, at(0)) {
            Ok((case, entry)) => {
                prop_assert_eq!(entry.from, None);
                prop_assert_eq!(entry.to, case.state);
                prop_assert_eq!(entry.actor, who.id);
                prop_assert!(who.role != Role::Administrator);
                prop_assert!(!self_resolved || who.role.is_grid_worker());
                case
            }
            Err(e) => {
                prop_assert!(matches!(e, TransitionError::Denied(_)), "{e}");
                prop_assert!(who.role == Role::Administrator || (self_resolved && !who.role.is_grid_worker()));
                Case::report(w.courier(), { let mut r = report; r.self_resolution = None; r }, &w.category, at(0)).unwrap().0
            }
        };
        check_invariants(&case)?;
        let mut now = 0;
        let mut applied = 0;
        let mut audit = Vec::new();
        for (who, pick, args, advance) in steps {
            now += advance;
            let action = concrete(&w, &case, kind_of(&case, &pick), &args, now);
            let actor = resolve_who(&w, &case, &action, &who);
            let kind = action.kind();
            let prev = case.clone();
            let may = permitted(actor, &prev, &action);
            match case.apply(actor, action, at(now)) {
                Ok(entry) => {
                    applied += 1;
                    prop_assert!(may, "{} {} succeeded on a {} case but the rules forbid it", actor.role, kind, prev.state);
                    prop_assert!(allowed(prev.state, kind).contains(&case.state),
                        "{} took a case from {} to {}", kind, prev.state, case.state);
                    prop_assert_eq!(entry.case, case.id);
                    prop_assert_eq!(entry.actor, actor.id);
                    prop_assert_eq!(entry.role, actor.role);
                    prop_assert_eq!(entry.action, kind);
                    prop_assert_eq!(entry.from, Some(prev.state));
                    prop_assert_eq!(entry.to, case.state);
                    prop_assert_eq!(entry.at, at(now));
                    prop_assert!(case != prev, "an applied transition changed nothing");
                    prop_assert!(case.rework_count >= prev.rework_count);
                    if prev.state == CaseState::Closed {
                        prop_assert_eq!(kind, ActionKind::Reopen);
                    }
                    audit.push(entry);
                }
                Err(e) => {
                    prop_assert_eq!(&case, &prev, "a refused {} changed the case", kind);
                    prop_assert_eq!(matches!(e, TransitionError::Denied(_)), !may,
                        "{} {} on a {} case: {}", actor.role, kind, prev.state, e);
                    if let TransitionError::AlreadyDone { state, .. } = e {
                        prop_assert_eq!(state, prev.state);
                    }
                    prop_assert!(!e.to_string().is_empty());
                }
            }
            check_invariants(&case)?;
        }
        prop_assert_eq!(audit.len(), applied);
        // The audit trail chains: each entry starts where the previous one ended.
        for pair in audit.windows(2) {
            prop_assert_eq!(pair[1].from, Some(pair[0].to));
        }
    }
}

/// A directed walk that reaches every state, so the random test above is not the only
/// evidence that the happy paths are reachable.
#[test]
fn every_state_is_reachable() {
    let w = World::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut case = w.reported_by(w.courier());
    seen.insert(case.state);
    let script: Vec<(&Person, Action)> = vec![
        (w.hongqili(), Action::AcceptCase),
        (
            w.hongqili(),
            Action::Dispatch {
                assignee: w.worker_a().clone(),
                deadline: at(10_000),
            },
        ),
        (w.worker_a(), Action::Start),
        (
            w.worker_a(),
            Action::Resolve {
                photos: vec![photo(1)],
                note: String::new(),
            },
        ),
        (
            w.courier(),
            Action::Verify {
                passed: true,
                note: String::new(),
            },
        ),
        (w.hongqili(), Action::Close),
        (
            w.hongqili(),
            Action::Reopen {
                reason: "复发".into(),
            },
        ),
        (
            w.hongqili(),
            Action::Reject {
                reason: RejectReason::Invalid,
                note: String::new(),
            },
        ),
    ];
    for (i, (actor, action)) in script.into_iter().enumerate() {
        case.apply(actor, action, at(i as i64 + 1)).unwrap();
        seen.insert(case.state);
    }
    assert_eq!(seen.len(), CaseState::ALL.len(), "{seen:?}");
}
