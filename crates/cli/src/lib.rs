//! `accord`: the product without a window, over the same `accord-api` the
//! desktop app calls. Every rule holds here too: the core checks rights,
//! input and revisions, and a refused command writes nothing.
//!
//! Exit codes: 0 done (for `verify`: untouched and signed off); 1 refused or
//! bad input (the message says why); 2 a usage error; 3 the data cannot be
//! opened (written by a newer Accord, damaged, or not an Accord database);
//! for `verify` also 4 untouched but a draft (not signed off), 5 a check
//! failed (altered, or the signatures do not hold) and 6 intact and signed,
//! but not fully confirmed here (a signer unknown to this machine, or made
//! by another version); 7 a stale revision (the record changed since it was
//! read: read it again); 8 nothing could be written (the disk is full or
//! the data is read-only). With `--json`, a failure is also printed on
//! stdout as `{"error": {"code", "message"}}`.
//!
//! The desktop app's binary runs this too when it is started as `accord`
//! (the installers link that name to it), so one binary ships both.

mod backups;
mod data_dir;
mod host;
mod table;
mod verify;
mod writes;

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use accord_api::domain::{RoadmapId, Role};
use accord_api::{Accord, ApiError, ErrorCode, NewProfile, NewRoadmap};
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "accord", version, about = "One roadmap, an ownership matrix and signed-off agreements, headless")]
struct Cli {
    /// The data directory (default: ACCORD_DATA_DIR, else the app's own).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Act as this person (by name) instead of the one acting on this machine.
    #[arg(long = "as", global = true, value_name = "NAME")]
    acting_as: Option<String>,
    /// Machine-readable output: the result (or the error) as JSON.
    #[arg(long, global = true)]
    json: bool,
    /// Read the signing passphrase from the first line of stdin (otherwise
    /// from ACCORD_PASSPHRASE).
    #[arg(long, global = true)]
    passphrase_stdin: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// First run: your profile (with its signing key) and the roadmap.
    Init {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The roadmap's name.
        #[arg(long)]
        roadmap: String,
        #[arg(long, default_value = "")]
        team: String,
        #[arg(long, default_value = "")]
        em_name: String,
        #[arg(long, default_value = "")]
        pm_name: String,
        #[arg(long, default_value = "")]
        director: String,
        #[arg(long, default_value = "")]
        head_of_product: String,
    },
    /// Adds a person to this machine (the other partner, on a shared
    /// machine), with a signing key sealed by their passphrase.
    AddPerson {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Adds an item at the end of the roadmap.
    Add(writes::Add),
    /// Edits a dimension of an item you own.
    Edit(writes::Edit),
    /// Proposes a change to a dimension the other partner owns.
    Propose(writes::Propose),
    /// Accepts or declines a proposal made to you.
    Answer(writes::Answer),
    /// Moves an item in the priority order.
    Move(writes::Move),
    /// Archives an item (or brings it back with --restore).
    Archive(writes::Archive),
    /// Signs a when, a decision or a baseline with your key.
    #[command(subcommand)]
    Sign(writes::Sign),
    /// Creates a baseline of the roadmap and signs it.
    Baseline(writes::Baseline),
    /// Backs the database up now, beside it.
    Backup,
    /// Lists the backups, newest first.
    Backups,
    /// Replaces the database with a backup (the current file is kept as a
    /// backup first, or set aside if it is damaged).
    Restore { file: PathBuf },
    /// The roadmap's items in priority order.
    List {
        #[arg(long)]
        roadmap: Option<RoadmapId>,
        /// The archive instead of the live items.
        #[arg(long)]
        archived: bool,
    },
    /// The people on this machine and their key fingerprints.
    People,
    /// Writes the roadmap as JSON or CSV (to stdout, or --output FILE).
    Export {
        #[arg(long)]
        roadmap: Option<RoadmapId>,
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "json")]
        format: ExportAs,
    },
    /// Creates a roadmap from an Accord JSON file (or - for stdin), a Jira
    /// or Linear CSV export, or any CSV with --mapping, as the acting
    /// person: the other partner's fields arrive as proposals to them.
    Import {
        file: PathBuf,
        /// Which tool wrote a CSV; told from its headers when left out.
        #[arg(long, value_enum)]
        from: Option<ImportFrom>,
        /// A generic CSV's mapping: JSON naming the header for each field.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// Shows what would be written and proposed, and writes nothing.
        #[arg(long)]
        preview: bool,
    },
    /// Writes the roadmap PDF: signed off when it matches a baseline both
    /// partners signed, marked DRAFT on every page otherwise.
    ExportPdf {
        #[arg(long)]
        roadmap: Option<RoadmapId>,
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
    },
    /// Hosts a planning session for the roadmap: prints the address and a
    /// one-time pairing code for each guest, and who is in the session.
    /// Ends when stdin closes (Ctrl+D) or on Ctrl+C.
    Host {
        #[arg(long)]
        roadmap: Option<RoadmapId>,
        /// Where to listen (port 0: any free port).
        #[arg(long, default_value = "0.0.0.0:0")]
        listen: std::net::SocketAddr,
    },
    /// Joins a planning session as NAME in ROLE, optionally makes one edit of
    /// an item (found by its title), prints what became of it, and stays in
    /// the session until stdin closes.
    Join {
        /// The host's address, e.g. 192.168.1.20:40123.
        address: std::net::SocketAddr,
        /// The host's 6-digit pairing code.
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The title of the item to edit.
        #[arg(long, requires_all = ["dimension", "text"])]
        item: Option<String>,
        #[arg(long, value_enum)]
        dimension: Option<DimensionArg>,
        #[arg(long)]
        text: Option<String>,
    },
    /// Checks a roadmap PDF offline: its content hash, every signature, the
    /// signers against the identities known here, and that the pages show
    /// what was signed. Works without a data directory too.
    Verify { file: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DimensionArg {
    What,
    Why,
    How,
    Who,
    When,
}

impl From<DimensionArg> for accord_api::domain::Dimension {
    fn from(d: DimensionArg) -> Self {
        use accord_api::domain::Dimension;
        match d {
            DimensionArg::What => Dimension::What,
            DimensionArg::Why => Dimension::Why,
            DimensionArg::How => Dimension::How,
            DimensionArg::Who => Dimension::Who,
            DimensionArg::When => Dimension::When,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Em,
    Pm,
    Director,
    HeadOfProduct,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Em => Role::Em,
            RoleArg::Pm => Role::Pm,
            RoleArg::Director => Role::DirectorOfEngineering,
            RoleArg::HeadOfProduct => Role::HeadOfProduct,
        }
    }
}

/// How results are printed.
#[derive(Clone, Copy)]
pub(crate) struct Output {
    pub json: bool,
}

/// A failure with the exit code it maps to.
pub(crate) struct Failure {
    code: u8,
    kind: Option<ErrorCode>,
    message: String,
    /// The command's own output already says why (a `verify` verdict), so
    /// `--json` prints no separate error object after it.
    reported: bool,
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        let code = match e.code {
            ErrorCode::NewerDatabase | ErrorCode::DamagedDatabase | ErrorCode::Storage | ErrorCode::Internal => 3,
            ErrorCode::StaleRevision => 7,
            ErrorCode::DiskFull | ErrorCode::ReadOnly => 8,
            _ => 1,
        };
        let message = match e.code {
            ErrorCode::NotSetUp => format!("{}; run `accord init` first", e.message),
            ErrorCode::DamagedDatabase => {
                format!("{}; nothing was changed in it: `accord backups` lists backups, `accord restore FILE` brings one back", e.message)
            }
            _ => e.message,
        };
        Failure { code, kind: Some(e.code), message, reported: false }
    }
}

pub(crate) fn fail(message: impl Into<String>) -> Failure {
    Failure { code: 1, kind: None, message: message.into(), reported: false }
}

/// Runs `accord` with these arguments (the first is the program's name).
pub fn main_from(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let cli = Cli::parse_from(args);
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("accord: {}", f.message);
            if json && !f.reported {
                let code =
                    f.kind.map_or(serde_json::Value::Null, |k| serde_json::to_value(k).expect("codes serialise"));
                println!("{}", serde_json::json!({ "error": { "code": code, "message": f.message } }));
            }
            ExitCode::from(f.code)
        }
    }
}

pub(crate) fn db_file(dir: Option<PathBuf>) -> Result<PathBuf, Failure> {
    let dir = data_dir::resolve(dir).ok_or_else(|| Failure {
        code: 3,
        kind: None,
        message: "no data directory: pass --data-dir or set ACCORD_DATA_DIR".into(),
        reported: false,
    })?;
    Ok(dir.join("accord.db"))
}

pub(crate) fn open(dir: Option<PathBuf>) -> Result<Accord, Failure> {
    Ok(Accord::open(&db_file(dir)?)?)
}

/// Makes the person named by `--as` the acting one for this command.
fn act_as(accord: &mut Accord, name: Option<&str>) -> Result<(), Failure> {
    let Some(name) = name else { return Ok(()) };
    let boot = accord.bootstrap()?;
    let person = boot.profiles.iter().find(|p| p.name == name).ok_or_else(|| {
        let known: Vec<&str> = boot.profiles.iter().map(|p| p.name.as_str()).collect();
        fail(format!("nobody called \u{201c}{name}\u{201d} here (people: {})", known.join(", ")))
    })?;
    if boot.acting.as_ref().is_none_or(|a| a.id != person.id) {
        accord.set_acting(person.id)?;
    }
    Ok(())
}

/// The roadmap asked for, or the only (first) one.
pub(crate) fn roadmap_id(accord: &Accord, asked: Option<RoadmapId>) -> Result<RoadmapId, Failure> {
    match asked {
        Some(id) => Ok(accord.roadmap(id)?.id),
        None => accord
            .bootstrap()?
            .roadmaps
            .first()
            .map(|r| r.id)
            .ok_or_else(|| fail("there is no roadmap yet; run `accord init` or `accord import`")),
    }
}

pub(crate) fn passphrase(from_stdin: bool) -> Result<String, Failure> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| fail(format!("reading stdin: {e}")))?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_string());
    }
    std::env::var("ACCORD_PASSPHRASE")
        .map_err(|_| fail("give your signing passphrase on stdin (--passphrase-stdin) or in ACCORD_PASSPHRASE"))
}

fn write_out(path: Option<PathBuf>, text: &str) -> Result<(), Failure> {
    match path {
        Some(p) => std::fs::write(&p, format!("{text}\n")).map_err(|e| fail(format!("{}: {e}", p.display()))),
        None => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}").map_err(|e| fail(format!("writing stdout: {e}")))
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let out = Output { json: cli.json };
    if let Command::Verify { file } = &cli.command {
        return verify::run(cli.data_dir.clone(), file, out.json);
    }
    // Restore and the list of backups work while the database cannot be opened.
    if let Command::Restore { file } = &cli.command {
        return backups::restore(&db_file(cli.data_dir.clone())?, file, out);
    }
    if let Command::Backups = &cli.command {
        return backups::list(&db_file(cli.data_dir.clone())?, out);
    }
    if let Command::Join { address, code, name, role, item, dimension, text } = &cli.command {
        let edit = match (item, dimension, text) {
            (Some(i), Some(d), Some(t)) => Some((i.clone(), (*d).into(), t.clone())),
            _ => None,
        };
        return host::join(*address, code, name, (*role).into(), edit);
    }
    if let Command::Host { roadmap, listen } = &cli.command {
        let accord = open(cli.data_dir.clone())?;
        let id = roadmap_id(&accord, *roadmap)?;
        return host::run(accord, id, *listen);
    }
    let mut accord = open(cli.data_dir)?;
    act_as(&mut accord, cli.acting_as.as_deref())?;
    let passphrase_stdin = cli.passphrase_stdin;
    match cli.command {
        Command::Host { .. } | Command::Join { .. } => unreachable!("handled above"),
        Command::Verify { .. } | Command::Restore { .. } | Command::Backups => unreachable!("handled above"),
        Command::Add(a) => writes::add(&mut accord, a, out)?,
        Command::Edit(e) => writes::edit(&mut accord, e, out)?,
        Command::Propose(p) => writes::propose(&mut accord, p, out)?,
        Command::Answer(a) => writes::answer(&mut accord, a, out)?,
        Command::Move(m) => writes::move_item(&mut accord, m, out)?,
        Command::Archive(a) => writes::archive(&mut accord, a, out)?,
        Command::Sign(s) => writes::sign(&mut accord, s, passphrase_stdin, out)?,
        Command::Baseline(b) => writes::baseline(&mut accord, b, passphrase_stdin, out)?,
        Command::Backup => backups::take(&accord, out)?,
        Command::AddPerson { name, role } => {
            let role = Role::from(role);
            let passphrase = passphrase(passphrase_stdin)?;
            let acting = accord.acting().ok();
            let p = accord.create_profile(NewProfile { name, role, passphrase })?;
            // Adding someone does not change who acts here.
            if let Some(a) = acting {
                accord.set_acting(a.id)?;
            }
            if out.json {
                println!("{}", serde_json::to_string_pretty(&p).expect("profiles serialise"));
            } else {
                println!("Added {} ({}).", p.name, p.role.label());
            }
        }
        Command::ExportPdf { roadmap, output } => {
            let id = roadmap_id(&accord, roadmap)?;
            let doc = accord.export_document(id, &accord_api::now())?;
            let pdf = accord_export::render(&doc).map_err(|e| fail(format!("the PDF could not be rendered: {e}")))?;
            std::fs::write(&output, &pdf).map_err(|e| fail(format!("{}: {e}", output.display())))?;
            let what = match doc.status {
                accord_api::domain::ExportStatus::SignedOff => "signed off".to_string(),
                accord_api::domain::ExportStatus::Draft => format!("DRAFT: {}", doc.draft_reason),
            };
            println!(
                "Wrote {} ({} items, {} KB), {what}\nContent hash {}",
                output.display(),
                doc.snapshot.items.len(),
                pdf.len().div_ceil(1024),
                doc.content_hash
            );
        }
        Command::Init { name, role, roadmap, team, em_name, pm_name, director, head_of_product } => {
            let boot = accord.bootstrap()?;
            if !boot.profiles.is_empty() {
                return Err(fail(format!(
                    "this data directory is already set up ({} people, {} roadmaps)",
                    boot.profiles.len(),
                    boot.roadmaps.len()
                )));
            }
            let role = Role::from(role);
            if !role.is_partner() {
                return Err(fail("a roadmap is set up by its EM or PM"));
            }
            let passphrase = passphrase(passphrase_stdin)?;
            // Checked before the profile is written, so a bad roadmap leaves nothing behind.
            let req = NewRoadmap {
                name: roadmap,
                team,
                em_name,
                pm_name,
                director_name: director,
                head_of_product_name: head_of_product,
            };
            accord_api::check_new_roadmap(&req)?;
            let me = accord.create_profile(NewProfile { name, role, passphrase })?;
            let r = accord.create_roadmap(me.id, req)?;
            let who = accord.identities()?.into_iter().find(|i| i.name == me.name).map(|i| i.fingerprint);
            println!("Set up \u{201c}{}\u{201d} for {} ({}).", r.name, me.name, role.label());
            if let Some(fp) = who {
                println!("Your signing key's fingerprint: {fp}");
            }
        }
        Command::List { roadmap, archived } => {
            let json = out.json;
            let id = roadmap_id(&accord, roadmap)?;
            let items = accord.items(id, archived)?;
            let states = accord.when_states(id)?;
            if json {
                let rows: Vec<_> = items
                    .iter()
                    .map(|i| {
                        let state = states.iter().find(|s| s.item_id == i.id).map(|s| s.state);
                        serde_json::json!({ "item": i, "when_state": state })
                    })
                    .collect();
                write_out(None, &serde_json::to_string_pretty(&rows).expect("items serialise"))?;
            } else {
                write_out(None, &table::items(&items, &states))?;
            }
        }
        Command::People => {
            let boot = accord.bootstrap()?;
            let ids = accord.identities()?;
            for p in boot.profiles {
                let fp = ids
                    .iter()
                    .find(|i| i.name == p.name && i.role == p.role)
                    .map_or("no signing key".to_string(), |i| i.fingerprint.clone());
                let acting = if boot.acting.as_ref().is_some_and(|a| a.id == p.id) { " (acting)" } else { "" };
                println!("{}\t{}\t{}{}", p.name, p.role.label(), fp, acting);
            }
        }
        Command::Export { roadmap, output, format } => {
            let id = roadmap_id(&accord, roadmap)?;
            let text = match format {
                ExportAs::Json => accord.export_roadmap(id)?,
                ExportAs::Csv => accord.export_csv(id)?,
            };
            write_out(output, &text)?;
        }
        Command::Import { file, from, mapping, preview }
            if from.is_some() || preview || mapping.is_some() || is_csv(&file) =>
        {
            let me = accord.acting()?;
            let req = accord_api::ImportRequest {
                path: file.display().to_string(),
                format: from.map(|f| match f {
                    ImportFrom::Jira => accord_api::ImportFormat::Jira,
                    ImportFrom::Linear => accord_api::ImportFormat::Linear,
                    ImportFrom::Csv => accord_api::ImportFormat::Csv,
                    ImportFrom::Json => accord_api::ImportFormat::Json,
                }),
                mapping_path: mapping.map(|m| m.display().to_string()),
            };
            let report = if preview {
                let p = accord.preview_import(me.id, &req)?;
                for c in &p.columns {
                    println!(
                        "column {}\t{}\t\u{2192} {}",
                        c.position + 1,
                        c.header,
                        c.maps_to.as_deref().unwrap_or("(not used)")
                    );
                }
                for s in &p.skipped {
                    println!("skipped row {}: {}", s.row, s.reason);
                }
                for c in &p.changes {
                    let how = if c.proposal { "proposed" } else { "written" };
                    println!("row {}\t{}\t{}\t{how}", c.row, c.title, c.field.label());
                }
                println!("Nothing was written (preview).");
                p.report
            } else {
                accord.import_file(me.id, &req)?
            };
            println!(
                "{} \u{201c}{}\u{201d}: {} items, {} dependencies, {} goals; {} entries written as {}'s, {} filed as proposals to the other partner; {} need a target.",
                if preview { "Would import" } else { "Imported" },
                report.roadmap.name, report.items, report.dependencies, report.goals, report.written, me.name, report.proposed, report.needs_target
            );
        }
        Command::Import { file, .. } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).map_err(|e| fail(format!("reading stdin: {e}")))?;
                s
            } else {
                read_limited(&file)?
            };
            let me = accord.acting()?;
            let report = accord.import_roadmap(me.id, &text)?;
            println!(
                "Imported \u{201c}{}\u{201d} (roadmap {}): {} items; {} matrix entries written as {}'s, {} filed as proposals to the other partner.",
                report.roadmap.name, report.roadmap.id, report.items, report.written, me.name, report.proposed
            );
        }
    }
    Ok(())
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportAs {
    Json,
    Csv,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportFrom {
    Jira,
    Linear,
    Csv,
    Json,
}

fn is_csv(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Reads a file, refusing one too large to be a roadmap before reading it.
fn read_limited(path: &PathBuf) -> Result<String, Failure> {
    let size = std::fs::metadata(path).map_err(|e| fail(format!("{}: {e}", path.display())))?.len();
    if size > accord_api::IMPORT_MAX_BYTES as u64 {
        return Err(fail(format!("{}: {} MB is too large for a roadmap file", path.display(), size / (1024 * 1024))));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("{}: {e}", path.display())))?;
    String::from_utf8(bytes).map_err(|_| fail(format!("{}: not UTF-8 text, so not a roadmap file", path.display())))
}
