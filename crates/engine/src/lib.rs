//! The drillhall engine: a deterministic, seeded state machine that plays one scenario.
