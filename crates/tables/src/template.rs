//! Empty import templates as Excel workbooks: the table's sheet with its columns and an
//! example row, and a notes sheet (说明) saying what each column holds, in Chinese and
//! English. What `wangge admin template KIND --out FILE.xlsx` writes.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A column of a template: its header and what goes in it.
struct Column {
    header: &'static str,
    zh: &'static str,
    en: &'static str,
    example: &'static str,
}

const HIERARCHY: &[Column] = &[
    Column {
        header: "level",
        zh: "层级：district（区）、street（街道）或 community（社区）",
        en: "district, street or community",
        example: "street",
    },
    Column {
        header: "code",
        zh: "代码：区 6 位，街道 9 位，社区 12 位（GB/T 2260 区划代码加序号）",
        en: "6 digits for a district, 9 for a street, 12 for a community",
        example: "130302001",
    },
    Column {
        header: "name",
        zh: "名称，最多 60 字",
        en: "the name, at most 60 characters",
        example: "文化路街道",
    },
    Column {
        header: "parent_code",
        zh: "上级代码：街道填所属区，社区填所属街道，区填所属市（代码前 4 位）",
        en: "the street's district, the community's street, the district's prefecture",
        example: "130302",
    },
];

/// A time-limit column of the categories template.
const fn limit(
    header: &'static str,
    zh: &'static str,
    en: &'static str,
    example: &'static str,
) -> Column {
    Column {
        header,
        zh,
        en,
        example,
    }
}

const CATEGORIES: &[Column] = &[
    Column {
        header: "code",
        zh: "类别代码（必填）：4 位，前 2 位大类（01–49 部件，50–99 事件），后 2 位小类，都不为 00",
        en: "required: 4 digits, a 2-digit major class (01–49 components, 50–99 events) and a \
             2-digit minor class, neither 00",
        example: "5107",
    },
    Column {
        header: "major_name_zh",
        zh: "大类名称；同一大类的各小类必须一致，最多 60 字",
        en: "the major class's Chinese name, the same for every minor class of it; at most 60 \
             characters",
        example: "市容环境",
    },
    Column {
        header: "name_zh",
        zh: "小类名称（中文），最多 60 字",
        en: "the minor class's Chinese name, at most 60 characters",
        example: "乱堆物料",
    },
    Column {
        header: "name_en",
        zh: "小类名称（英文），最多 60 个字符",
        en: "the minor class's English name, at most 60 characters",
        example: "materials piled in public space",
    },
    Column {
        header: "routing",
        zh: "新上报先到哪里：网格员（grid_worker，直接派给本网格的专职网格员）、社区受理（community_queue，进入社区受理员的队列）或 专业部门（department，直接派给 department 列的单位）",
        en: "where a new report goes first: grid_worker / 网格员 (straight to the grid's \
             full-time worker), community_queue / 社区受理 (the community dispatcher's queue) \
             or department / 专业部门 (straight to the organisation in the department column)",
        example: "网格员",
    },
    Column {
        header: "department",
        zh: "专业部门派遣时的单位编码（单位须已导入）；其他派遣方式留空",
        en: "for the department routing: the organisation's code (imported first); blank \
             otherwise",
        example: "",
    },
    limit(
        "urgent_accept_min",
        "紧急：受理时限（分钟，正整数）",
        "urgent: minutes to accept, a positive whole number",
        "15",
    ),
    limit(
        "urgent_resolve_min",
        "紧急：处置时限（分钟，正整数）",
        "urgent: minutes to resolve",
        "120",
    ),
    limit(
        "high_accept_min",
        "较急：受理时限（分钟），不少于紧急",
        "high: minutes to accept, no fewer than urgent",
        "30",
    ),
    limit(
        "high_resolve_min",
        "较急：处置时限（分钟），不少于紧急",
        "high: minutes to resolve, no fewer than urgent",
        "480",
    ),
    limit(
        "normal_accept_min",
        "一般：受理时限（分钟），不少于较急",
        "normal: minutes to accept, no fewer than high",
        "60",
    ),
    limit(
        "normal_resolve_min",
        "一般：处置时限（分钟），不少于较急",
        "normal: minutes to resolve, no fewer than high",
        "1440",
    ),
    Column {
        header: "retired",
        zh: "是否停用：是/yes/1/true 停用（不再接收新上报，已有案件不变），否/no/0/false 在用；留空保持原值，新类别为在用",
        en: "yes / 是 / 1 / true: retired (takes no new reports; its cases keep it); no / 否 / 0 / \
             false: in use; blank keeps the stored value (a new category is in use)",
        example: "否",
    },
];

const CATEGORIES_NOTES: &[&str] = &[
    "只有 code 列必填：其他列可以整列省略，空单元格保留已存储的值（例如只含 code 和 normal_resolve_min 两列的文件只改一般处置时限）；新代码须填写除 retired 外的所有列。文件中没有的类别保持不变，不会因此停用。",
    "Only code is required: any other column may be left out, and a blank cell keeps the \
     stored value (a file of code and normal_resolve_min changes only that limit); a new code \
     needs every column but retired. Categories not in the file stay as they are.",
];

const PEOPLE: &[Column] = &[
    Column {
        header: "username",
        zh: "登录名：1–64 个字符，不含空格，文件内不得重复",
        en: "the sign-in name: 1 to 64 characters, no spaces, once in the file",
        example: "zhangwei",
    },
    Column {
        header: "name",
        zh: "姓名，最多 60 字",
        en: "the person's name, at most 60 characters",
        example: "张伟",
    },
    Column {
        header: "role",
        zh: "角色：专职网格员、兼职网格员、信息员、社区受理员（或社区派遣员）、街道派遣员（或街道受理员）、区指挥中心（或指挥中心）、系统管理员（或管理员）、部门处置员",
        en: "the role, in Chinese or as full_time_grid_worker, part_time_grid_worker, \
             information_reporter, community_dispatcher, street_dispatcher, district_commander, \
             administrator, department_handler",
        example: "专职网格员",
    },
    Column {
        header: "area",
        zh: "工作区域：网格员填一个或多个 15 位网格代码（用 ; , 、 或空格分隔，网格须已导入）；社区受理员填 12 位社区代码；街道派遣员填 9 位街道代码；区指挥中心和系统管理员填 6 位区代码；信息员填社区、街道或区代码；部门处置员填所在单位的编码（单位须已导入）",
        en: "grid workers: one or more 15-digit grid codes (separated by ; , 、 or spaces; the \
             grids imported first); community dispatchers: a 12-digit community; street \
             dispatchers: a 9-digit street; the commander and administrators: a 6-digit \
             district; information reporters: a community, street or district; department \
             handlers: their organisation's code (the organisation imported first)",
        example: "130302001010007",
    },
    Column {
        header: "phone",
        zh: "电话（可留空）：11 位手机号（可带 +86），或座机：0 + 区号 + 号码，如 0335-3012345",
        en: "optional: an 11-digit mobile number (+86 allowed) or a landline, 0 + area code + \
             number, e.g. 0335-3012345",
        example: "13803350001",
    },
    Column {
        header: "password",
        zh: "初始密码（可留空），须符合系统的密码规则",
        en: "optional: the initial password, which must meet the password rules",
        example: "",
    },
];

const BUILDINGS: &[Column] = &[
    Column {
        header: "code",
        zh: "楼栋代码：15 位网格代码 + \"-\" + 3 位楼号（不为 000），网格须已导入",
        en: "the 15-digit grid code, '-', a 3-digit building number (not 000); the grid \
             imported first",
        example: "130302001010007-012",
    },
    Column {
        header: "name",
        zh: "楼栋名称，最多 60 字",
        en: "the building's name, at most 60 characters",
        example: "人民里3号楼",
    },
    Column {
        header: "lon",
        zh: "经度：WGS-84（GPS）坐标，小数度，-180 到 180；不要用高德/腾讯（GCJ-02）或百度（BD-09）地图上取的坐标",
        en: "longitude: WGS-84 (GPS) decimal degrees, -180 to 180; not GCJ-02 (Amap, Tencent) \
             or BD-09 (Baidu) map coordinates",
        example: "119.6035",
    },
    Column {
        header: "lat",
        zh: "纬度：WGS-84 小数度，-90 到 90；经纬度所指的点必须在楼栋代码所属的网格内",
        en: "latitude: WGS-84 decimal degrees, -90 to 90; the point must lie in the grid of \
             the building's code",
        example: "39.9352",
    },
    Column {
        header: "units",
        zh: "单元：单元数（如 3，即 1 至 3 单元），或用逗号分隔的单元名称（如 东,西）；留空为不分单元",
        en: "units: how many (3 for units 1 to 3), or their names separated by commas (东,西); \
             blank for none",
        example: "3",
    },
    Column {
        header: "head",
        zh: "楼栋长姓名（可留空），印在该楼的网格公示牌上",
        en: "the building head's (楼栋长) name, printed on the building's placards; may be blank",
        example: "王建国",
    },
    Column {
        header: "head_phone",
        zh: "楼栋长电话（可留空）",
        en: "the building head's phone; may be blank",
        example: "13903350101",
    },
    Column {
        header: "unit_heads",
        zh: "单元长：单元:姓名:电话，多个用分号分隔（电话可省），如 1:张三:13900000001;2:李四",
        en: "unit heads (单元长): unit:name:phone, several separated by ';' (the phone may be \
             left out), e.g. 1:张三:13900000001;2:李四",
        example: "1:张秀英:13903350102;2:李卫东",
    },
    Column {
        header: "retired",
        zh: "是否撤销（拆除、合并）：是 / 否，留空为在用；撤销的楼栋从手机上移除",
        en: "retired (demolished, merged): yes / no, blank for in use; a retired building \
             leaves the phones",
        example: "否",
    },
];

const ORGANISATIONS: &[Column] = &[
    Column {
        header: "code",
        zh: "单位编码：1–32 个英文字母、数字、“-”或“_”，文件内不得重复",
        en: "the organisation's code: 1 to 32 letters, digits, '-' or '_', once in the file",
        example: "cg",
    },
    Column {
        header: "name",
        zh: "单位名称，最多 60 字",
        en: "the organisation's name, at most 60 characters",
        example: "区城市管理局",
    },
    Column {
        header: "kind",
        zh: "类型：专业部门（服务全区）、街道科室（服务一个街道）、物业公司（服务一个社区或街道）",
        en: "department (serves the district), street_office (a street) or property_company \
             (a community or a street), or in Chinese",
        example: "专业部门",
    },
    Column {
        header: "area",
        zh: "服务区域：6 位区代码、9 位街道代码或 12 位社区代码，须与类型相符",
        en: "the area it serves: a 6-digit district, 9-digit street or 12-digit community code, \
             as its kind allows",
        example: "130302",
    },
    Column {
        header: "party_branch",
        zh: "党组织（可留空）；有党组织的物业公司即红色物业",
        en: "optional: the party branch that leads it (a property company with one is 红色物业)",
        example: "",
    },
    Column {
        header: "phone",
        zh: "值班电话（可留空）：11 位手机号或座机，如 0335-3012345",
        en: "optional: the duty phone, a mobile or a landline such as 0335-3012345",
        example: "0335-3012345",
    },
    Column {
        header: "retired",
        zh: "是否撤销：是 / 否，留空为在用；撤销的单位不再接收任务",
        en: "retired: yes / no, blank for in use; a retired organisation takes no new tasks",
        example: "否",
    },
];

/// The kinds of template there are.
pub const KINDS: &[&str] = &[
    "hierarchy",
    "categories",
    "organisations",
    "people",
    "buildings",
];

/// The template of `kind` as `.xlsx` bytes, or `None` for an unknown kind.
pub fn template(kind: &str) -> Option<Result<Vec<u8>, XlsxError>> {
    match kind {
        "hierarchy" => Some(build("hierarchy", HIERARCHY, &[])),
        "categories" => Some(build("categories", CATEGORIES, CATEGORIES_NOTES)),
        "organisations" => Some(build("organisations", ORGANISATIONS, &[])),
        "people" => Some(build("people", PEOPLE, &[])),
        "buildings" => Some(build("buildings", BUILDINGS, &[])),
        _ => None,
    }
}

/// The workbook: the table's sheet, and the notes sheet with a line for each column and
/// the `notes` on the table as a whole.
fn build(sheet: &str, columns: &[Column], notes_below: &[&str]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    // Codes are text, so Excel keeps their leading digits as typed.
    let text = Format::new().set_num_format("@");
    let table = book.add_worksheet();
    table.set_name(sheet)?;
    for (i, c) in columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        table.write_string_with_format(0, col, c.header, &bold)?;
        if !c.example.is_empty() {
            table.write_string_with_format(1, col, c.example, &text)?;
        }
        table.set_column_width(col, 18)?;
        table.set_column_format(col, &text)?;
    }
    let notes = book.add_worksheet();
    notes.set_name("说明 notes")?;
    notes.write_string_with_format(0, 0, "列 column", &bold)?;
    notes.write_string_with_format(0, 1, "说明", &bold)?;
    notes.write_string_with_format(0, 2, "notes", &bold)?;
    for (i, c) in columns.iter().enumerate() {
        let row = u32::try_from(i).unwrap_or(u32::MAX) + 1;
        notes.write_string(row, 0, c.header)?;
        notes.write_string(row, 1, c.zh)?;
        notes.write_string(row, 2, c.en)?;
    }
    let last = u32::try_from(columns.len()).unwrap_or(u32::MAX) + 2;
    notes.write_string(
        last,
        0,
        "第 2 行是示例，导入前删除或改写。Row 2 is an example: replace or delete it before importing.",
    )?;
    for (i, line) in notes_below.iter().enumerate() {
        let row = last.saturating_add(1 + u32::try_from(i).unwrap_or(u32::MAX - 1));
        notes.write_string(row, 0, *line)?;
    }
    notes.set_column_width(1, 60)?;
    notes.set_column_width(2, 60)?;
    book.save_to_buffer()
}
