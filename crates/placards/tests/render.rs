//! Placards printed to PDF and read back as a person and a phone would: the text by
//! `pdftotext`, the page as pixels by `pdftoppm`, the QR code by `zbarimg`.

use std::path::Path;
use std::process::Command;

use placards::{Contact, Fonts, PaperSize, Placard};

fn placard(unit: Option<&str>, worker: &str, phone: &str) -> Placard {
    Placard {
        url: format!(
            "https://wangge.example.cn/e/130302001001003-002{}",
            unit.map(|u| format!("/{u}")).unwrap_or_default()
        ),
        place: vec!["海港区".into(), "西港路街道".into(), "红旗里社区".into()],
        grid_code: "130302001001003".into(),
        grid_name: "红旗里社区第3网格".into(),
        building: "红旗里2号楼".into(),
        unit: unit.map(str::to_string),
        coverage: "红旗里社区 红旗里1号楼至红旗里12号楼，共12栋".into(),
        workers: vec![Contact {
            role: "专职网格员".into(),
            name: worker.into(),
            phone: Some(phone.into()),
        }],
        heads: vec![],
        community_contact: vec![Contact {
            role: "社区受理员".into(),
            name: "红旗里社区受理员".into(),
            phone: Some("0335-3061234".into()),
        }],
        outline: vec![vec![
            [119.600, 39.930],
            [119.604, 39.930],
            [119.604, 39.933],
            [119.600, 39.933],
            [119.600, 39.930],
        ]],
        here: [119.602, 39.931],
    }
}

fn fonts() -> Fonts {
    Fonts::find(None).expect("fonts-noto-cjk is installed by cargo xtask test")
}

fn tool(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    tool(Command::new("pdfinfo").arg(pdf))
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints Pages:")
}

#[test]
fn each_placard_is_a_page_whose_text_and_qr_code_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let list = [
        placard(None, "张秀兰", "13903351234"),
        placard(Some("1"), "张秀兰", "13903351234"),
        placard(Some("东"), "李卫东", "13803350000"),
    ];
    let pdf = dir.path().join("placards.pdf");
    std::fs::write(
        &pdf,
        placards::render(&list, PaperSize::A5, &fonts()).unwrap(),
    )
    .unwrap();
    assert_eq!(pages(&pdf), 3);

    // Page 2: the unit's placard names the grid, the worker and their phone.
    let text = tool(
        Command::new("pdftotext")
            .args(["-f", "2", "-l", "2"])
            .arg(&pdf)
            .arg("-"),
    );
    for expected in [
        "网格公示牌",
        "红旗里社区第3网格",
        "130302001001003",
        "张秀兰",
        "13903351234",
        "1单元",
        "0335-3061234",
    ] {
        assert!(
            text.contains(expected),
            "page 2 lacks {expected:?}:\n{text}"
        );
    }
    let third = tool(
        Command::new("pdftotext")
            .args(["-f", "3", "-l", "3"])
            .arg(&pdf)
            .arg("-"),
    );
    assert!(
        third.contains("李卫东") && !third.contains("张秀兰"),
        "{third}"
    );

    // Each page's QR code decodes to its own entrance's address.
    tool(
        Command::new("pdftoppm")
            .args(["-r", "150", "-png"])
            .arg(&pdf)
            .arg(dir.path().join("page")),
    );
    for (i, p) in list.iter().enumerate() {
        let png = dir.path().join(format!("page-{}.png", i + 1));
        let read = tool(Command::new("zbarimg").args(["-q", "--raw"]).arg(&png));
        assert_eq!(read.trim(), p.url, "page {}", i + 1);
    }
}

#[test]
fn a4_pages_are_a4_and_the_font_is_a_subset() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("a4.pdf");
    let bytes = placards::render(
        &[placard(None, "张秀兰", "13903351234")],
        PaperSize::A4,
        &fonts(),
    )
    .unwrap();
    std::fs::write(&pdf, &bytes).unwrap();
    let info = tool(Command::new("pdfinfo").arg(&pdf));
    assert!(info.contains("595.") && info.contains("841."), "{info}");
    // The whole Noto Sans CJK collection is 19 MB; a subset of a page's glyphs is far less.
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    let fonts = tool(Command::new("pdffonts").arg(&pdf));
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes yes ")),
        "embedded subsets:\n{fonts}"
    );
}

#[test]
fn a_changed_phone_is_a_changed_placard_that_says_what_changed() {
    let old = placard(None, "张秀兰", "13903351234");
    let same = placard(None, "张秀兰", "13903351234");
    let new = placard(None, "张秀兰", "13903359999");
    assert_eq!(old.fingerprint(), same.fingerprint());
    assert_ne!(old.fingerprint(), new.fingerprint());
    assert_eq!(new.changes_since(&old), vec![placards::Changed::Workers]);
    let mut moved = old.clone();
    moved.outline[0][1] = [119.605, 39.930];
    assert_eq!(moved.changes_since(&old), vec![placards::Changed::Boundary]);
}

#[test]
fn a_missing_font_file_says_what_to_do() {
    let err = Fonts::find(Some(Path::new("/nonexistent/font.ttc"))).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/font.ttc"), "{err}");
    assert!(matches!(
        placards::render(&[], PaperSize::A5, &fonts()),
        Err(placards::Error::Empty)
    ));
}
