//! Scenario format.
