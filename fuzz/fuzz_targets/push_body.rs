//! Fuzzes push bodies: `POST /v1/push` JSON through `axum::Json::<protocol::PushRequest>`
//! (the server's extractor), then `protocol::Command::parse` on each mutation as the
//! server's push does; every accepted command must re-serialise and parse to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protocol::{Command, PushRequest};

fuzz_target!(|data: &[u8]| {
    let Ok(axum::Json(req)) = axum::Json::<PushRequest>::from_bytes(data) else {
        return;
    };
    // The body re-serialises and reads back the same.
    let text = serde_json::to_vec(&req).expect("a parsed push serialises");
    let axum::Json(again) =
        axum::Json::<PushRequest>::from_bytes(&text).expect("a serialised push parses");
    assert_eq!(req.device_id, again.device_id);
    assert_eq!(req.schema, again.schema);
    assert_eq!(req.mutations.len(), again.mutations.len());

    let mut mutations = req.mutations;
    mutations.sort_by_key(|m| m.mid);
    for m in mutations {
        // The server fingerprints the arguments as their JSON text.
        let _ = m.args.to_string();
        let Ok(command) = Command::parse(&m.name, &m.args) else {
            continue;
        };
        assert_eq!(command.name(), m.name);
        command
            .check_limits()
            .expect("a parsed command is within its limits");
        let wire = command.to_mutation(m.mid, m.at);
        let reparsed = Command::parse(&wire.name, &wire.args)
            .unwrap_or_else(|e| panic!("{} does not parse again: {e}", m.name));
        assert_eq!(
            reparsed, command,
            "{} changed through its wire form",
            m.name
        );
        // And through JSON text, as the device queues it and the server receives it.
        let text = serde_json::to_string(&wire).expect("a mutation serialises");
        let back: protocol::Mutation = serde_json::from_str(&text).expect("a mutation parses");
        Command::parse(&back.name, &back.args)
            .unwrap_or_else(|e| panic!("{} does not parse from its text: {e}", m.name));
    }
});
