//! The mutations a device queues and pushes, as typed commands. On the wire a mutation
//! is `{mid, name, args, at}`; [`Command::parse`] turns `name` and `args` into a command
//! and [`Command::name`] / [`Command::args`] go the other way.

use std::fmt;

use domain::{CaseId, CategoryCode, PhotoHash, Priority};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Error;

/// A patrol, made on the device when the worker starts walking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
pub struct PatrolId(pub Uuid);

impl PatrolId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
    pub fn parse(s: &str) -> Result<Self, Error> {
        Uuid::parse_str(s)
            .map(Self)
            .map_err(|_| Error::BadId(s.chars().take(80).collect()))
    }
}

impl Default for PatrolId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for PatrolId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `report.create`: a problem seen in the field (信息收集). The case id is made on the
/// device, so a replayed create is recognised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportCreate {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub case_id: CaseId,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "0101"))]
    pub category: CategoryCode,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "normal"))]
    pub priority: Priority,
    pub description: String,
    /// WGS-84.
    pub lon: f64,
    pub lat: f64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub photos: Vec<PhotoHash>,
    /// Fixed on the spot (自行处置): still needs verification.
    #[serde(default)]
    pub self_resolved: bool,
}

/// `task.acknowledge` and `task.start`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskRef {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub case_id: CaseId,
}

/// `task.resolve`: evidence of the work (处理反馈).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskResolve {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub case_id: CaseId,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub photos: Vec<PhotoHash>,
    #[serde(default)]
    pub note: String,
}

/// `task.return`: the worker cannot handle it; back to the dispatcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskReturn {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub case_id: CaseId,
    pub reason: String,
}

/// `patrol.start`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PatrolStart {
    pub patrol_id: PatrolId,
}

/// `patrol.checkin`: at a building (and unit) during a patrol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PatrolCheckin {
    pub patrol_id: PatrolId,
    pub building: String,
    #[serde(default)]
    pub unit: Option<String>,
    pub lon: f64,
    pub lat: f64,
    #[serde(default)]
    pub note: String,
    /// The check-in's own id, made on the phone: the same check-in sent again (under a new
    /// device id after signing in again) is kept once. Older apps send none.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkin_id: Option<uuid::Uuid>,
    /// The worker confirms that the newest printed placard now hangs at this entrance
    /// (checked in on its QR code). Left out when false, so older servers read it too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placard_posted: bool,
}

/// `patrol.end`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PatrolEnd {
    pub patrol_id: PatrolId,
}

/// `outbox.skip`: this mid carries nothing. The device set its entry aside (the server
/// refused it as too large to send); the server records it as rejected with the reason, so
/// the mids stay gapless and the rest of the outbox goes on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OutboxSkip {
    /// The mutation that was set aside, e.g. `report.create`.
    pub name: String,
    pub reason: String,
}

/// Every mutation a device may push.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    ReportCreate(ReportCreate),
    TaskAcknowledge(TaskRef),
    TaskStart(TaskRef),
    TaskResolve(TaskResolve),
    TaskReturn(TaskReturn),
    PatrolStart(PatrolStart),
    PatrolCheckin(PatrolCheckin),
    PatrolEnd(PatrolEnd),
    OutboxSkip(OutboxSkip),
}

fn args_of<T: DeserializeOwned>(name: &str, args: &serde_json::Value) -> Result<T, Error> {
    T::deserialize(args).map_err(|e| Error::BadArgs {
        name: name.to_string(),
        message: e.to_string(),
    })
}

impl Command {
    /// Every mutation name, for documentation and tests.
    pub const NAMES: [&'static str; 9] = [
        "report.create",
        "task.acknowledge",
        "task.start",
        "task.resolve",
        "task.return",
        "patrol.start",
        "patrol.checkin",
        "patrol.end",
        "outbox.skip",
    ];

    /// Parses a mutation and checks it against the limits (`domain::limits`): what a phone
    /// may queue is exactly what the server accepts.
    pub fn parse(name: &str, args: &serde_json::Value) -> Result<Self, Error> {
        let command = Self::parse_unchecked(name, args)?;
        command.check_limits()?;
        Ok(command)
    }

    /// Every text and photo list of the mutation within its limit.
    pub fn check_limits(&self) -> Result<(), Error> {
        use domain::limits::{
            DESCRIPTION_CHARS, NOTE_CHARS, REASON_CHARS, check_photos, check_text,
        };
        let name = self.name();
        let wrap = |e: domain::Error| Error::TooLarge {
            name,
            message: e.to_string(),
        };
        match self {
            Command::ReportCreate(r) => {
                check_text("description", &r.description, DESCRIPTION_CHARS).map_err(wrap)?;
                check_photos(r.photos.len()).map_err(wrap)?;
            }
            Command::TaskResolve(t) => {
                check_text("note", &t.note, NOTE_CHARS).map_err(wrap)?;
                check_photos(t.photos.len()).map_err(wrap)?;
            }
            Command::TaskReturn(t) => {
                check_text("reason", &t.reason, REASON_CHARS).map_err(wrap)?;
            }
            Command::PatrolCheckin(c) => {
                check_text("building", &c.building, REASON_CHARS).map_err(wrap)?;
                check_text("unit", c.unit.as_deref().unwrap_or(""), REASON_CHARS).map_err(wrap)?;
                check_text("note", &c.note, NOTE_CHARS).map_err(wrap)?;
            }
            Command::OutboxSkip(s) => {
                check_text("reason", &s.reason, REASON_CHARS).map_err(wrap)?;
            }
            Command::TaskAcknowledge(_)
            | Command::TaskStart(_)
            | Command::PatrolStart(_)
            | Command::PatrolEnd(_) => {}
        }
        Ok(())
    }

    fn parse_unchecked(name: &str, args: &serde_json::Value) -> Result<Self, Error> {
        Ok(match name {
            "report.create" => Command::ReportCreate(args_of(name, args)?),
            "task.acknowledge" => Command::TaskAcknowledge(args_of(name, args)?),
            "task.start" => Command::TaskStart(args_of(name, args)?),
            "task.resolve" => Command::TaskResolve(args_of(name, args)?),
            "task.return" => Command::TaskReturn(args_of(name, args)?),
            "patrol.start" => Command::PatrolStart(args_of(name, args)?),
            "patrol.checkin" => Command::PatrolCheckin(args_of(name, args)?),
            "patrol.end" => Command::PatrolEnd(args_of(name, args)?),
            "outbox.skip" => Command::OutboxSkip(args_of(name, args)?),
            other => return Err(Error::UnknownMutation(other.chars().take(80).collect())),
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Command::ReportCreate(_) => "report.create",
            Command::TaskAcknowledge(_) => "task.acknowledge",
            Command::TaskStart(_) => "task.start",
            Command::TaskResolve(_) => "task.resolve",
            Command::TaskReturn(_) => "task.return",
            Command::PatrolStart(_) => "patrol.start",
            Command::PatrolCheckin(_) => "patrol.checkin",
            Command::PatrolEnd(_) => "patrol.end",
            Command::OutboxSkip(_) => "outbox.skip",
        }
    }

    pub fn args(&self) -> serde_json::Value {
        let v = match self {
            Command::ReportCreate(a) => serde_json::to_value(a),
            Command::TaskAcknowledge(a) | Command::TaskStart(a) => serde_json::to_value(a),
            Command::TaskResolve(a) => serde_json::to_value(a),
            Command::TaskReturn(a) => serde_json::to_value(a),
            Command::PatrolStart(a) => serde_json::to_value(a),
            Command::PatrolCheckin(a) => serde_json::to_value(a),
            Command::PatrolEnd(a) => serde_json::to_value(a),
            Command::OutboxSkip(a) => serde_json::to_value(a),
        };
        // Serializing plain data structs to a Value cannot fail.
        v.unwrap_or(serde_json::Value::Null)
    }

    /// The wire form with a device-assigned `mid` and device time `at` (unix ms).
    pub fn to_mutation(&self, mid: u64, at: i64) -> crate::push::Mutation {
        crate::push::Mutation {
            mid,
            name: self.name().to_string(),
            args: self.args(),
            at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_unknown() {
        let cmd = Command::TaskReturn(TaskReturn {
            case_id: CaseId::new(),
            reason: "not mine".into(),
        });
        let m = cmd.to_mutation(7, 1);
        assert_eq!(m.name, "task.return");
        assert_eq!(Command::parse(&m.name, &m.args).unwrap(), cmd);
        assert!(matches!(
            Command::parse("task.fly", &m.args),
            Err(Error::UnknownMutation(_))
        ));
        assert!(matches!(
            Command::parse("task.start", &serde_json::json!({"case_id": "nope"})),
            Err(Error::BadArgs { .. })
        ));
        for name in Command::NAMES {
            assert!(matches!(
                Command::parse(name, &serde_json::json!({})),
                Err(Error::BadArgs { .. })
            ));
        }
    }
}
