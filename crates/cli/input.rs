//! Reading input files: the binary is the only part of drillhall that touches the disk, and
//! every file it reads comes through [`read_bounded`].
//!
//! Each kind of input has a budget ([`Budget`]) that stops the read as soon as it is
//! exceeded, so a 2 GB file costs at most the budget in memory and ends with a clear error.
//! Only regular files are read: `/dev/zero`, a named pipe (FIFO) or a socket is refused
//! before it is opened, so nothing can block or stream forever.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use drillhall_scenario::drill::Mode;
use drillhall_scenario::{Drill, Scenario};

use crate::outcome::CliError;

/// How much of one kind of input drillhall reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The kind of file, for messages ("the scenario").
    pub what: &'static str,
    /// The most bytes read.
    pub limit: u64,
}

const MIB: u64 = 1024 * 1024;

/// A scenario: a generated 1,000,000-node estate is about 200 MB of YAML.
pub const SCENARIO: Budget = Budget {
    what: "the scenario",
    limit: 512 * MIB,
};
/// A journal: a long drill is a few hundred kilobytes.
pub const JOURNAL: Budget = Budget {
    what: "the journal",
    limit: 64 * MIB,
};
/// An action file for `run`.
pub const ACTIONS: Budget = Budget {
    what: "the action file",
    limit: 16 * MIB,
};
/// A golden session for `check`.
pub const GOLDEN: Budget = Budget {
    what: "the golden session",
    limit: 64 * MIB,
};

/// What a path is, when it is not a regular file.
fn not_a_file(path: &Path) -> Option<&'static str> {
    let meta = std::fs::metadata(path).ok()?;
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Reads at most `budget.limit` bytes of a regular file; a larger file is an error found
/// while reading (a file that grows while it is read included), never a large allocation.
pub fn read_bounded(path: &Path, budget: Budget) -> Result<Vec<u8>, CliError> {
    let too_large = || CliError::TooLarge {
        path: path.to_owned(),
        what: budget.what,
        limit: budget.limit,
    };
    if let Some(kind) = not_a_file(path) {
        return Err(CliError::read(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{kind}, not a file: give {} as a regular file", budget.what),
            ),
        ));
    }
    let file = File::open(path).map_err(|e| CliError::read(path, e))?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > budget.limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(budget.limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::read(path, e))?;
    if bytes.len() as u64 > budget.limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// [`read_bounded`] as UTF-8 text.
pub fn read_text(path: &Path, budget: Budget) -> Result<String, CliError> {
    let bytes = read_bounded(path, budget)?;
    String::from_utf8(bytes).map_err(|e| {
        CliError::read(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{} is not UTF-8 text (byte {} is not)",
                    budget.what,
                    e.utf8_error().valid_up_to() + 1
                ),
            ),
        )
    })
}

/// Reads a scenario's bytes (within [`SCENARIO`]).
pub fn scenario_bytes(path: &Path) -> Result<Vec<u8>, CliError> {
    read_bounded(path, SCENARIO)
}

/// Reads and loads a scenario; the file is named as the user wrote it in every message.
pub fn scenario(path: &Path) -> Result<Scenario, CliError> {
    let bytes = scenario_bytes(path)?;
    Ok(Scenario::from_owned_bytes(
        &path.display().to_string(),
        bytes,
    )?)
}

/// Parses a supervision mode flag (`--mode reviewed`), listing the modes when it is not one.
pub fn mode(s: &str) -> Result<Mode, String> {
    Mode::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Mode::ALL.iter().map(|m| m.as_str()).collect();
        format!("expected one of {}", all.join(", "))
    })
}

/// Reads, loads and compiles a scenario into the drill every session shares.
pub fn drill(path: &Path) -> Result<Arc<Drill>, CliError> {
    Ok(Arc::new(Drill::compile(&scenario(path)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: Budget = Budget {
        what: "the test file",
        limit: 16,
    };

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("drillhall-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    #[test]
    fn a_file_within_its_budget_is_read_whole() {
        let p = scratch("small");
        std::fs::write(&p, b"0123456789abcdef").unwrap();
        assert_eq!(read_bounded(&p, TINY).unwrap(), b"0123456789abcdef");
    }

    #[test]
    fn a_file_over_its_budget_is_refused_naming_the_limit() {
        let p = scratch("large");
        std::fs::write(&p, [b'x'; 17]).unwrap();
        let e = read_bounded(&p, TINY).unwrap_err().to_string();
        assert!(e.contains("larger than 16 bytes"), "{e}");
        assert!(e.contains("the test file"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_refused_before_a_byte_is_read() {
        let e = read_bounded(Path::new("/dev/zero"), SCENARIO)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a device, not a file"), "{e}");
    }

    #[test]
    fn a_directory_is_not_read_as_a_file() {
        let e = read_bounded(&std::env::temp_dir(), JOURNAL)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a directory"), "{e}");
    }

    #[test]
    fn text_that_is_not_utf8_names_the_first_bad_byte() {
        let p = scratch("latin1");
        std::fs::write(&p, b"ab\xff").unwrap();
        let e = read_text(&p, TINY).unwrap_err().to_string();
        assert!(e.contains("byte 3"), "{e}");
    }
}
