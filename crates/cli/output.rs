//! Writing output files: never over an existing file by surprise, never half-written.
//!
//! Every file drillhall writes (`--out`, `--junit`, `run --record`) goes through a
//! [`Staged`] file: it is written under a temporary name in the destination's folder and
//! renamed over the destination only once it is complete, so a failure (a full disk, a
//! crash) leaves no partial output. An existing destination is refused unless the user
//! passed `--force`, and an output is never one of the command's own inputs.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::outcome::CliError;

/// An output being written under a temporary name; [`Staged::commit`] puts it in place.
#[derive(Debug)]
pub struct Staged {
    file: NamedTempFile,
    path: PathBuf,
    force: bool,
}

/// Refuses `path` if it exists and `force` is not set, before any work is done.
pub fn refuse_existing(path: &Path, force: bool) -> Result<(), CliError> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(CliError::Refused {
            path: path.to_owned(),
            why: "the file exists; pass --force to replace it".into(),
        });
    }
    Ok(())
}

/// Refuses an output that is the same file as one of the command's inputs (`report J --out
/// J` would destroy the journal it reads), whatever `--force` says.
pub fn refuse_input(out: &Path, input: &Path) -> Result<(), CliError> {
    let same = match (std::fs::canonicalize(out), std::fs::canonicalize(input)) {
        (Ok(a), Ok(b)) => a == b,
        _ => out == input,
    };
    if same {
        return Err(CliError::Refused {
            path: out.to_owned(),
            why: format!(
                "it is the input {}; write the output to another file",
                input.display()
            ),
        });
    }
    Ok(())
}

impl Staged {
    /// Starts writing `path`: refused if it exists (unless `force`); the bytes go to a
    /// temporary file beside it.
    pub fn create(path: &Path, force: bool) -> Result<Staged, CliError> {
        refuse_existing(path, force)?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file = tempfile::Builder::new()
            .prefix(".drillhall-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|source| CliError::Write {
                path: path.to_owned(),
                source,
            })?;
        Ok(Staged {
            file,
            path: path.to_owned(),
            force,
        })
    }

    /// The temporary file, to write to.
    pub fn writer(&mut self) -> &mut std::fs::File {
        self.file.as_file_mut()
    }

    /// Flushes the temporary file to disk and renames it to the destination; without
    /// `force` the rename refuses a destination that appeared in the meantime.
    pub fn commit(mut self) -> Result<(), CliError> {
        let write_error = |source| CliError::Write {
            path: self.path.clone(),
            source,
        };
        self.file.as_file_mut().flush().map_err(write_error)?;
        self.file.as_file().sync_all().map_err(write_error)?;
        let path = self.path.clone();
        let persisted = if self.force {
            self.file.persist(&path).map(drop)
        } else {
            self.file.persist_noclobber(&path).map(drop)
        };
        persisted.map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                CliError::Refused {
                    path: path.clone(),
                    why: "the file exists; pass --force to replace it".into(),
                }
            } else {
                CliError::Write {
                    path: path.clone(),
                    source: e.error,
                }
            }
        })
    }
}

/// Writes `bytes` to `path` through a [`Staged`] file.
pub fn write(path: &Path, bytes: &[u8], force: bool) -> Result<(), CliError> {
    let mut staged = Staged::create(path, force)?;
    staged
        .writer()
        .write_all(bytes)
        .map_err(|source| CliError::Write {
            path: path.to_owned(),
            source,
        })?;
    staged.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("drillhall-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        let _ = std::fs::remove_file(&p);
        p
    }

    #[test]
    fn an_existing_file_is_refused_without_force_and_kept_intact() {
        let p = scratch("kept");
        std::fs::write(&p, "precious").unwrap();
        let e = write(&p, b"new", false).unwrap_err().to_string();
        assert!(e.contains("pass --force"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "precious");
        write(&p, b"new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn an_abandoned_output_leaves_neither_the_file_nor_a_temporary() {
        let p = scratch("abandoned");
        let mut staged = Staged::create(&p, false).unwrap();
        staged.writer().write_all(b"half").unwrap();
        drop(staged);
        assert!(!p.exists());
        let dir = p.parent().unwrap();
        let leftovers = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".drillhall-")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn an_output_that_is_its_own_input_is_refused_even_with_force() {
        let p = scratch("journal.jsonl");
        std::fs::write(&p, "{}").unwrap();
        let dotted = p.parent().unwrap().join(".").join("journal.jsonl");
        assert!(refuse_input(&dotted, &p).is_err());
        assert!(refuse_input(&scratch("other"), &p).is_ok());
    }
}
