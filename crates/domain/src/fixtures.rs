//! Real reference data compiled into the crate: Haigang District's streets and communities.

use crate::hierarchy::Hierarchy;

/// The hierarchy CSV of Haigang District (海港区, Qinhuangdao): 1 district, 10 streets and
/// 108 communities, with their GB/T 2260-based codes. It has no grids (their boundaries
/// are not public); demo data adds them with [`Hierarchy::add_grid`].
pub const HAIGANG_CSV: &str = include_str!("../../../fixtures/haigang-hierarchy.csv");

/// Haigang District's hierarchy, parsed from [`HAIGANG_CSV`].
pub fn haigang() -> Hierarchy {
    // The file is compiled in and checked by the test below, so this cannot fail at run time.
    Hierarchy::from_csv_str(HAIGANG_CSV).expect("the embedded Haigang hierarchy is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hierarchy::{CommunityCode, StreetCode};

    #[test]
    fn haigang_has_its_streets_and_communities() {
        let h = haigang();
        assert_eq!(h.districts().count(), 1);
        assert_eq!(h.streets().count(), 10);
        assert_eq!(h.communities().count(), 108);
        let donghuan = h.street_named("东环路").unwrap();
        assert_eq!(h.communities_in(&donghuan.code).count(), 12);
        let renmin = h.community_named("人民里").unwrap();
        assert_eq!(h.street_name(&renmin.code.street()), "文化路街道");
        assert_eq!(renmin.code, CommunityCode::parse("130302001010").unwrap());
        assert_eq!(
            h.street_name(&StreetCode::parse("130302002").unwrap()),
            "海滨路街道"
        );
    }
}
