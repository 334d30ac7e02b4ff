//! Who reads which area: the area-code prefixes a person's role and scope open to them in
//! the change feed and in case lists.

use domain::{GridCode, Role, Scope};

/// The area code prefixes a person reads in the change feed and case lists.
pub fn visible_areas(role: Role, scope: &Scope) -> Vec<String> {
    // Reporters read their own reports, handlers the tasks given to them: through their
    // person audience, never an area.
    if matches!(role, Role::InformationReporter | Role::DepartmentHandler) {
        return Vec::new();
    }
    match scope {
        Scope::Grids(grids) => grids
            .iter()
            .map(|g: &GridCode| g.as_str().to_string())
            .collect(),
        Scope::Community(c) => vec![c.as_str().to_string()],
        Scope::Street(s) => vec![s.as_str().to_string()],
        Scope::District(d) => vec![d.as_str().to_string()],
    }
}
