//! The drillhall terminal UI (ratatui): briefing, drill and debrief screens.
