//! Backups of the database: what one is, and which ones rotation keeps.
//! Taking and restoring them is the store's; this is only the policy.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Automatic backups kept: the newest of each kind per day for this many days…
pub const DAYS_KEPT: usize = 7;
/// …and the newest backup of each of this many ISO weeks.
pub const WEEKS_KEPT: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Made when Accord opens, at most once a day.
    Daily,
    /// Asked for (File → Back up now…, `accord backup`).
    Manual,
    /// Made before a migration upgrades the file.
    BeforeUpgrade,
    /// The file as it was, made before a restore replaced it.
    BeforeRestore,
}

impl BackupKind {
    pub const ALL: [BackupKind; 4] =
        [BackupKind::Daily, BackupKind::Manual, BackupKind::BeforeUpgrade, BackupKind::BeforeRestore];

    /// The word in a backup's file name.
    pub fn slug(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::Manual => "manual",
            BackupKind::BeforeUpgrade => "before-upgrade",
            BackupKind::BeforeRestore => "before-restore",
        }
    }

    pub fn from_slug(slug: &str) -> Option<BackupKind> {
        BackupKind::ALL.into_iter().find(|k| k.slug() == slug)
    }
}

/// A consistent copy of the database beside it, as the restore dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// RFC 3339, UTC.
    pub taken_at: String,
    pub kind: BackupKind,
    pub bytes: u64,
    /// Live and archived items across its roadmaps.
    pub items: u32,
}

/// What a restore did: the backup it brought back, the copy of the file as it
/// was (when it could be read), or where a damaged file was set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Restored {
    pub from: BackupInfo,
    pub kept: Option<BackupInfo>,
    pub set_aside: Option<String>,
}

/// The backups (`taken_at`, kind) rotation removes: everything but the newest
/// of each kind on each of the [`DAYS_KEPT`] latest days that have one, and the
/// newest of each of the [`WEEKS_KEPT`] latest weeks. Several kinds are kept
/// per day so that the copy made before a restore never pushes out the
/// backup just restored.
pub fn rotation_removes(backups: &[(String, BackupKind)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..backups.len()).collect();
    order.sort_by(|&a, &b| backups[b].0.cmp(&backups[a].0));
    let mut days: Vec<&str> = Vec::new();
    let mut weeks: Vec<i64> = Vec::new();
    let mut seen_day_kind: Vec<(&str, BackupKind)> = Vec::new();
    let mut keep = vec![false; backups.len()];
    for &i in &order {
        let (taken_at, kind) = (&backups[i].0, backups[i].1);
        let day = taken_at.get(..10).unwrap_or(taken_at);
        if !days.contains(&day) {
            days.push(day);
        }
        if days.len() <= DAYS_KEPT && !seen_day_kind.contains(&(day, kind)) {
            seen_day_kind.push((day, kind));
            keep[i] = true;
        }
        let week = iso_week_of(day);
        if !weeks.contains(&week) {
            weeks.push(week);
            if weeks.len() <= WEEKS_KEPT {
                keep[i] = true;
            }
        }
    }
    (0..backups.len()).filter(|&i| !keep[i]).collect()
}

/// Weeks since the Monday before 1970-01-01 for a `YYYY-MM-DD` day; an
/// unreadable day counts as its own week (-1) and so is kept as one.
fn iso_week_of(day: &str) -> i64 {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next()) else {
        return -1;
    };
    // Days from civil (Howard Hinnant's algorithm); 1970-01-01 was a Thursday.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days + 3).div_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &str, kind: BackupKind) -> (String, BackupKind) {
        (format!("{day}T09:00:00.000Z"), kind)
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(iso_week_of("2026-11-30"), iso_week_of("2026-12-06")); // Monday, Sunday
        assert_eq!(iso_week_of("2026-12-06") + 1, iso_week_of("2026-12-07"));
    }

    #[test]
    fn seven_daily_and_four_weekly_are_kept() {
        // Sixty consecutive days, one daily backup each, from 2026-10-01.
        let days: Vec<_> = (0..60)
            .map(|n| {
                let (m, d) = if n < 31 { (10, n + 1) } else { (11, n - 30) };
                at(&format!("2026-{m:02}-{d:02}"), BackupKind::Daily)
            })
            .collect();
        let removed = rotation_removes(&days);
        let kept: Vec<&str> =
            (0..days.len()).filter(|i| !removed.contains(i)).map(|i| &days[i].0[..10]).collect::<Vec<_>>();
        // The last seven days, then the newest of each earlier week (the
        // newest week's newest day is among the seven).
        assert_eq!(
            kept,
            vec![
                "2026-11-08",
                "2026-11-15",
                "2026-11-22",
                "2026-11-23",
                "2026-11-24",
                "2026-11-25",
                "2026-11-26",
                "2026-11-27",
                "2026-11-28",
                "2026-11-29"
            ]
        );
    }

    #[test]
    fn a_restore_on_the_same_day_keeps_the_backup_restored() {
        let backups = vec![
            at("2026-12-02", BackupKind::Daily),
            ("2026-12-02T10:00:00.000Z".into(), BackupKind::BeforeRestore),
            ("2026-12-02T08:00:00.000Z".into(), BackupKind::Daily),
        ];
        // The 08:00 daily is the second of its kind that day: it goes.
        assert_eq!(rotation_removes(&backups), vec![2]);
    }
}
