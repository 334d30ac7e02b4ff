//! Cases filed at the desk (a phone call, the 12345 hotline, a task sent from above): the
//! dispatcher is the reporter and accepts it (立案) at once, in their own scope.

use crate::case::{Action, AuditEntry, Case, Report, Source};
use crate::category::Category;
use crate::error::{Denied, TransitionError};
use crate::people::Person;
use crate::timestamp::Timestamp;

impl Case {
    /// A case filed by `actor`, a dispatcher or the commander, from `source` (not the app):
    /// reported and accepted by them at `now`, so it is in state `Accepted`, ready to
    /// dispatch. The place must lie in their scope; a self-resolution is not filed.
    pub fn file(
        actor: &Person,
        mut report: Report,
        category: &Category,
        source: Source,
        external_ref: Option<String>,
        now: Timestamp,
    ) -> Result<(Case, Vec<AuditEntry>), TransitionError> {
        if !actor.role.is_dispatcher() {
            return Err(Denied::Role {
                role: actor.role,
                action: crate::case::ActionKind::Report,
            }
            .into());
        }
        if !actor.scope.covers(&report.community, report.grid.as_ref()) {
            return Err(Denied::OutOfScope {
                role: actor.role,
                scope: actor.scope.clone(),
                community: report.community,
                grid: report.grid,
            }
            .into());
        }
        report.self_resolution = None;
        let (mut case, reported) = Case::report(actor, report, category, now)?;
        case.source = if source == Source::App {
            Source::Desk
        } else {
            source
        };
        case.external_ref = external_ref.filter(|r| !r.trim().is_empty());
        let accepted = case.apply(actor, Action::AcceptCase, now)?;
        Ok((case, vec![reported, accepted]))
    }
}
