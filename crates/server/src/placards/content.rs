//! What each entrance's placard shows now, assembled from the stored grids, buildings and
//! people and the hierarchy's names: one [`Entrance`] per building and per unit.

use std::collections::BTreeMap;

use domain::{CommunityCode, Role, Scope};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use placards::{Contact, Placard};
use protocol::{BuildingView, GridView};

use crate::error::Result;
use crate::state::AppState;
use crate::store::{PersonRecord, Tx};

/// Characters kept as they are in an entrance's address (RFC 3986's unreserved).
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One entrance and the placard it should carry now.
#[derive(Debug, Clone)]
pub struct Entrance {
    /// `building` or `building/unit`.
    pub id: String,
    pub building: BuildingView,
    pub unit: Option<String>,
    pub grid_name: String,
    pub placard: Placard,
}

/// The entrance id of a building, or of one of its units.
pub fn entrance_id(building: &str, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{building}/{u}"),
        None => building.to_string(),
    }
}

/// The stable public address of an entrance under `base`.
pub fn entrance_url(base: &str, building: &str, unit: Option<&str>) -> String {
    let b = utf8_percent_encode(building, PATH);
    match unit {
        Some(u) => format!("{base}/e/{b}/{}", utf8_percent_encode(u, PATH)),
        None => format!("{base}/e/{b}"),
    }
}

/// The facts every placard of one community shares: names, grids, workers, contacts.
pub struct Community {
    pub code: CommunityCode,
    pub name: String,
    place: Vec<String>,
    grids: Vec<GridView>,
    buildings: BTreeMap<String, Vec<BuildingView>>,
    workers: BTreeMap<String, Vec<Contact>>,
    contacts: Vec<Contact>,
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::FullTimeGridWorker => "专职网格员",
        Role::PartTimeGridWorker => "兼职网格员",
        Role::CommunityDispatcher => "社区受理员",
        _ => "联系人",
    }
}

fn contact(p: &PersonRecord) -> Contact {
    Contact {
        role: role_name(p.person.role).to_string(),
        name: p.person.name.clone(),
        phone: p.phone.clone(),
    }
}

impl Community {
    /// Reads what the placards of `code` show, in one transaction.
    pub fn load(state: &AppState, tx: &mut dyn Tx, code: &CommunityCode) -> Result<Self> {
        let hierarchy = state.hierarchy();
        let name = hierarchy
            .community(code)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| code.as_str().to_string());
        let street = hierarchy.street(&code.street()).map(|s| s.name.clone());
        let district = hierarchy.district(&code.district()).map(|d| d.name.clone());
        let place = [district, street, Some(name.clone())]
            .into_iter()
            .flatten()
            .collect();
        let grids: Vec<GridView> = tx
            .grids_all()?
            .into_iter()
            .filter(|g| &g.community == code)
            .collect();
        let mut buildings = BTreeMap::new();
        for g in &grids {
            let mut list = tx.buildings_in_grid(&g.code)?;
            list.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
            buildings.insert(g.code.as_str().to_string(), list);
        }
        let mut workers: BTreeMap<String, Vec<(Role, String, Contact)>> = BTreeMap::new();
        let mut contacts = Vec::new();
        let mut people = tx.persons_all()?;
        people.sort_by(|a, b| a.0.username.cmp(&b.0.username));
        for (p, deactivated) in people {
            if deactivated.is_some() {
                continue;
            }
            match (&p.person.scope, p.person.role) {
                (Scope::Grids(gs), r) if r.is_grid_worker() => {
                    for g in gs.iter().filter(|g| &g.community() == code) {
                        workers.entry(g.as_str().to_string()).or_default().push((
                            r,
                            p.username.clone(),
                            contact(&p),
                        ));
                    }
                }
                (Scope::Community(c), Role::CommunityDispatcher) if c == code => {
                    contacts.push(contact(&p));
                }
                _ => {}
            }
        }
        // Full-time workers first, then by user name (the sort above).
        let workers = workers
            .into_iter()
            .map(|(g, mut list)| {
                list.sort_by_key(|(r, _, _)| *r != Role::FullTimeGridWorker);
                (g, list.into_iter().map(|(_, _, c)| c).collect())
            })
            .collect();
        Ok(Community {
            code: *code,
            name,
            place,
            grids,
            buildings,
            workers,
            contacts,
        })
    }

    /// Every entrance of the community (each building, then each of its units), in grid
    /// and building order, with the placard it should carry; addresses under `base`.
    pub fn entrances(&self, base: &str) -> Vec<Entrance> {
        let mut out = Vec::new();
        for g in &self.grids {
            let buildings = self
                .buildings
                .get(g.code.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let coverage = coverage(&self.name, buildings);
            let outline = rings(&g.geometry);
            let workers = self
                .workers
                .get(g.code.as_str())
                .cloned()
                .unwrap_or_default();
            for b in buildings {
                let units = std::iter::once(None).chain(b.units.iter().map(Some));
                for unit in units {
                    let unit = unit.cloned();
                    let head = |role: &str, h: &protocol::BuildingHead| Contact {
                        role: role.to_string(),
                        name: h.name.clone(),
                        phone: h.phone.clone(),
                    };
                    let heads = b
                        .head
                        .iter()
                        .map(|h| head("楼栋长", h))
                        .chain(
                            unit.as_ref()
                                .and_then(|u| b.unit_heads.get(u))
                                .map(|h| head("单元长", h)),
                        )
                        .collect();
                    let placard = Placard {
                        url: entrance_url(base, b.code.as_str(), unit.as_deref()),
                        place: self.place.clone(),
                        grid_code: g.code.as_str().to_string(),
                        grid_name: g.name.clone(),
                        building: b.name.clone(),
                        unit: unit.clone(),
                        coverage: coverage.clone(),
                        workers: workers.clone(),
                        heads,
                        community_contact: self.contacts.clone(),
                        outline: outline.clone(),
                        here: [b.lon, b.lat],
                    };
                    out.push(Entrance {
                        id: entrance_id(b.code.as_str(), unit.as_deref()),
                        building: b.clone(),
                        unit,
                        grid_name: g.name.clone(),
                        placard,
                    });
                }
            }
        }
        out
    }
}

/// The area a grid covers in words: its community and its buildings.
fn coverage(community: &str, buildings: &[BuildingView]) -> String {
    let names: Vec<&str> = buildings.iter().map(|b| b.name.as_str()).collect();
    match names.len() {
        0 => format!("{community}（暂无登记楼栋）"),
        n if n <= 4 => format!("{community}：{}，共{n}栋", names.join("、")),
        n => format!("{community}：{}等，共{n}栋", names[..3].join("、")),
    }
}

/// The rings of a GeoJSON Polygon or MultiPolygon, as `[lon, lat]` pairs.
fn rings(geometry: &serde_json::Value) -> Vec<Vec<[f64; 2]>> {
    let ring = |r: &serde_json::Value| -> Vec<[f64; 2]> {
        r.as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some([p.get(0)?.as_f64()?, p.get(1)?.as_f64()?]))
            .collect()
    };
    let polygon = |p: &serde_json::Value| -> Vec<Vec<[f64; 2]>> {
        p.as_array().into_iter().flatten().map(ring).collect()
    };
    let coordinates = &geometry["coordinates"];
    match geometry["type"].as_str() {
        Some("Polygon") => polygon(coordinates),
        Some("MultiPolygon") => coordinates
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(polygon)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_encode_chinese_unit_names() {
        assert_eq!(
            entrance_url("https://x.cn", "130302001001001-002", Some("东")),
            "https://x.cn/e/130302001001001-002/%E4%B8%9C"
        );
        assert_eq!(
            entrance_url("http://h:1", "130302001001001-002", None),
            "http://h:1/e/130302001001001-002"
        );
    }

    #[test]
    fn polygons_and_multipolygons_give_their_rings() {
        let p = serde_json::json!({"type": "Polygon", "coordinates": [[[1.0, 2.0], [3.0, 4.0]]]});
        assert_eq!(rings(&p), vec![vec![[1.0, 2.0], [3.0, 4.0]]]);
        let m = serde_json::json!({"type": "MultiPolygon",
            "coordinates": [[[[1.0, 2.0]]], [[[5.0, 6.0]], [[7.0, 8.0]]]]});
        assert_eq!(rings(&m).len(), 3);
    }
}
