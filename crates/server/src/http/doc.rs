//! The OpenAPI document: title, security scheme and the shared error schema. The
//! operations are collected from the handlers by `utoipa_axum::routes!` in `http::router`,
//! so a route cannot exist without its documentation. [`complete`] then writes in what the
//! annotations cannot know: the range of every sized integer and this server's limits.

use utoipa::Number;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayItems, KnownFormat, Object, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{Modify, OpenApi};

use crate::config::Config;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Wangge sync service",
        description = "Offline-first sync for grid governance: sessions, push/pull, photos, the case loop, dispatch and KPIs. Errors are `{code, message}`."
    ),
    modifiers(&BearerAuth),
    components(schemas(protocol::ErrorBody, protocol::CaseView, protocol::CategoryView,
        protocol::GridView, protocol::PersonView, protocol::PatrolView, protocol::CheckinView, protocol::BuildingView, protocol::AreaView,
        protocol::ReportCreate, protocol::TaskRef, protocol::TaskResolve, protocol::TaskReturn,
        protocol::PatrolStart, protocol::PatrolCheckin, protocol::PatrolEnd)),
    tags(
        (name = "sessions", description = "Sign in, refresh, devices"),
        (name = "sync", description = "Push, pull, events"),
        (name = "blobs", description = "Photos, content-addressed and resumable"),
        (name = "cases", description = "Dispatcher actions and read APIs"),
        (name = "join", description = "双报到: units and party members register with communities (no account), claim roles; the community decides; participation figures"),
        (name = "placards", description = "网格公示 placards: their state per entrance, and printing them"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Completes the collected document: every sized integer gets its range as `minimum` and
/// `maximum` (a `uint32` is 0 to 4294967295: tools that know only `int32` and `int64`
/// would otherwise guess), case actions refuse unknown properties as the server does, and
/// the operations get the limits and rules of this server: the largest photo, the push
/// schema version and batch size, the case states.
pub fn complete(doc: &mut utoipa::openapi::OpenApi, config: &Config) {
    each_object(doc, &mut integer_range);
    let max_blob = usize::try_from(config.max_blob_bytes).unwrap_or(usize::MAX);
    if let Some(o) = parameter(doc, "/v1/blobs/{hash}", "patch", "upload-length") {
        o.maximum = Some(Number::UInt(max_blob));
    }
    if let Some(o) = parameter(doc, "/v1/cases", "get", "state") {
        // Absent means any state; a query string has no null.
        o.schema_type = SchemaType::Type(Type::String);
        o.enum_values = Some(
            domain::CaseState::ALL
                .iter()
                .map(|s| serde_json::Value::from(s.as_str()))
                .collect(),
        );
    }
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    // `deny_unknown_fields` on an enum: utoipa marks structs only.
    if let Some(RefOr::T(Schema::OneOf(actions))) = components.schemas.get_mut("CaseAction") {
        for variant in &mut actions.items {
            if let RefOr::T(Schema::Object(o)) = variant {
                o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
        }
    }
    if let Some(RefOr::T(Schema::Object(push))) = components.schemas.get_mut("PushRequest") {
        if let Some(RefOr::T(Schema::Object(v))) = push.properties.get_mut("schema") {
            let version = usize::try_from(protocol::SCHEMA_VERSION).unwrap_or(usize::MAX);
            v.minimum = Some(Number::UInt(version));
            v.maximum = Some(Number::UInt(version));
        }
        if let Some(RefOr::T(Schema::Array(m))) = push.properties.get_mut("mutations") {
            m.max_items = Some(config.max_push_mutations);
        }
    }
}

/// A sized integer format other than `int32` and `int64` (which every tool knows) spelled
/// as the OpenAPI format registry does (utoipa writes `u-int32`), with its range where the
/// schema does not state a narrower one.
fn integer_range(o: &mut Object) {
    let Some(SchemaFormat::KnownFormat(format)) = &o.format else {
        return;
    };
    let unsigned = |max: u64| {
        (
            Number::UInt(0),
            Number::UInt(usize::try_from(max).unwrap_or(usize::MAX)),
        )
    };
    let (name, (min, max)) = match format {
        KnownFormat::UInt8 => ("uint8", unsigned(u8::MAX.into())),
        KnownFormat::UInt16 => ("uint16", unsigned(u16::MAX.into())),
        KnownFormat::UInt32 => ("uint32", unsigned(u32::MAX.into())),
        KnownFormat::UInt64 => ("uint64", unsigned(u64::MAX)),
        KnownFormat::Int8 => (
            "int8",
            (Number::Int(i8::MIN.into()), Number::Int(i8::MAX.into())),
        ),
        KnownFormat::Int16 => (
            "int16",
            (Number::Int(i16::MIN.into()), Number::Int(i16::MAX.into())),
        ),
        _ => return,
    };
    o.format = Some(SchemaFormat::Custom(name.into()));
    o.minimum.get_or_insert(min);
    o.maximum.get_or_insert(max);
}

/// The schema of parameter `name` of `method path`, when it is an inline object.
fn parameter<'a>(
    doc: &'a mut utoipa::openapi::OpenApi,
    path: &str,
    method: &str,
    name: &str,
) -> Option<&'a mut Object> {
    let item = doc.paths.paths.get_mut(path)?;
    let op = match method {
        "get" => item.get.as_mut(),
        "put" => item.put.as_mut(),
        "post" => item.post.as_mut(),
        "patch" => item.patch.as_mut(),
        "head" => item.head.as_mut(),
        _ => None,
    }?;
    let p = op
        .parameters
        .as_mut()?
        .iter_mut()
        .find(|p| p.name == name)?;
    match p.schema.as_mut()? {
        RefOr::T(Schema::Object(o)) => Some(o),
        _ => None,
    }
}

/// Calls `f` on every inline object schema of the document: components, parameters,
/// request and response bodies, response headers, and everything nested in them.
fn each_object(doc: &mut utoipa::openapi::OpenApi, f: &mut impl FnMut(&mut Object)) {
    if let Some(components) = doc.components.as_mut() {
        for s in components.schemas.values_mut() {
            walk_ref(s, f);
        }
    }
    for item in doc.paths.paths.values_mut() {
        for p in item.parameters.iter_mut().flatten() {
            if let Some(s) = p.schema.as_mut() {
                walk_ref(s, f);
            }
        }
        for op in operations(item) {
            walk_operation(op, f);
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        item.get.as_mut(),
        item.put.as_mut(),
        item.post.as_mut(),
        item.delete.as_mut(),
        item.options.as_mut(),
        item.head.as_mut(),
        item.patch.as_mut(),
        item.trace.as_mut(),
    ]
    .into_iter()
    .flatten()
}

fn walk_operation(op: &mut Operation, f: &mut impl FnMut(&mut Object)) {
    for p in op.parameters.iter_mut().flatten() {
        if let Some(s) = p.schema.as_mut() {
            walk_ref(s, f);
        }
    }
    if let Some(body) = op.request_body.as_mut() {
        for c in body.content.values_mut() {
            if let Some(s) = c.schema.as_mut() {
                walk_ref(s, f);
            }
        }
    }
    for r in op.responses.responses.values_mut() {
        let RefOr::T(r) = r else { continue };
        for h in r.headers.values_mut() {
            walk_ref(&mut h.schema, f);
        }
        for c in r.content.values_mut() {
            if let Some(s) = c.schema.as_mut() {
                walk_ref(s, f);
            }
        }
    }
}

fn walk_ref(s: &mut RefOr<Schema>, f: &mut impl FnMut(&mut Object)) {
    if let RefOr::T(s) = s {
        walk(s, f);
    }
}

fn walk(s: &mut Schema, f: &mut impl FnMut(&mut Object)) {
    match s {
        Schema::Object(o) => {
            f(o);
            for p in o.properties.values_mut() {
                walk_ref(p, f);
            }
            if let Some(AdditionalProperties::RefOr(a)) = o.additional_properties.as_deref_mut() {
                walk_ref(a, f);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                walk_ref(items, f);
            }
            for p in &mut a.prefix_items {
                walk(p, f);
            }
        }
        Schema::OneOf(x) => x.items.iter_mut().for_each(|i| walk_ref(i, f)),
        Schema::AllOf(x) => x.items.iter_mut().for_each(|i| walk_ref(i, f)),
        Schema::AnyOf(x) => x.items.iter_mut().for_each(|i| walk_ref(i, f)),
        _ => {}
    }
}
