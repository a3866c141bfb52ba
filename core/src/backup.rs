//! Backups: verified copies of the library in `backups/` beside it, rotated (all of the
//! last day, then 7 daily, 4 weekly, 12 monthly), and restoring one.
//!
//! A backup is made with SQLite's online backup API from a read transaction of its own, so
//! that it is one consistent moment of the library while the app goes on writing, and the
//! counts it is checked against are of that same moment. It is written under a temporary
//! name, checked (opened read-only, `integrity_check`, its counts equal to the source's),
//! and only then given its name, with a small record beside it (`….sqlite.json`); only
//! then are older backups rotated out. A backup is a single file in rollback-journal mode:
//! it can be copied anywhere and opened by any SQLite.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::library::Library;
use crate::store::schema;

/// How many pages each step of a backup copies, between progress reports.
const PAGES_PER_STEP: i32 = 2_048;

/// Keep the newest backup of each of this many days, weeks and months.
const KEEP_DAILY: usize = 7;
const KEEP_WEEKLY: usize = 4;
const KEEP_MONTHLY: usize = 12;

/// One backup of the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub clippings: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub highlights: i64,
    /// Notes on clippings and on highlights.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub notes: i64,
    /// Whether the backup passed its checks when it was made.
    pub verified: bool,
}

/// What is counted in a library and in its backup, which must agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts {
    clippings: i64,
    highlights: i64,
    notes: i64,
}

fn counts(conn: &Connection) -> Result<Counts> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM clipping),
                (SELECT count(*) FROM highlight),
                (SELECT count(*) FROM clipping WHERE note != '')
                  + (SELECT count(*) FROM highlight WHERE note != '')",
        [],
        |r| {
            Ok(Counts {
                clippings: r.get(0)?,
                highlights: r.get(1)?,
                notes: r.get(2)?,
            })
        },
    )?)
}

/// The folder the backups of the library at `library` go to: `backups/` beside it.
pub fn backups_folder(library: &Path) -> PathBuf {
    library
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// The name stem of the backups of `library`: its own file stem.
fn stem(library: &Path) -> String {
    library.file_stem().map_or_else(
        || "library".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// The moment in a backup's name, to the millisecond (two backups a second apart, the one
/// a restore makes first among them, must not share a name).
const TIME_FORMAT: &str = "%Y-%m-%dT%H%M%S%.3fZ";

/// The moment in a backup's file name (`library-2026-12-02T155012.345Z.sqlite`), if it is one of
/// ours for `stem`.
fn time_in_name(stem: &str, path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let time = name
        .strip_prefix(stem)?
        .strip_prefix('-')?
        .strip_suffix(".sqlite")?;
    NaiveDateTime::parse_from_str(time, TIME_FORMAT)
        .ok()
        .map(|t| t.and_utc())
}

fn record_path(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(".json");
    name.into()
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Read {
        path: path.to_path_buf(),
        source,
    }
}

impl Library {
    /// Backs the library up: into `to` when given, else into [`backups_folder`] under a
    /// name with the moment, then rotates the folder's older backups. `progress` hears
    /// (pages copied, pages in all) after each step. The backup is verified before it is
    /// given its name; one that fails is removed and the error returned.
    pub fn backup(&self, to: Option<&Path>, progress: impl FnMut(u64, u64)) -> Result<BackupInfo> {
        self.make_backup(to, true, progress)
    }

    /// [`Library::backup`]; `rotate` false leaves older backups alone (a restore's backup of
    /// the library as it was must not rotate out the backup being restored).
    fn make_backup(
        &self,
        to: Option<&Path>,
        rotate: bool,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<BackupInfo> {
        let source_path = self.path().ok_or(Error::NoReaderInMemory)?.to_path_buf();
        let mut now = Utc::now();
        let (target, rotate) = match to {
            Some(path) => (path.to_path_buf(), false),
            None => {
                let folder = backups_folder(&source_path);
                std::fs::create_dir_all(&folder).map_err(|source| Error::CreateFolder {
                    path: folder.clone(),
                    source,
                })?;
                let name = |at: DateTime<Utc>| {
                    folder.join(format!(
                        "{}-{}.sqlite",
                        stem(&source_path),
                        at.format(TIME_FORMAT)
                    ))
                };
                // Never over an existing backup.
                while name(now).exists() {
                    now += chrono::Duration::milliseconds(1);
                }
                (name(now), rotate)
            }
        };
        let mut partial = target.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let _ = std::fs::remove_file(&partial);

        // One read transaction for the copy and the counts: the same moment for both.
        let source = Connection::open_with_flags(
            &source_path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        source.busy_timeout(Duration::from_secs(10))?;
        source.execute_batch("BEGIN")?;
        let expected = counts(&source)?;
        let copied = (|| -> Result<()> {
            let mut target_conn = Connection::open(&partial)?;
            {
                let backup = Backup::new(&source, &mut target_conn)?;
                loop {
                    let step = backup.step(PAGES_PER_STEP)?;
                    let p = backup.progress();
                    let total = p.pagecount.max(1) as u64;
                    progress(total - p.remaining.max(0) as u64, total);
                    match step {
                        StepResult::Done => break,
                        StepResult::More => {}
                        // Only our own read transaction holds the source; wait a moment.
                        _ => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
            }
            // One self-contained file, readable where it is copied to.
            target_conn.pragma_update(None, "journal_mode", "DELETE")?;
            Ok(())
        })();
        source.execute_batch("COMMIT")?;
        drop(source);
        if let Err(e) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(e.about_library(&target));
        }
        let found = match check(&partial) {
            Ok(found) => found,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        if found != expected {
            let _ = std::fs::remove_file(&partial);
            return Err(Error::BackupMismatch {
                path: target,
                detail: format!(
                    "{} clippings, {} highlights and {} notes where the library has {}, {} and {}",
                    found.clippings,
                    found.highlights,
                    found.notes,
                    expected.clippings,
                    expected.highlights,
                    expected.notes
                ),
            });
        }
        std::fs::rename(&partial, &target).map_err(io_error(&target))?;
        let info = BackupInfo {
            bytes: std::fs::metadata(&target).map_err(io_error(&target))?.len(),
            path: target.clone(),
            created_at: now,
            clippings: found.clippings,
            highlights: found.highlights,
            notes: found.notes,
            verified: true,
        };
        let record = serde_json::to_vec_pretty(&info).unwrap_or_default();
        std::fs::write(record_path(&target), record).map_err(io_error(&target))?;
        tracing::info!(
            target: "commonplace::backup",
            path = %target.display(),
            bytes = info.bytes,
            "backup made and verified"
        );
        if rotate {
            rotate_backups(&source_path, now)?;
        }
        Ok(info)
    }

    /// Backs up when the newest verified backup in [`backups_folder`] is older than
    /// `max_age` (or there is none); `None` when one is recent enough.
    pub fn backup_if_older_than(
        &self,
        max_age: chrono::Duration,
        progress: impl FnMut(u64, u64),
    ) -> Result<Option<BackupInfo>> {
        let path = self.path().ok_or(Error::NoReaderInMemory)?;
        let latest = list_backups(path)?.into_iter().find(|b| b.verified);
        if latest.is_some_and(|b| Utc::now() - b.created_at < max_age) {
            return Ok(None);
        }
        self.backup(None, progress).map(Some)
    }

    /// Checks the library with SQLite's `quick_check`: a damaged library is
    /// [`Error::DamagedLibrary`].
    pub fn quick_check(&self) -> Result<()> {
        let path = self.path().unwrap_or_else(|| Path::new(":memory:"));
        let result: rusqlite::Result<Vec<String>> = self
            .conn
            .prepare("PRAGMA quick_check")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
        match result {
            Ok(lines) if lines == ["ok"] => Ok(()),
            Ok(lines) => Err(Error::DamagedLibrary {
                path: path.to_path_buf(),
                detail: lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
            }),
            Err(e) => Err(Error::from(e).about_library(path)),
        }
    }
}

/// Opens the backup at `path` read-only and checks it: an SQLite file that is a
/// Commonplace library this version reads, whose `integrity_check` is clean. Returns what
/// it holds.
fn check(path: &Path) -> Result<Counts> {
    let damaged = |detail: String| Error::DamagedBackup {
        path: path.to_path_buf(),
        detail,
    };
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged(e.to_string()))?;
    let lines: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| damaged(e.to_string()))?;
    if lines != ["ok"] {
        return Err(damaged(
            lines.into_iter().take(3).collect::<Vec<_>>().join("; "),
        ));
    }
    let marked = schema::application_id(&conn).map_err(|e| damaged(e.to_string()))?;
    if marked != schema::APPLICATION_ID {
        return Err(damaged("it is not a Commonplace library".into()));
    }
    let version = schema::version(&conn)?;
    if version > schema::LATEST_VERSION {
        return Err(Error::NewerLibrary {
            path: path.to_path_buf(),
            found: version,
            supported: schema::LATEST_VERSION,
        });
    }
    counts(&conn).map_err(|e| damaged(e.to_string()))
}

/// Checks the backup at `path` now (see [`check`]) and says what it holds; its record,
/// when it has one, must agree.
pub fn verify_backup(path: &Path) -> Result<BackupInfo> {
    let found = check(path)?;
    let record = read_record(path);
    if let Some(record) = &record
        && (record.clippings, record.highlights, record.notes)
            != (found.clippings, found.highlights, found.notes)
    {
        return Err(Error::DamagedBackup {
            path: path.to_path_buf(),
            detail: "it no longer holds what it held when it was made".into(),
        });
    }
    let bytes = std::fs::metadata(path).map_err(io_error(path))?.len();
    let created_at = record.map(|r| r.created_at).unwrap_or_else(|| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(DateTime::<Utc>::from)
            .unwrap_or_default()
    });
    Ok(BackupInfo {
        path: path.to_path_buf(),
        created_at,
        bytes,
        clippings: found.clippings,
        highlights: found.highlights,
        notes: found.notes,
        verified: true,
    })
}

fn read_record(backup: &Path) -> Option<BackupInfo> {
    let text = std::fs::read(record_path(backup)).ok()?;
    serde_json::from_slice::<BackupInfo>(&text)
        .ok()
        .map(|mut info| {
            info.path = backup.to_path_buf();
            info
        })
}

/// The backups of the library at `library` in its [`backups_folder`], newest first, as
/// their records say (a backup without a record is listed unverified).
pub fn list_backups(library: &Path) -> Result<Vec<BackupInfo>> {
    let folder = backups_folder(library);
    let stem = stem(library);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(Vec::new());
    };
    let mut backups: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|path| {
            let created_at = time_in_name(&stem, &path)?;
            Some(read_record(&path).unwrap_or_else(|| BackupInfo {
                bytes: std::fs::metadata(&path).map_or(0, |m| m.len()),
                path,
                created_at,
                clippings: 0,
                highlights: 0,
                notes: 0,
                verified: false,
            }))
        })
        .collect();
    backups.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.path.cmp(&a.path)));
    Ok(backups)
}

/// A day, an ISO week or a month: (year, number within it, which of the three).
type Period = (i32, u32, u32);

/// Which of `times` (newest first) rotation keeps: every one of the last 24 hours (Back Up
/// Now beside the day's automatic one, the backup a restore made first), and the newest
/// of each of the last [`KEEP_DAILY`] days, [`KEEP_WEEKLY`] weeks and [`KEEP_MONTHLY`]
/// months that have one.
fn kept(times: &[DateTime<Utc>], now: DateTime<Utc>) -> Vec<bool> {
    let mut keep: Vec<bool> = times
        .iter()
        .map(|t| now - *t < chrono::Duration::hours(24))
        .collect();
    let mut by = |key: &dyn Fn(&DateTime<Utc>) -> Period, limit: usize| {
        let mut seen: Vec<Period> = Vec::new();
        for (i, t) in times.iter().enumerate() {
            let k = key(t);
            if !seen.contains(&k) {
                if seen.len() == limit {
                    break;
                }
                seen.push(k);
                keep[i] = true;
            }
        }
    };
    by(&|t| (t.year(), t.ordinal(), 0), KEEP_DAILY);
    by(
        &|t| {
            let week = t.iso_week();
            (week.year(), week.week(), 1)
        },
        KEEP_WEEKLY,
    );
    by(&|t| (t.year(), t.month(), 2), KEEP_MONTHLY);
    keep
}

/// Removes the backups of `library` that rotation does not keep (see [`kept`]). Only
/// files named as ours are touched; the newest (just made) is always kept.
fn rotate_backups(library: &Path, now: DateTime<Utc>) -> Result<()> {
    let backups = list_backups(library)?;
    let times: Vec<DateTime<Utc>> = backups.iter().map(|b| b.created_at).collect();
    for (backup, keep) in backups.iter().zip(kept(&times, now)) {
        if !keep {
            let _ = std::fs::remove_file(&backup.path);
            let _ = std::fs::remove_file(record_path(&backup.path));
            tracing::info!(
                target: "commonplace::backup",
                path = %backup.path.display(),
                "old backup rotated out"
            );
        }
    }
    Ok(())
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    /// The backup now in the library's place.
    pub restored: BackupInfo,
    /// The backup of the library as it was just before, made first.
    pub previous: Option<BackupInfo>,
    /// Where the damaged library was moved, when it could not be backed up.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub set_aside: Option<PathBuf>,
}

/// Restores the backup at `backup` into the library at `library`: the backup is verified
/// first (one that does not verify is refused, and nothing changes); then the library as
/// it is now is backed up; then it is replaced in one step, through SQLite's backup API
/// into the open library, so that another connection sees either the old library or the
/// restored one. A library that cannot be opened or backed up (damaged) is not written:
/// it is moved aside with its journal, and the backup copied into its place.
pub fn restore(library: &Path, backup: &Path) -> Result<Restored> {
    let restored = verify_backup(backup)?;
    let healthy = Library::open(library).and_then(|l| {
        l.quick_check()?;
        Ok(l)
    });
    match healthy {
        Ok(mut open) => {
            let previous = open.make_backup(None, false, |_, _| {})?;
            let source = Connection::open_with_flags(
                backup,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            open.replace_with(&source)?;
            drop(open);
            // The backup may be of an older version: bring it up to this one.
            drop(Library::open(library)?);
            Ok(Restored {
                restored,
                previous: Some(previous),
                set_aside: None,
            })
        }
        // Only a damaged file is set aside; any other refusal stands.
        Err(Error::DamagedLibrary { .. } | Error::NotALibrary { .. }) => {
            let stamp = Utc::now().format(TIME_FORMAT);
            let mut aside = library.as_os_str().to_owned();
            aside.push(format!(".damaged-{stamp}"));
            let aside = PathBuf::from(aside);
            if library.exists() {
                std::fs::rename(library, &aside).map_err(io_error(library))?;
                for suffix in ["-wal", "-shm"] {
                    let mut from = library.as_os_str().to_owned();
                    from.push(suffix);
                    let mut to = aside.as_os_str().to_owned();
                    to.push(suffix);
                    let _ = std::fs::rename(PathBuf::from(from), PathBuf::from(to));
                }
            }
            let mut partial = library.as_os_str().to_owned();
            partial.push(".restoring");
            let partial = PathBuf::from(partial);
            std::fs::copy(backup, &partial).map_err(io_error(backup))?;
            std::fs::File::open(&partial)
                .and_then(|f| f.sync_all())
                .map_err(io_error(&partial))?;
            std::fs::rename(&partial, library).map_err(io_error(library))?;
            drop(Library::open(library)?);
            Ok(Restored {
                restored,
                previous: None,
                set_aside: aside.exists().then_some(aside),
            })
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn rotation_keeps_seven_days_four_weeks_and_twelve_months() {
        // A backup a day for two years, newest first.
        let newest = Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap();
        let times: Vec<_> = (0..730)
            .map(|d| newest - chrono::Duration::days(d))
            .collect();
        let keep = kept(&times, newest);
        let kept_times: Vec<_> = times
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(t, _)| *t)
            .collect();
        // Seven days, then the newest of older weeks and months.
        assert!(keep[..7].iter().all(|k| *k));
        assert!(kept_times.len() <= 7 + 4 + 12);
        assert!(kept_times.len() >= 12);
        let oldest = *kept_times.last().unwrap();
        assert!(newest - oldest < chrono::Duration::days(366), "{oldest}");
        assert!(newest - oldest > chrono::Duration::days(300), "{oldest}");
        // Several the same day: all of the last 24 hours, then only the newest of a day.
        let same_day = [newest, newest - chrono::Duration::hours(1)];
        assert_eq!(kept(&same_day, newest), [true, true]);
        let later = newest + chrono::Duration::days(2);
        assert_eq!(kept(&same_day, later), [true, false]);
    }
}
