//! Writes a sample placard PDF (`cargo run -p placards --example sample -- OUT.pdf`), to
//! look at the layout.

use placards::{Contact, Fonts, PaperSize, Placard};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "placard.pdf".into());
    let placard = Placard {
        url: "https://wangge.example.gov.cn/e/130302001001003-002/1".into(),
        place: vec!["海港区".into(), "文化路街道".into(), "红旗里社区".into()],
        grid_code: "130302001001003".into(),
        grid_name: "红旗里社区第3网格".into(),
        building: "2号楼".into(),
        unit: Some("1".into()),
        coverage: "红旗里社区：1号楼、2号楼、3号楼等，共14栋".into(),
        workers: vec![
            Contact {
                role: "专职网格员".into(),
                name: "张秀兰".into(),
                phone: Some("13903351234".into()),
            },
            Contact {
                role: "兼职网格员".into(),
                name: "李卫东".into(),
                phone: Some("13803350000".into()),
            },
        ],
        heads: vec![],
        community_contact: vec![Contact {
            role: "社区受理员".into(),
            name: "王红".into(),
            phone: Some("0335-3061234".into()),
        }],
        outline: vec![vec![
            [119.600, 39.930],
            [119.604, 39.9305],
            [119.6045, 39.933],
            [119.601, 39.9335],
            [119.600, 39.930],
        ]],
        here: [119.602, 39.9315],
    };
    let fonts = Fonts::find(None)?;
    let copies: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let started = std::time::Instant::now();
    let pdf = placards::render(&vec![placard; copies], PaperSize::A5, &fonts)?;
    eprintln!(
        "{copies} pages, {} bytes, {:?}",
        pdf.len(),
        started.elapsed()
    );
    std::fs::write(&out, pdf)?;
    println!("{out}");
    Ok(())
}
