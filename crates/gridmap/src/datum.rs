//! WGS-84 ⇄ GCJ-02 (the offset datum of Chinese web maps), with the public algorithm.
//!
//! The forward transform is the widely published one (Krasovsky ellipsoid constants,
//! as in the eviltransform and coordtransform projects). The inverse has no closed form:
//! it is solved by fixed-point iteration until the forward image matches to 1e-10°.
//! Points outside China's rough bounding box are left unchanged, as the algorithm does.

/// Which datum coordinates are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Datum {
    /// GPS and everything stored by Wangge.
    #[default]
    Wgs84,
    /// Amap/Gaode, Tencent and other Chinese web maps.
    Gcj02,
}

impl Datum {
    /// Converts a WGS-84 point into this datum.
    pub fn from_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lon, lat),
            Datum::Gcj02 => wgs84_to_gcj02(lon, lat),
        }
    }

    /// Converts a point in this datum to WGS-84.
    pub fn to_wgs84(self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Datum::Wgs84 => (lon, lat),
            Datum::Gcj02 => gcj02_to_wgs84(lon, lat),
        }
    }
}

const KRASOVSKY_A: f64 = 6_378_245.0;
const KRASOVSKY_EE: f64 = 0.006_693_421_622_965_943;

/// Whether the algorithm leaves a point alone (outside China's bounding box).
pub fn outside_china(lon: f64, lat: f64) -> bool {
    !((72.004..=137.8347).contains(&lon) && (0.8293..=55.8271).contains(&lat))
}

fn offset_raw(x: f64, y: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    let xy = x * y;
    let abs_x = x.abs().sqrt();
    let x_pi = x * PI;
    let y_pi = y * PI;
    let d = 20.0 * (6.0 * x_pi).sin() + 20.0 * (2.0 * x_pi).sin();
    let mut lat = d;
    let mut lon = d;
    lat += 20.0 * y_pi.sin() + 40.0 * (y_pi / 3.0).sin();
    lon += 20.0 * x_pi.sin() + 40.0 * (x_pi / 3.0).sin();
    lat += 160.0 * (y_pi / 12.0).sin() + 320.0 * (y_pi / 30.0).sin();
    lon += 150.0 * (x_pi / 12.0).sin() + 300.0 * (x_pi / 30.0).sin();
    lat *= 2.0 / 3.0;
    lon *= 2.0 / 3.0;
    lat += -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * xy + 0.2 * abs_x;
    lon += 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * xy + 0.1 * abs_x;
    (lon, lat)
}

/// The GCJ-02 offset (dlon, dlat) in degrees at a WGS-84 point.
fn offset(lon: f64, lat: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    let (dlon, dlat) = offset_raw(lon - 105.0, lat - 35.0);
    let rad_lat = lat / 180.0 * PI;
    let magic = 1.0 - KRASOVSKY_EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * PI);
    let dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrt_magic * rad_lat.cos() * PI);
    (dlon, dlat)
}

/// WGS-84 → GCJ-02. Points outside China (and non-finite input) come back unchanged.
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let (dlon, dlat) = offset(lon, lat);
    (lon + dlon, lat + dlat)
}

/// GCJ-02 → WGS-84, by iteration until the forward transform of the answer is within
/// 1e-10° of the input (at most 30 rounds; two or three suffice in practice).
/// Points outside China (and non-finite input) come back unchanged.
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if outside_china(lon, lat) {
        return (lon, lat);
    }
    let (mut wlon, mut wlat) = (lon, lat);
    for _ in 0..30 {
        let (glon, glat) = wgs84_to_gcj02(wlon, wlat);
        let (elon, elat) = (glon - lon, glat - lat);
        wlon -= elon;
        wlat -= elat;
        if elon.abs() < 1e-10 && elat.abs() < 1e-10 {
            break;
        }
    }
    (wlon, wlat)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Published pairs (WGS-84 lat, lon → GCJ-02 lat, lon) from the eviltransform project's
    // test suite (googollee/eviltransform, go/transform_test.go).
    const EVILTRANSFORM: [(f64, f64, f64, f64); 3] = [
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215), // Shanghai
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363), // Shenzhen
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657), // Beijing
    ];

    #[test]
    fn forward_matches_published_eviltransform_pairs() {
        for (wlat, wlon, glat, glon) in EVILTRANSFORM {
            let (lon, lat) = wgs84_to_gcj02(wlon, wlat);
            assert!((lon - glon).abs() < 1e-9, "lon {lon} vs {glon}");
            assert!((lat - glat).abs() < 1e-9, "lat {lat} vs {glat}");
        }
    }

    #[test]
    fn forward_matches_published_coordtransform_pair() {
        // wandergis/coordtransform, test/app.js: wgs84togcj02(116.404, 39.915).
        let (lon, lat) = wgs84_to_gcj02(116.404, 39.915);
        assert!((lon - 116.41024449916938).abs() < 1e-9, "{lon}");
        assert!((lat - 39.91640428150164).abs() < 1e-9, "{lat}");
    }

    #[test]
    fn inverse_recovers_published_wgs84_within_1e_7_degrees() {
        for (wlat, wlon, glat, glon) in EVILTRANSFORM {
            let (lon, lat) = gcj02_to_wgs84(glon, glat);
            assert!((lon - wlon).abs() < 1e-7, "lon {lon} vs {wlon}");
            assert!((lat - wlat).abs() < 1e-7, "lat {lat} vs {wlat}");
        }
        // coordtransform's gcj02towgs84(116.404, 39.915) is the one-step approximation
        // [116.39775550083061, 39.91359571849836]; the exact inverse is within 2e-5° of it
        // and maps forward onto the input.
        let (lon, lat) = gcj02_to_wgs84(116.404, 39.915);
        assert!((lon - 116.39775550083061).abs() < 2e-5 && (lat - 39.91359571849836).abs() < 2e-5);
        let (glon, glat) = wgs84_to_gcj02(lon, lat);
        assert!((glon - 116.404).abs() < 1e-9 && (glat - 39.915).abs() < 1e-9);
    }

    #[test]
    fn round_trip_across_haigang_is_within_1e_7_degrees() {
        for i in 0..=20 {
            for j in 0..=20 {
                let lon = 119.52 + 0.13 * f64::from(i) / 20.0;
                let lat = 39.90 + 0.10 * f64::from(j) / 20.0;
                let (glon, glat) = wgs84_to_gcj02(lon, lat);
                assert!(
                    (glon - lon).abs() > 1e-3,
                    "Haigang is offset by hundreds of metres"
                );
                let (blon, blat) = gcj02_to_wgs84(glon, glat);
                assert!((blon - lon).abs() < 1e-7 && (blat - lat).abs() < 1e-7);
            }
        }
    }

    #[test]
    fn points_outside_china_are_unchanged() {
        for (lon, lat) in [
            (2.3522, 48.8566),
            (-74.006, 40.7128),
            (139.6917, 35.6895),
            (151.2, -33.9),
        ] {
            assert_eq!(wgs84_to_gcj02(lon, lat), (lon, lat));
            assert_eq!(gcj02_to_wgs84(lon, lat), (lon, lat));
        }
    }
}
