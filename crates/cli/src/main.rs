//! `accord`: the product without a window, over the same `accord-api` the
//! desktop app calls. Every rule holds here too: the core checks rights,
//! input and revisions, and a refused command writes nothing.
//!
//! Exit codes: 0 done (for `verify`: untouched and signed off); 1 refused or
//! bad input (the message says why); 2 a usage error; 3 the data cannot be
//! opened (e.g. written by a newer Accord); for `verify` also 4 untouched
//! but a draft (not signed off), 5 a check failed (altered, or the
//! signatures do not hold) and 6 intact and signed, but not fully confirmed
//! here (a signer unknown to this machine, or made by another version).

mod data_dir;
mod host;
mod table;
mod verify;

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
        /// Read the signing passphrase from the first line of stdin
        /// (otherwise from ACCORD_PASSPHRASE).
        #[arg(long)]
        passphrase_stdin: bool,
    },
    /// The roadmap's items in priority order.
    List {
        #[arg(long)]
        roadmap: Option<RoadmapId>,
        /// The archive instead of the live items.
        #[arg(long)]
        archived: bool,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
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
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DimensionArg {
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

/// A failure with the exit code it maps to.
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        let code = match e.code {
            ErrorCode::NewerDatabase | ErrorCode::Storage | ErrorCode::Internal => 3,
            _ => 1,
        };
        let message = match e.code {
            ErrorCode::NotSetUp => format!("{}; run `accord init` first", e.message),
            _ => e.message,
        };
        Failure { code, message }
    }
}

pub(crate) fn fail(message: impl Into<String>) -> Failure {
    Failure { code: 1, message: message.into() }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("accord: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

pub(crate) fn open(dir: Option<PathBuf>) -> Result<Accord, Failure> {
    let dir = data_dir::resolve(dir).ok_or_else(|| Failure {
        code: 3,
        message: "no data directory: pass --data-dir or set ACCORD_DATA_DIR".into(),
    })?;
    Ok(Accord::open(&dir.join("accord.db"))?)
}

/// The roadmap asked for, or the only (first) one.
fn roadmap_id(accord: &Accord, asked: Option<RoadmapId>) -> Result<RoadmapId, Failure> {
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

fn passphrase(from_stdin: bool) -> Result<String, Failure> {
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
    if let Command::Verify { file, json } = &cli.command {
        return verify::run(cli.data_dir.clone(), file, *json);
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
    match cli.command {
        Command::Host { .. } | Command::Join { .. } => unreachable!("handled above"),
        Command::Verify { .. } => unreachable!("handled above"),
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
        Command::Init { name, role, roadmap, team, em_name, pm_name, director, head_of_product, passphrase_stdin } => {
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
        Command::List { roadmap, archived, json } => {
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
