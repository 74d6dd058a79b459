//! Helpers shared by the report crate.s integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use std::sync::Arc;

use drillhall_engine::Drill;

/// The bundled scenario's text.
pub fn bundled_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/leaked-ci-deploy-token.yaml"
    );
    std::fs::read_to_string(path).expect("the bundled scenario is in scenarios/")
}

/// The bundled scenario, compiled.
pub fn bundled() -> Arc<Drill> {
    Drill::from_text("leaked-ci-deploy-token.yaml", &bundled_text())
        .unwrap_or_else(|e| panic!("the bundled scenario loads:\n{e}"))
}
