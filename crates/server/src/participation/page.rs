//! The public 双报到 page a community's QR code opens on any phone: the unit's and the
//! party member's registration forms (plain HTML forms, no script), the answer with the
//! registration number to keep, and a number's state with the role claim form once the
//! member is approved. Chinese first; `?lang=en` (or the switch) for English.

use protocol::JoinStatus;

use super::Lang;
use crate::error::Error;

use crate::html::escape;

const STYLE: &str = r##"
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;background:#f4f5f7;color:#1f2328}
header{background:#c8102e;color:#fff;padding:18px 84px 14px 16px;position:relative}
header h1{margin:0;font-size:21px}
header p{margin:6px 0 0;font-size:13px;opacity:.92}
header a.lang{position:absolute;right:14px;top:16px;color:#fff;font-size:13px;border:1px solid rgba(255,255,255,.7);border-radius:12px;padding:2px 10px;text-decoration:none}
nav{display:flex;gap:8px;padding:12px 16px 0;max-width:560px;margin:0 auto}
nav a{flex:1;text-align:center;background:#fff;border-radius:8px;padding:10px 0;color:#c8102e;font-weight:700;text-decoration:none;font-size:15px}
main{padding:4px 16px 32px;max-width:560px;margin:0 auto}
section{background:#fff;border-radius:10px;padding:14px 16px;margin:12px 0}
h2{font-size:16px;color:#c8102e;margin:0 0 4px}
.muted{color:#5f666d;font-size:13px;margin:0 0 8px}
label{display:block;font-size:14px;margin:10px 0 4px}
input,select{box-sizing:border-box;width:100%;font-size:16px;padding:10px;border:1px solid #c9ced3;border-radius:8px;background:#fff}
button{width:100%;margin-top:14px;background:#c8102e;color:#fff;border:0;border-radius:10px;padding:13px;font-size:17px;font-weight:700}
.number{font-size:26px;font-weight:700;letter-spacing:2px;text-align:center;margin:10px 0;color:#c8102e}
.state{font-weight:700}
.error{border-left:4px solid #c8102e}
"##;

/// A page around `body`.
fn frame(lang: Lang, community: &str, name: &str, body: &str) -> String {
    let (html_lang, title, switch, other) = match lang {
        Lang::Zh => ("zh-CN", "党员和单位双报到", "English", "en"),
        Lang::En => ("en", "Register with the community", "中文", "zh"),
    };
    format!(
        r##"<!doctype html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {name}</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>{title}</h1><p>{name}</p><a class="lang" href="/join/{community}?lang={other}">{switch}</a></header>
{body}
</body>
</html>
"##,
        name = escape(name),
        community = escape(community),
    )
}

fn field(label: &str, name: &str, kind: &str, extra: &str) -> String {
    format!(
        r##"<label for="{id}">{label}</label><input id="{id}" name="{n}" type="{kind}" required maxlength="60" {extra}>"##,
        id = escape(name),
        n = escape(name.rsplit('-').next().unwrap_or(name)),
        label = escape(label),
    )
}

fn lang_key(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

fn state_text(lang: Lang, state: &str) -> &'static str {
    match (lang, state) {
        (Lang::Zh, "approved") => "已通过",
        (Lang::Zh, "refused") => "未通过",
        (Lang::Zh, _) => "待社区审核",
        (Lang::En, "approved") => "approved",
        (Lang::En, "refused") => "refused",
        (Lang::En, _) => "waiting for the community",
    }
}

fn kind_text(lang: Lang, kind: &str) -> &'static str {
    match (lang, kind) {
        (Lang::Zh, "unit") => "单位报到",
        (Lang::Zh, "member") => "党员报到",
        (Lang::Zh, _) => "岗位认领",
        (Lang::En, "unit") => "unit registration",
        (Lang::En, "member") => "party member registration",
        (Lang::En, _) => "role claim",
    }
}

/// A number's state, and for an approved member the form to claim a role.
fn status_section(lang: Lang, s: &JoinStatus) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let reason = match &s.reason {
        Some(r) => format!(r##"<p>{}{}</p>"##, t("理由：", "Reason: "), escape(r)),
        None => String::new(),
    };
    let claim = if s.kind == "member" && s.state == "approved" {
        format!(
            r##"<h2>{title}</h2><p class="muted">{hint}</p>
<form method="post" action="/v1/join/registrations/{number}/claims?lang={lk}">
<label for="claim-role">{role}</label><select id="claim-role" name="role">
<option value="building_head">{bh}</option><option value="unit_head">{uh}</option>
<option value="part_time_grid_worker">{gw}</option><option value="volunteer">{vo}</option></select>
<label for="claim-building">{building}</label><input id="claim-building" name="building" inputmode="numeric" maxlength="20">
<label for="claim-unit">{unit}</label><input id="claim-unit" name="unit" maxlength="20">
<label for="claim-grid">{grid}</label><input id="claim-grid" name="grid" inputmode="numeric" maxlength="20">
<label for="claim-post">{post}</label><input id="claim-post" name="post" maxlength="60">
<button type="submit">{submit}</button></form>"##,
            title = t("认领岗位", "Claim a role"),
            hint = t(
                "楼栋长、单元长填楼栋编码；兼职网格员填网格编码；志愿岗位填岗位名称",
                "Building or unit head: the building code; part-time grid worker: the grid code; volunteer: the post"
            ),
            number = escape(&s.number),
            lk = lang_key(lang),
            role = t("岗位", "Role"),
            bh = t("楼栋长", "Building head"),
            uh = t("单元长", "Unit head"),
            gw = t("兼职网格员", "Part-time grid worker"),
            vo = t("志愿服务岗位", "Volunteer post"),
            building = t("楼栋编码", "Building code"),
            unit = t("单元", "Unit"),
            grid = t("网格编码", "Grid code"),
            post = t("志愿岗位", "Volunteer post"),
            submit = t("提交认领", "Claim"),
        )
    } else {
        String::new()
    };
    format!(
        r##"<section><h2>{kind}</h2><div class="number">{number}</div><p class="state">{label}{state}</p>{reason}{claim}</section>"##,
        kind = kind_text(lang, &s.kind),
        number = escape(&s.number),
        label = t("办理状态：", "State: "),
        state = state_text(lang, &s.state),
    )
}

/// The page with both forms, and a number's state when one was asked for.
pub fn html(
    lang: Lang,
    community: &str,
    name: &str,
    asked: Option<&crate::error::Result<JoinStatus>>,
) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let lk = lang_key(lang);
    let c = escape(community);
    let asked = match asked {
        Some(Ok(s)) => status_section(lang, s),
        Some(Err(_)) => format!(
            r##"<section class="error"><p>{}</p></section>"##,
            t(
                "没有查到这个编号，请核对后重试",
                "No registration has this number: check it and try again"
            )
        ),
        None => String::new(),
    };
    let kinds: String = domain::participation::UnitKind::ALL
        .iter()
        .map(|k| {
            format!(
                r##"<option value="{}">{}</option>"##,
                k.key(),
                lang.pick(k.zh(), k.en())
            )
        })
        .collect();
    let body = format!(
        r##"<nav><a href="#member">{member_tab}</a><a href="#unit">{unit_tab}</a><a href="#query">{query_tab}</a></nav>
<main>
{asked}
<section><p class="muted">{intro}</p></section>
<section id="member"><h2>{member_tab}</h2><p class="muted">{member_hint}</p>
<form method="post" action="/v1/join/{c}/members">
<input type="hidden" name="lang" value="{lk}">
{m_name}{m_phone}{m_unit}{m_branch}
<label for="m-tie">{tie}</label><select id="m-tie" name="tie"><option value="residence">{residence}</option><option value="unit">{unit_tie}</option></select>
<button type="submit">{submit}</button></form></section>
<section id="unit"><h2>{unit_tab}</h2><p class="muted">{unit_hint}</p>
<form method="post" action="/v1/join/{c}/units">
<input type="hidden" name="lang" value="{lk}">
{u_name}
<label for="u-kind">{kind}</label><select id="u-kind" name="kind">{kinds}</select>
{u_party}{u_contact}{u_phone}
<button type="submit">{submit}</button></form></section>
<section id="query"><h2>{query_tab}</h2>
<form method="get" action="/join/{c}">
<input type="hidden" name="lang" value="{lk}">
{q_number}
<button type="submit">{query}</button></form></section>
</main>"##,
        member_tab = t("党员报到", "Party members"),
        unit_tab = t("单位报到", "Units"),
        query_tab = t("查询进度", "Check a number"),
        intro = t(
            "在职党员可向居住地社区、单位所在社区报到；机关企事业单位向所在社区报到。提交后请记下报到编号，社区审核后可凭编号查询和认领岗位。",
            "In-service party members register with the community they live in and the one their unit is in; units register with the community they stand in. Keep the number you get: the community reviews it, and with it you check the state and claim a role."
        ),
        member_hint = t(
            "您的信息只提供给报到社区",
            "Only this community sees your details"
        ),
        unit_hint = t(
            "机关、事业单位、企业和社会组织",
            "Agencies, institutions, enterprises, social organisations"
        ),
        m_name = field(
            t("姓名", "Name"),
            "m-name",
            "text",
            r##"autocomplete="name""##
        ),
        m_phone = field(
            t("手机号", "Mobile"),
            "m-phone",
            "tel",
            r##"autocomplete="tel" inputmode="tel""##
        ),
        m_unit = field(t("工作单位", "Your unit"), "m-unit", "text", ""),
        m_branch = field(
            t("所在党支部", "Party branch"),
            "m-party_branch",
            "text",
            ""
        ),
        tie = t("报到社区类型", "You register here as"),
        residence = t("居住地社区", "a resident"),
        unit_tie = t("单位所在社区", "working in a unit here"),
        u_name = field(t("单位名称", "Unit name"), "u-name", "text", ""),
        kind = t("单位类型", "Kind"),
        u_party = field(
            t("党组织名称", "Party organisation"),
            "u-party_organisation",
            "text",
            ""
        ),
        u_contact = field(t("联系人", "Contact"), "u-contact_name", "text", ""),
        u_phone = field(
            t("联系电话", "Contact phone"),
            "u-contact_phone",
            "tel",
            r##"inputmode="tel""##
        ),
        submit = t("提交报到", "Register"),
        q_number = field(
            t("报到编号", "Registration number"),
            "q-number",
            "text",
            r##"placeholder="SB…" autocapitalize="characters""##
        ),
        query = t("查询", "Check"),
    );
    frame(lang, community, name, &body)
}

/// The answer to a form post that was stored: the number to keep.
pub fn receipt(lang: Lang, community: &str, name: &str, s: &JoinStatus) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let body = format!(
        r##"<main>{status}<section><p>{keep}</p><p><a href="/join/{c}?lang={lk}&amp;number={n}">{check}</a></p></section></main>"##,
        status = status_section(lang, s),
        keep = t(
            "提交成功！请截图或记下上面的报到编号，社区审核后可凭编号查询结果。",
            "Registered. Keep this number (a screenshot will do): the community reviews it, and with it you check the state."
        ),
        c = escape(community),
        lk = lang_key(lang),
        n = escape(&s.number),
        check = t("查询进度", "Check its state"),
    );
    frame(lang, community, name, &body)
}

/// The answer to a form post that was not stored: what to correct.
pub fn problem(lang: Lang, community: &str, name: &str, e: &Error) -> String {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let message = if e.status().is_server_error() {
        t(
            "服务暂时不可用，请稍后再试",
            "The service failed: try again later",
        )
        .to_string()
    } else {
        e.to_string()
    };
    let back = if community.is_empty() {
        String::new()
    } else {
        format!(
            r##"<p><a href="/join/{}?lang={}">{}</a></p>"##,
            escape(community),
            lang_key(lang),
            t("返回修改", "Back to the form")
        )
    };
    let body = format!(
        r##"<main><section class="error"><h2>{title}</h2><p>{message}</p>{back}</section></main>"##,
        title = t("未能提交", "Not registered"),
        message = escape(&message),
    );
    frame(lang, community, name, &body)
}
