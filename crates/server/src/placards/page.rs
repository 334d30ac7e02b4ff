//! The public page an entrance's QR code opens on any phone: the grid, its workers and the
//! community's contact, each phone a link to call, in Chinese; no sign-in, nothing beyond
//! what the placard on the wall already shows.

use placards::{Contact, Placard};

use crate::html::escape;

/// A phone number as a `tel:` link target: digits, `+` and `-` only.
fn tel(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+' || *c == '-')
        .collect()
}

fn person(c: &Contact, main: bool) -> String {
    let phone = match &c.phone {
        Some(p) => format!(
            r#"<a class="call{}" href="tel:{}">{}</a>"#,
            if main { " main" } else { "" },
            escape(&tel(p)),
            escape(p)
        ),
        None => String::new(),
    };
    format!(
        r#"<li><span class="role">{}</span><b>{}</b>{phone}</li>"#,
        escape(&c.role),
        escape(&c.name)
    )
}

/// The page for one entrance's placard.
pub fn html(p: &Placard) -> String {
    let here = match &p.unit {
        Some(u) => format!("{} {}单元", p.building, u.trim_end_matches("单元")),
        None => p.building.clone(),
    };
    let workers: String = if p.workers.is_empty() {
        r#"<li><b>网格员待配备</b></li>"#.to_string()
    } else {
        p.workers
            .iter()
            .enumerate()
            .map(|(i, w)| person(w, i == 0))
            .collect()
    };
    let contacts: String = p
        .heads
        .iter()
        .chain(&p.community_contact)
        .map(|c| person(c, false))
        .collect();
    let report = match p.workers.iter().find_map(|w| w.phone.as_deref()) {
        Some(phone) => format!(
            r#"<a class="report" href="tel:{}">联系网格员反映问题</a>"#,
            escape(&tel(phone))
        ),
        None => String::new(),
    };
    format!(
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>网格公示 · {grid}</title>
<style>
body{{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:#f4f5f7;color:#1f2328}}
header{{background:#c8102e;color:#fff;padding:20px 16px 16px}}
header h1{{margin:0;font-size:22px}}
header p{{margin:6px 0 0;font-size:13px;opacity:.9}}
main{{padding:12px 16px 32px;max-width:560px;margin:0 auto}}
section{{background:#fff;border-radius:10px;padding:14px 16px;margin:12px 0}}
h2{{font-size:14px;color:#c8102e;margin:0 0 8px}}
.grid{{font-size:20px;font-weight:700}}
.muted{{color:#5f666d;font-size:13px}}
ul{{list-style:none;margin:0;padding:0}}
li{{display:flex;align-items:center;gap:10px;padding:8px 0;border-top:1px solid #eef0f2}}
li:first-child{{border-top:0}}
.role{{color:#5f666d;font-size:13px;min-width:72px}}
.call{{margin-left:auto;color:#c8102e;font-weight:700;text-decoration:none}}
.call.main{{font-size:18px}}
.report{{display:block;text-align:center;background:#c8102e;color:#fff;text-decoration:none;padding:14px;border-radius:10px;font-size:17px;font-weight:700;margin-top:16px}}
</style>
</head>
<body>
<header><h1>网格公示</h1><p>{place}</p></header>
<main>
<section><div class="grid">{grid}</div><div class="muted">网格编号 {code} · 本处：{here}</div></section>
<section><h2>网格员</h2><ul>{workers}</ul></section>
<section><h2>网格范围</h2><div>{coverage}</div></section>
{contact_section}
{report}
<p class="muted">网格员是您身边的服务者：邻里纠纷、安全隐患、环境问题，都可以找网格员。</p>
</main>
</body>
</html>
"#,
        grid = escape(&p.grid_name),
        place = escape(&p.place.join(" · ")),
        code = escape(&p.grid_code),
        here = escape(&here),
        coverage = escape(&p.coverage),
        contact_section = if contacts.is_empty() {
            String::new()
        } else {
            format!(r#"<section><h2>楼栋与社区联系</h2><ul>{contacts}</ul></section>"#)
        },
    )
}
