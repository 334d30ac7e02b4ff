//! Integration tests of the domain crate: the case loop transition by transition, scope
//! checks, deadlines and escalation, KPIs over real cases, and property tests of the state
//! machine under random actions by random people.

// Helpers outside #[test] functions unwrap too: this is a test binary.
#![allow(clippy::unwrap_used)]

mod deadlines;
mod departments;
mod joint;
mod kpis;
mod placement;
mod properties;
mod transitions;
mod world;
