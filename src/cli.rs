//! The `contigo-bot` command line (docs/ARCHITECTURE.md, front doors).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use tokio::io::AsyncBufReadExt;

use crate::app::App;
use crate::channels::terminal::TerminalAdapter;
use crate::clock::Clock;
use crate::config::Settings;
use crate::documents::table::{Document, FileFormat};
use crate::domain::calendar::BusinessCalendar;
use crate::domain::stage::Role;
use crate::message::Channel;
use crate::outbox::Limits;
use crate::startup::{Application, Http, Parts};
use crate::store::staff as staff_store;

#[derive(Debug, Parser)]
#[command(
    name = "contigo-bot",
    version,
    about = "Asistente de mensajería del Programa CONTIGO para aliados"
)]
pub struct Cli {
    /// Settings file (every key optional; CONTIGO__SECTION__KEY overrides). Default
    /// bot.toml when it exists; a file named here must exist.
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// HTTP server, Telegram (when TELEGRAM_BOT_TOKEN is set), WhatsApp (when
    /// WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID are set) and the workers.
    Serve,
    /// Talk to the bot in the terminal as a local user (also serves HTTP).
    Chat {
        /// Local user id (a separate conversation per id).
        #[arg(long, default_value = "local")]
        user: String,
        /// Answer in this language (es, en).
        #[arg(long)]
        lang: Option<String>,
        /// Do not start the HTTP server.
        #[arg(long)]
        no_http: bool,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Check the settings (unknown keys, impossible values) and print the effective
    /// ones as TOML (secrets only as set/unset); exit 0 only when they are right.
    CheckConfig,
    /// The staff registry: who reviews, authorises, creates accounts, answers allies.
    Staff {
        #[command(subcommand)]
        action: StaffCommand,
    },
    /// Load operator data from CSV files.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Monthly reports, as CSV or XLSX, to a file or standard output.
    Report {
        #[command(subcommand)]
        what: ReportCommand,
    },
    /// Fill a fresh database with synthetic data (padrón, one active access per type,
    /// staff) and bind the terminal user to the demo Gobierno Local access.
    DemoData {
        /// The terminal user to bind (as in `chat --user`).
        #[arg(long, default_value = "local")]
        user: String,
    },
    /// Cases from the Transparency and Citizen Oversight Committees (CTVC) and UAC's
    /// answer to each critical point; `report ctvc` writes the matrix.
    Ctvc {
        #[command(subcommand)]
        action: CtvcCommand,
    },
    /// The knowledge base of the program's procedures (answers and guides).
    Kb {
        #[command(subcommand)]
        action: KbCommand,
    },
    /// Alerts and data updates (FAD) sent by allies.
    Alerts {
        #[command(subcommand)]
        action: AlertsCommand,
    },
    /// WhatsApp Business settings kept on Meta's side.
    Whatsapp {
        #[command(subcommand)]
        action: WhatsappCommand,
    },
    /// A consistent copy of the running SQLite database to PATH (a new file), and
    /// PATH.files.sha256, the stored files it refers to (check a restored
    /// storage.dir with `sha256sum -c`). PostgreSQL: pg_dump (README, Backups).
    Backup { path: PathBuf },
    /// The record of reads of personal data (Ley 29733): who read a person's data, or
    /// what an access read in a month. Each run is itself recorded.
    Audit {
        #[command(subcommand)]
        what: AuditCommand,
    },
    /// One-page letters inviting the mayors of districts without an access (one page
    /// per district, a QR that opens the bot with the district chosen); every letter
    /// is recorded as an invitation for the funnel (`report invitations`).
    Invite {
        /// Every district of intervention without an access in this region (its
        /// 2-digit code or its name).
        #[arg(
            long,
            conflicts_with = "district",
            required_unless_present = "district"
        )]
        region: Option<String>,
        /// One district (6-digit ubigeo), with or without an access.
        #[arg(long, value_parser = parse_district)]
        district: Option<String>,
        /// pdf (the only format for now).
        #[arg(long, default_value = "pdf", value_parser = ["pdf"])]
        format: String,
        /// The file to write.
        #[arg(long)]
        output: PathBuf,
        /// Also e-mail each letter (as a PDF) to the institutional address its
        /// district's local government left on an earlier request, when one is known
        /// (needs `[email]`); each e-mail is recorded as an invitation too.
        #[arg(long)]
        email: bool,
    },
    /// Print the date N business days after a date (Lima calendar, holidays, extra days).
    Calendar {
        #[arg(long)]
        from: NaiveDate,
        #[arg(long)]
        add: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Register a staff member with one or more roles.
    Add {
        #[arg(long)]
        name: String,
        /// uac, uaj, de, uti, uot, oci, especialista, supervisor, dpo (repeat for several).
        #[arg(long = "role", required = true, value_parser = parse_role)]
        roles: Vec<Role>,
        /// Telegram user id (their private chat).
        #[arg(long)]
        telegram: Option<i64>,
        /// WhatsApp number with country code, digits only (e.g. 51987654321).
        #[arg(long)]
        whatsapp: Option<String>,
        /// A terminal user (`contigo-bot chat --user NAME`), to work or try the roles
        /// without Telegram or WhatsApp.
        #[arg(long)]
        terminal: Option<String>,
        #[arg(long, default_value = "es")]
        lang: String,
    },
    /// List the registered staff.
    List,
    /// Remove a staff member by id.
    Remove { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum WhatsappCommand {
    /// The forms (WhatsApp Flows) a WhatsApp user can fill in one screen.
    Flows {
        #[command(subcommand)]
        action: FlowsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum FlowsCommand {
    /// Create (or update a draft of) each form's flow in the WhatsApp Business Account
    /// `whatsapp.waba_id`, upload its Flow JSON, publish it, and print the ids for the
    /// `[whatsapp.flows]` section of bot.toml. Needs WHATSAPP_ACCESS_TOKEN.
    Publish,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// The JNE list of elected authorities: CSV with header ubigeo,cargo,dni,nombres.
    /// All rows are checked first; any bad row is reported and nothing is imported.
    Autoridades { file: PathBuf },
    /// The padrón export (CSV; columns in README). Every row is checked first: a bad
    /// row is reported with its line number and nothing is imported.
    Padron {
        file: PathBuf,
        /// The date the data is as of, quoted in every answer (default: today, Lima).
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// Districts of intervention beside the padrón's (coverage counts them even
    /// without beneficiaries yet): a CSV whose first column is the 6-digit ubigeo
    /// (a header line is skipped). Every line is checked first.
    Distritos { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum CtvcCommand {
    /// Register a case of a CTVC oficio and its critical points (in the oficio's order).
    Add {
        /// The case number (caso N°).
        #[arg(long, value_parser = parse_label)]
        caso: String,
        /// The oficio number (N° de oficio).
        #[arg(long, value_parser = parse_label)]
        oficio: String,
        /// The oficio's date, YYYY-MM-DD.
        #[arg(long, value_parser = parse_date)]
        fecha: NaiveDate,
        /// The district's ubigeo (6 digits, INEI catalog), e.g. 090101.
        #[arg(long, value_parser = parse_district)]
        ubigeo: String,
        /// A critical point (hecho); repeat for each.
        #[arg(long = "punto", required = true, value_parser = parse_label)]
        puntos: Vec<String>,
    },
    /// Answer (or correct the answer to) one point of a case.
    #[command(group(clap::ArgGroup::new("respuesta").required(true).args(["fundado", "infundado"])))]
    Answer {
        #[arg(long, value_parser = parse_label)]
        caso: String,
        /// The point's number, as `ctvc list` shows it (1, 2, …).
        #[arg(long)]
        punto: i64,
        #[arg(long)]
        fundado: bool,
        #[arg(long)]
        infundado: bool,
        /// Acciones desarrolladas.
        #[arg(long, value_parser = parse_label)]
        acciones: String,
        /// Acciones de mejora.
        #[arg(long, value_parser = parse_label)]
        mejora: String,
    },
    /// The registered cases and their points, newest oficio first.
    List,
}

/// A non-empty text, whitespace tidied.
fn parse_label(s: &str) -> Result<String, String> {
    let tidy = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if tidy.is_empty() {
        Err("must not be empty".to_owned())
    } else {
        Ok(tidy)
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("invalid date {s:?}: use YYYY-MM-DD, e.g. 2026-11-23"))
}

/// A district's ubigeo that the INEI catalog knows.
fn parse_district(s: &str) -> Result<String, String> {
    use crate::domain::ubigeo::{Catalog, Ubigeo};
    let code = Ubigeo::parse(s)
        .map_err(|_| format!("invalid ubigeo {s:?}: use the district's 6 digits, e.g. 090101"))?;
    Catalog::embedded()
        .district(&code)
        .map(|d| d.code.as_str().to_owned())
        .ok_or_else(|| format!("ubigeo {s:?} is not a district of the INEI catalog"))
}

/// The formats of the CTVC matrix and of the audit: a table, or a PDF to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CtvcFormat {
    Table(FileFormat),
    Pdf,
}

fn parse_ctvc_format(s: &str) -> Result<CtvcFormat, String> {
    if s.trim().eq_ignore_ascii_case("pdf") {
        return Ok(CtvcFormat::Pdf);
    }
    FileFormat::parse(s)
        .map(CtvcFormat::Table)
        .ok_or_else(|| format!("unknown format {s:?}: use xlsx, pdf or csv"))
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Every read of this person's data (lookups that found them, lists they were
    /// in, their request opened by staff, reads of this audit), oldest first.
    Dni {
        dni: String,
        /// First Lima day (YYYY-MM-DD); default: the beginning of the record.
        #[arg(long)]
        from: Option<NaiveDate>,
        /// Last Lima day, included; default: today.
        #[arg(long)]
        to: Option<NaiveDate>,
        /// csv, xlsx or pdf.
        #[arg(long, default_value = "csv", value_parser = parse_ctvc_format)]
        format: CtvcFormat,
        /// The one-page answer to the data subject (a PDF in Spanish, no other
        /// person's data) instead of the table; needs --output.
        #[arg(long)]
        letter: bool,
        /// The file to write; standard output when omitted (CSV only).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// What an access (its request code) read in a month.
    Access {
        code: String,
        /// YYYY-MM (Lima time).
        #[arg(long, value_parser = parse_month)]
        month: NaiveDate,
        /// csv, xlsx or pdf.
        #[arg(long, default_value = "csv", value_parser = parse_ctvc_format)]
        format: CtvcFormat,
        /// The file to write; standard output when omitted (CSV only).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Check a Fluent file of entries (with the built-in ones and those already in
    /// `[kb] dir`) and copy it into `[kb] dir`/<lang>/; nothing is copied when an
    /// entry is wrong. Running bots read it at their next start.
    Import {
        file: PathBuf,
        /// The language of its entries (es, en).
        #[arg(long, default_value = "es")]
        lang: String,
    },
    /// Load and check every entry (built-in and `[kb] dir`); list them.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Monthly usage per ally access (seed 003's two matrices): sessions,
    /// downloads, uses of each query, requests sent, last connection, average time,
    /// views, unique views, bounce and exit rates. Staff are not counted.
    Usage {
        /// YYYY-MM (Lima time).
        #[arg(long, value_parser = parse_month)]
        month: NaiveDate,
        #[command(flatten)]
        out: Output,
    },
    /// Allies' tickets opened in a month: counts by category, first-response time, ratings;
    /// then the questions answered without a person (deflection).
    Tickets {
        /// YYYY-MM (Lima time).
        #[arg(long, value_parser = parse_month)]
        month: NaiveDate,
        #[command(flatten)]
        out: Output,
    },
    /// Questions of a month the knowledge base did not answer (or answered, and a
    /// person was asked anyway), and the tickets specialists answered: what to turn
    /// into new entries.
    Kb {
        #[arg(long, value_parser = parse_month)]
        month: NaiveDate,
    },
    /// UAC's export of the access requests: type, place, stage, dates, terms kept,
    /// the responsible's DNI masked (no other personal data).
    Requests {
        #[command(flatten)]
        out: Output,
    },
    /// Coverage of the districts of intervention: by region (with a
    /// chart), province and district, whether each has an active access, one in
    /// process, one that ended or none; active accesses unused 30/60/90 days.
    Coverage {
        /// xlsx, pdf or csv.
        #[arg(long, default_value = "xlsx", value_parser = parse_ctvc_format)]
        format: CtvcFormat,
        /// The file to write; standard output when omitted.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// The invitations' funnel by region: districts invited, requests started, DDC
    /// signed, accesses active.
    Invitations {
        #[command(flatten)]
        out: Output,
    },
    /// The "Matriz de atención de casos CTVC" of an oficio: a row per critical point
    /// with its answer, and the district's evidence (accesses and their history, the
    /// responsible, tickets and first-response times, usage by month).
    Ctvc {
        #[arg(long, value_parser = parse_label)]
        oficio: String,
        /// xlsx, pdf or csv.
        #[arg(long, default_value = "xlsx", value_parser = parse_ctvc_format)]
        format: CtvcFormat,
        /// The file to write.
        #[arg(long)]
        output: PathBuf,
    },
}

/// Where and how a report is written.
#[derive(Debug, clap::Args)]
pub struct Output {
    /// csv or xlsx (XLSX: one sheet per table, a frozen header, dates as dates).
    #[arg(long, default_value = "csv", value_parser = parse_format)]
    format: FileFormat,
    /// The file to write; standard output when omitted.
    #[arg(long)]
    output: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<FileFormat, String> {
    FileFormat::parse(s).ok_or_else(|| format!("unknown format {s:?}: use csv or xlsx"))
}

impl Output {
    /// Writes the document; CSV on standard output has no byte-order mark.
    fn write(&self, doc: &Document) -> anyhow::Result<()> {
        let bytes = match (self.format, &self.output) {
            (FileFormat::Csv, None) => doc.to_csv(),
            (format, _) => doc.render(format)?,
        };
        match &self.output {
            Some(path) => std::fs::write(path, &bytes)
                .with_context(|| format!("writing {}", path.display()))?,
            None => {
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                out.write_all(&bytes)?;
                out.flush()?;
            }
        }
        Ok(())
    }
}

/// "2026-11" as the first day of that month.
pub fn parse_month(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .map_err(|_| format!("invalid month {s:?}: use YYYY-MM, e.g. 2026-11"))
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// List the open alerts and data updates, oldest first.
    List,
    /// Close one by its number (ALE-000012, FAD-000013).
    Close {
        number: String,
        /// Who closes it (recorded).
        #[arg(long, default_value = "operator")]
        by: String,
        #[arg(long)]
        note: Option<String>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!(
            "unknown role {s:?}: use uac, uaj, de, uti, uot, oci, especialista, supervisor or dpo"
        )
    })
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let path = cli
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_PATH));
    let loaded = Settings::load(cli.config.as_deref())
        .with_context(|| format!("settings from {}", path.display()))?;
    let settings = loaded.settings;
    crate::telemetry::init(settings.log.format == crate::config::LogFormat::Json);
    let channel_warnings = match cli.command {
        Command::CheckConfig | Command::Serve => settings.channel_warnings(),
        _ => vec![],
    };
    if let Command::CheckConfig = cli.command {
        for w in loaded.warnings.iter().chain(&channel_warnings) {
            eprintln!("warning: {w}");
        }
        print!("{}", settings.to_toml()?);
        return Ok(());
    }
    for w in loaded.warnings.iter().chain(&channel_warnings) {
        tracing::warn!("{w}");
    }
    match cli.command {
        Command::CheckConfig => Ok(()),
        Command::Calendar { from, add } => {
            let cal = BusinessCalendar::new(settings.calendar.extra_non_working.iter().copied());
            println!("{}", cal.add_business_days(from, add));
            Ok(())
        }
        Command::Migrate => {
            let app = App::build(settings, Clock::system()).await?;
            app.store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Serve => serve(settings).await,
        Command::Backup { path } => backup(settings, path).await,
        Command::Staff { action } => staff(settings, action).await,
        Command::Import { what } => import(settings, what).await,
        Command::Report { what } => report(settings, what).await,
        Command::Invite {
            region,
            district,
            format: _,
            output,
            email,
        } => invite(settings, region, district, output, email).await,
        Command::DemoData { user } => demo_data(settings, user).await,
        Command::Alerts { action } => alerts(settings, action).await,
        Command::Kb { action } => kb(settings, action),
        Command::Ctvc { action } => ctvc(settings, action).await,
        Command::Audit { what } => audit(settings, what).await,
        Command::Whatsapp {
            action:
                WhatsappCommand::Flows {
                    action: FlowsCommand::Publish,
                },
        } => publish_flows(settings).await,
        Command::Chat {
            user,
            lang,
            no_http,
        } => chat(settings, user, lang, no_http).await,
    }
}

/// `whatsapp flows publish`: every form's flow, published; its id printed as the
/// line to put in bot.toml.
async fn publish_flows(settings: Settings) -> anyhow::Result<()> {
    use crate::channels::whatsapp_flows::{FlowsClient, flow_json};
    let wa = &settings.whatsapp;
    let waba_id = wa.waba_id.trim();
    if waba_id.is_empty() {
        anyhow::bail!(
            "whatsapp.waba_id is not set: the flows are created in that WhatsApp Business Account \
             (WhatsApp Manager, Account tools, or the app's WhatsApp API Setup page)"
        );
    }
    let Some(token) = settings.secrets.whatsapp_access_token.as_deref() else {
        anyhow::bail!("WHATSAPP_ACCESS_TOKEN is not set in the environment");
    };
    let locales = crate::i18n::Locales::embedded()?;
    let lang = locales.pick(Some(&settings.bot.default_locale));
    let client = FlowsClient::new(&wa.graph_url, &wa.api_version, token, waba_id)?;
    println!("[whatsapp.flows]");
    for form in crate::message::FormKind::ALL {
        let json = flow_json(form, &locales, lang)?;
        let published = client
            .publish(form, &json)
            .await
            .with_context(|| format!("publishing the form {}", form.config_key()))?;
        let what = if published.changed {
            "published now"
        } else {
            "already published"
        };
        println!(
            "{} = \"{}\"  # {} ({what})",
            form.config_key(),
            published.flow_id,
            published.name
        );
    }
    Ok(())
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = App::build(settings, Clock::system()).await?;
    let running = Application::start(
        app,
        Parts {
            http: Http::Required,
            scheduler: true,
        },
    )
    .await?;
    stop_signal().await?;
    tracing::info!("shutting down");
    running.stop().await;
    Ok(())
}

async fn backup(settings: Settings, path: PathBuf) -> anyhow::Result<()> {
    use crate::store::files::FileStore;
    use crate::store::{Store, backup};
    let url = &settings.database.url;
    if !url.starts_with("sqlite:") {
        return Err(backup::BackupError::NotSqlite.into());
    }
    if let Some(file) = url
        .strip_prefix("sqlite://")
        .map(|rest| rest.split('?').next().unwrap_or(rest))
        && !std::path::Path::new(file).is_file()
    {
        anyhow::bail!("no database at {file} (database.url): nothing to back up");
    }
    // No migrations: the running bot owns the schema; this only reads.
    let store = Store::connect(url, 1).await?;
    let files = FileStore::new(settings.storage.dir.clone());
    let done = backup::sqlite(&store, &files, &path).await;
    store.close().await;
    let done = done?;
    println!(
        "database copied to {}\n{} stored files listed in {}",
        done.database.display(),
        done.files,
        done.manifest.display()
    );
    if !done.missing.is_empty() {
        eprintln!(
            "warning: {} of them are not under {}: {}",
            done.missing.len(),
            settings.storage.dir.display(),
            done.missing.join(", ")
        );
    }
    Ok(())
}

async fn chat(
    settings: Settings,
    user: String,
    lang: Option<String>,
    no_http: bool,
) -> anyhow::Result<()> {
    let app = App::build(settings, Clock::system()).await?;
    let running = Application::start(
        app.clone(),
        Parts {
            // The conversation still works without the port (e.g. a second terminal).
            http: if no_http { Http::Off } else { Http::IfFree },
            scheduler: true,
        },
    )
    .await?;
    let max_bytes =
        u64::try_from(app.settings.storage.max_upload_mb * 1024 * 1024).unwrap_or(u64::MAX);
    let downloads = app.settings.storage.dir.join("downloads");
    let chat_id = user;
    let adapter = TerminalAdapter::new(app.files.clone(), downloads, max_bytes);
    let sender = app.sender(
        Arc::new(
            TerminalAdapter::new(
                app.files.clone(),
                app.settings.storage.dir.join("downloads"),
                max_bytes,
            )
            .for_chat(&chat_id),
        ),
        Limits {
            per_second: 1000,
            per_chat_per_second: 1000,
            per_chat_burst: 1000,
        },
    );
    // Replies to lines typed before a restart (or left by a crash) go out first.
    app.process_pending(&adapter).await?;
    while sender.deliver_due().await? > 0 {}

    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let mut counter: u64 = 0;
    let stamp = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!(
            "{}",
            app.engine
                .locales
                .t(app.engine.locales.pick(lang.as_deref()), "terminal-hint")
        );
    }
    while let Some(line) = lines.next_line().await? {
        if line.trim().is_empty() {
            continue;
        }
        counter += 1;
        let event = TerminalAdapter::event_for_line(&line, lang.clone());
        let payload = serde_json::to_string(&event)?;
        app.ingest(
            Channel::Terminal,
            &format!("{stamp}-{counter}"),
            &chat_id,
            &payload,
        )
        .await?;
        app.process_pending(&adapter).await?;
        while sender.deliver_due().await? > 0 {}
    }
    running.stop().await;
    Ok(())
}

async fn staff(settings: Settings, action: StaffCommand) -> anyhow::Result<()> {
    let app = App::build(settings, Clock::system()).await?;
    let mut conn = app.store.pool.acquire().await?;
    match action {
        StaffCommand::Add {
            name,
            roles,
            telegram,
            whatsapp,
            terminal,
            lang,
        } => {
            let terminal = terminal.map(|t| t.trim().to_owned());
            if terminal.as_ref().is_some_and(String::is_empty) {
                anyhow::bail!("--terminal needs the user's name, as in `chat --user NAME`");
            }
            if telegram.is_none() && whatsapp.is_none() && terminal.is_none() {
                anyhow::bail!(
                    "give --telegram, --whatsapp or --terminal: a staff member must be reachable"
                );
            }
            let whatsapp =
                whatsapp.map(|w| w.chars().filter(char::is_ascii_digit).collect::<String>());
            if whatsapp.as_ref().is_some_and(|w| w.len() < 9) {
                anyhow::bail!(
                    "--whatsapp must be a full number with country code, e.g. 51987654321"
                );
            }
            let telegram = telegram.map(|t| t.to_string());
            let member = staff_store::add(
                &mut conn,
                &staff_store::NewStaff {
                    name: name.trim(),
                    roles: &roles,
                    telegram_user_id: telegram.as_deref(),
                    whatsapp_number: whatsapp.as_deref(),
                    terminal_user: terminal.as_deref(),
                    locale: &lang,
                },
                app.clock.unix(),
            )
            .await
            .context("adding staff (is that chat already registered?)")?;
            println!("added staff #{} {}", member.id, member.name);
        }
        StaffCommand::List => {
            for m in staff_store::list(&mut conn).await? {
                let roles: Vec<&str> = m.roles.iter().map(|r| r.as_str()).collect();
                println!(
                    "#{}\t{}\t{}\ttelegram={}\twhatsapp={}\tterminal={}",
                    m.id,
                    m.name,
                    roles.join(","),
                    m.telegram_user_id.as_deref().unwrap_or("-"),
                    m.whatsapp_number.as_deref().unwrap_or("-"),
                    m.terminal_user.as_deref().unwrap_or("-")
                );
            }
        }
        StaffCommand::Remove { id } => {
            if staff_store::remove(&mut conn, id).await? {
                println!("removed staff #{id}");
            } else {
                anyhow::bail!("no staff member #{id}");
            }
        }
    }
    drop(conn);
    app.store.close().await;
    Ok(())
}

async fn report(settings: Settings, what: ReportCommand) -> anyhow::Result<()> {
    let app = App::build(settings, Clock::system()).await?;
    let lang = app
        .engine
        .locales
        .pick(Some(&app.settings.bot.default_locale));
    let locales = &app.engine.locales;
    let mut conn = app.store.pool.acquire().await?;
    match what {
        ReportCommand::Usage { month, out } => {
            let today = crate::domain::lima_date(app.clock.now());
            let report = crate::services::reports::usage(&mut conn, month, today).await?;
            let doc = match out.format {
                FileFormat::Xlsx => {
                    crate::services::reports::usage_document(locales, lang, &report)
                }
                FileFormat::Csv => crate::services::reports::usage_csv(locales, lang, &report),
            };
            out.write(&doc)?;
        }
        ReportCommand::Tickets { month, out } => {
            let (from, until) = crate::domain::calendar::month_bounds(month);
            let rows = crate::store::tickets::opened_between(&mut conn, from, until).await?;
            let name = month.format("%Y-%m").to_string();
            let notes = match out.format {
                FileFormat::Csv => vec![],
                FileFormat::Xlsx => {
                    let title = locales.t_args(
                        lang,
                        "ticket-report-title",
                        &[("month", name.clone().into()), ("count", rows.len().into())],
                    );
                    crate::documents::table::sheet_notes(
                        locales,
                        lang,
                        &title,
                        crate::domain::lima_date(app.clock.now()),
                    )
                }
            };
            let questions = crate::store::kb::between(&mut conn, from, until).await?;
            let derivations =
                crate::store::tickets::derivations_between(&mut conn, from, until).await?;
            out.write(&crate::services::reports::tickets_document(
                locales,
                lang,
                &rows,
                &derivations,
                &questions,
                notes,
            ))?;
        }
        ReportCommand::Requests { out } => {
            use crate::services::requests_export::{requests_document, requests_export};
            let today = crate::domain::lima_date(app.clock.now());
            let lines = requests_export(
                &mut conn,
                crate::domain::policy::Who::Operator,
                &app.settings.terms,
                &app.engine.calendar,
                today,
            )
            .await?;
            let notes = match out.format {
                FileFormat::Csv => vec![],
                FileFormat::Xlsx => crate::documents::table::sheet_notes(
                    locales,
                    lang,
                    &locales.t(lang, "export-title"),
                    today,
                ),
            };
            out.write(&requests_document(locales, lang, notes, &lines))?;
        }
        ReportCommand::Kb { month } => {
            let (from, until) = crate::domain::calendar::month_bounds(month);
            let questions = crate::store::kb::between(&mut conn, from, until).await?;
            let answers =
                crate::services::reports::specialist_answers(&mut conn, from, until).await?;
            print!(
                "{}",
                crate::services::reports::kb_csv(locales, lang, &questions, &answers)
            );
        }
        ReportCommand::Coverage { format, output } => {
            use crate::services::coverage;
            let today = crate::domain::lima_date(app.clock.now());
            let mut read = app.store.read.acquire().await?;
            let c = coverage::coverage(&mut read, app.clock.unix()).await?;
            drop(read);
            let doc = coverage::coverage_document(locales, lang, &c, today);
            let bytes = match format {
                CtvcFormat::Pdf => doc.to_pdf(&locales.t(lang, "coverage-title"))?,
                CtvcFormat::Table(FileFormat::Csv) if output.is_none() => doc.to_csv(),
                CtvcFormat::Table(f) => doc.render(f)?,
            };
            write_or_print(output.as_ref(), &bytes)?;
            if output.is_some() {
                let n = &c.national;
                println!(
                    "{} district(s) of intervention, {} with an active access ({:.1} %)",
                    n.districts,
                    n.active,
                    n.percent()
                );
            }
        }
        ReportCommand::Invitations { out } => {
            use crate::services::coverage;
            let today = crate::domain::lima_date(app.clock.now());
            let funnel = coverage::funnel(&mut conn).await?;
            let notes = match out.format {
                FileFormat::Csv => vec![],
                FileFormat::Xlsx => vec![coverage::funnel_title(locales, lang, today)],
            };
            out.write(&coverage::funnel_document(locales, lang, &funnel, notes))?;
        }
        ReportCommand::Ctvc {
            oficio,
            format,
            output,
        } => {
            use crate::services::reports::ctvc;
            let today = crate::domain::lima_date(app.clock.now());
            let report = ctvc::ctvc_report(&mut conn, &oficio, today).await?;
            // Recorded as the console's download is (Ley 29733).
            let login = operator_login();
            let reader = crate::store::personal_data::StaffReader::Operator { login: &login };
            ctvc::record_reads(&mut conn, &report, reader, app.clock.unix()).await?;
            let doc = ctvc::ctvc_document(locales, lang, &report);
            let bytes = match format {
                CtvcFormat::Pdf => doc.to_pdf(&ctvc::ctvc_title(locales, lang, &oficio))?,
                CtvcFormat::Table(f) => doc.render(f)?,
            };
            std::fs::write(&output, &bytes)
                .with_context(|| format!("writing {}", output.display()))?;
            let points: usize = report.cases.iter().map(|c| c.case.points.len()).sum();
            println!(
                "wrote {}: {} case(s), {points} point(s)",
                output.display(),
                report.cases.len()
            );
        }
    }
    drop(conn);
    app.store.close().await;
    Ok(())
}

/// The operator's login, as the record names a read from the command line.
fn operator_login() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "operator".to_owned())
}

/// Writes `bytes` to `output`, or CSV to standard output.
fn write_out(output: Option<&PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            Ok(out.flush()?)
        }
    }
}

async fn audit(settings: Settings, what: AuditCommand) -> anyhow::Result<()> {
    use crate::services::audit::{self, Auditor};
    use crate::store::personal_data::StaffReader;
    let app = App::build(settings, Clock::system()).await?;
    let lang = app
        .engine
        .locales
        .pick(Some(&app.settings.bot.default_locale));
    let locales = &app.engine.locales;
    let login = operator_login();
    let auditor = Auditor {
        who: crate::domain::policy::Who::Operator,
        reader: StaffReader::Operator { login: &login },
    };
    let today = crate::domain::lima_date(app.clock.now());
    let now = app.clock.unix();
    let mut conn = app.store.pool.acquire().await?;
    // The audit as a table, its title and notes on top, in the format asked.
    let render = |lines: &[audit::AuditLine],
                  title: &str,
                  format: CtvcFormat,
                  output: Option<&PathBuf>|
     -> anyhow::Result<()> {
        let notes = crate::documents::table::sheet_notes(locales, lang, title, today);
        let doc = audit::document(locales, lang, notes, lines);
        let bytes = match (format, output) {
            (CtvcFormat::Table(FileFormat::Csv), None) => doc.to_csv(),
            (_, None) => anyhow::bail!("--output is needed for xlsx and pdf"),
            (CtvcFormat::Pdf, _) => doc.to_pdf(title)?,
            (CtvcFormat::Table(f), _) => doc.render(f)?,
        };
        write_out(output, &bytes)?;
        if output.is_some() {
            println!("{} read(s)", lines.len());
        }
        Ok(())
    };
    match what {
        AuditCommand::Dni {
            dni,
            from,
            to,
            format,
            letter,
            output,
        } => {
            let dni = crate::domain::values::Dni::parse(&dni).map_err(|e| {
                anyhow::anyhow!("DNI {}: {e}", crate::domain::values::mask_last4(&dni))
            })?;
            // The record began with the bot: an earlier day changes nothing.
            let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
            let from = from.unwrap_or(start);
            let to = to.unwrap_or(today);
            if letter && output.is_none() {
                anyhow::bail!("--letter needs --output FILE.pdf");
            }
            let what = if letter { "dni_letter" } else { "dni" };
            let lines = audit::by_dni(
                &mut conn, locales, lang, &auditor, &dni, from, to, what, now,
            )
            .await?;
            if letter {
                let shown_from = if from == start {
                    lines.first().map_or(today, |l| l.at.date())
                } else {
                    from
                };
                let pdf =
                    audit::subject_letter(locales, lang, &dni, shown_from, to, today, &lines)?;
                write_out(output.as_ref(), &pdf)?;
                println!("{} read(s)", lines.len());
            } else {
                let title =
                    locales.t_args(lang, "audit-dni-title", &[("dni", dni.as_str().into())]);
                render(&lines, &title, format, output.as_ref())?;
            }
        }
        AuditCommand::Access {
            code,
            month,
            format,
            output,
        } => {
            let (access, lines) =
                match audit::by_access(&mut conn, locales, lang, &auditor, &code, month, now).await
                {
                    Err(audit::AuditError::NoAccess(code)) => {
                        anyhow::bail!(locales.t_args(
                            lang,
                            "audit-no-access",
                            &[("code", code.into())]
                        ))
                    }
                    other => other?,
                };
            let title = locales.t_args(
                lang,
                "audit-access-title",
                &[
                    ("code", access.code.clone().into()),
                    ("month", month.format("%Y-%m").to_string().into()),
                ],
            );
            render(&lines, &title, format, output.as_ref())?;
        }
    }
    drop(conn);
    app.store.close().await;
    Ok(())
}

async fn ctvc(settings: Settings, action: CtvcCommand) -> anyhow::Result<()> {
    use crate::store::ctvc::{self, Answered, NewCase};
    let app = App::build(settings, Clock::system()).await?;
    let result = match action {
        CtvcCommand::Add {
            caso,
            oficio,
            fecha,
            ubigeo,
            puntos,
        } => {
            let mut tx = app.store.begin().await?;
            let new = NewCase {
                case_number: &caso,
                oficio: &oficio,
                received_on: fecha,
                ubigeo: &ubigeo,
                points: &puntos,
            };
            match ctvc::add(&mut tx, &new, app.clock.unix()).await? {
                Some(_) => {
                    tx.commit().await?;
                    println!(
                        "registered case {caso} (oficio {oficio}, ubigeo {ubigeo}) with {} point(s); answer each with `ctvc answer --caso {caso} --punto N`",
                        puntos.len()
                    );
                    Ok(())
                }
                None => Err(anyhow::anyhow!(
                    "case {caso} is already registered: see `ctvc list`"
                )),
            }
        }
        CtvcCommand::Answer {
            caso,
            punto,
            fundado,
            infundado: _,
            acciones,
            mejora,
        } => {
            let mut conn = app.store.pool.acquire().await?;
            match ctvc::answer(
                &mut conn,
                &caso,
                punto,
                fundado,
                &acciones,
                &mejora,
                app.clock.unix(),
            )
            .await?
            {
                Answered::Done => {
                    println!(
                        "case {caso}, point {punto}: {}",
                        if fundado { "fundado" } else { "infundado" }
                    );
                    Ok(())
                }
                Answered::NoCase => Err(anyhow::anyhow!(
                    "no case {caso}: register it with `ctvc add` (see `ctvc list`)"
                )),
                Answered::NoPoint(n) => Err(anyhow::anyhow!(
                    "case {caso} has no point {punto}: its points are 1 to {n}"
                )),
            }
        }
        CtvcCommand::List => {
            let mut conn = app.store.pool.acquire().await?;
            for c in ctvc::list(&mut conn).await? {
                println!(
                    "case {}\toficio {}\t{}\tubigeo {}",
                    c.case_number, c.oficio, c.received_on, c.ubigeo
                );
                for p in &c.points {
                    let answer = match p.founded {
                        Some(true) => "fundado",
                        Some(false) => "infundado",
                        None => "not answered",
                    };
                    println!("  {}. [{answer}] {}", p.position, p.fact);
                }
            }
            Ok(())
        }
    };
    app.store.close().await;
    result
}

fn kb(settings: Settings, action: KbCommand) -> anyhow::Result<()> {
    let dir = &settings.kb.dir;
    match action {
        KbCommand::Import { file, lang } => {
            let (target, entries) = crate::store::kb::import(dir, &lang, &file)?;
            println!(
                "{entries} entries checked and copied to {}; they are answered from the next start",
                target.display()
            );
        }
        KbCommand::Check => {
            let kb = crate::store::kb::load(dir)?;
            for lang in crate::store::kb::LANGS {
                println!("{lang}: {} entries", kb.len(lang));
                for id in kb.ids(lang) {
                    if let Some(e) = kb.entry(lang, id) {
                        println!("  {id}\t{}", e.title);
                    }
                }
            }
        }
    }
    Ok(())
}

async fn import(settings: Settings, what: ImportCommand) -> anyhow::Result<()> {
    match what {
        ImportCommand::Autoridades { file } => {
            let reader = std::fs::File::open(&file)
                .with_context(|| format!("opening {}", file.display()))?;
            let rows = match crate::domain::jne::parse_csv(reader) {
                Ok(rows) => rows,
                Err(errors) => {
                    for e in &errors {
                        eprintln!("{}:{}: {}", file.display(), e.line, e.reason);
                    }
                    anyhow::bail!("{} bad rows; nothing was imported", errors.len());
                }
            };
            let app = App::build(settings, Clock::system()).await?;
            let mut tx = app.store.begin().await?;
            crate::store::jne::replace_all(&mut tx, &rows, app.clock.unix()).await?;
            // The new list re-checks every pending and active access, in the same
            // transaction: a change is recorded only with the list that shows it.
            let found = crate::services::authority::recheck(
                &mut tx,
                &app.engine.calendar,
                app.settings.terms.new_authority_ddc,
                crate::domain::lima_date(app.clock.now()),
                app.clock.unix(),
            )
            .await?;
            app.notifier
                .send(&mut tx, crate::services::authority::events(&found))
                .await?;
            tx.commit().await?;
            app.store.close().await;
            println!("imported {} authorities", rows.len());
            for f in &found {
                println!(
                    "{}: the JNE list names another authority; a new DDC is due by {}",
                    f.request.code, f.change.due_on
                );
            }
            Ok(())
        }
        ImportCommand::Distritos { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("opening {}", file.display()))?;
            let mut codes = vec![];
            let mut bad = 0;
            for (i, line) in text.lines().enumerate() {
                let first = line.split([',', ';']).next().unwrap_or("").trim();
                let first = first.trim_matches('"').trim_start_matches('\u{feff}');
                if first.is_empty() || (i == 0 && !first.chars().all(|c| c.is_ascii_digit())) {
                    continue;
                }
                match parse_district(first) {
                    Ok(code) => codes.push(code),
                    Err(e) => {
                        eprintln!("{}:{}: {e}", file.display(), i + 1);
                        bad += 1;
                    }
                }
            }
            if bad > 0 {
                anyhow::bail!("{bad} bad lines; nothing was imported");
            }
            let app = App::build(settings, Clock::system()).await?;
            let mut tx = app.store.begin().await?;
            let added = crate::store::coverage::add_intervention_districts(
                &mut tx,
                &codes,
                app.clock.unix(),
            )
            .await?;
            tx.commit().await?;
            app.store.close().await;
            println!(
                "{} district(s) of intervention read, {added} new",
                codes.len()
            );
            Ok(())
        }
        ImportCommand::Padron { file, date } => {
            let app = App::build(settings, Clock::system()).await?;
            let date = date.unwrap_or_else(|| crate::domain::lima_date(app.clock.now()));
            let started = std::time::Instant::now();
            let result =
                crate::imports::padron_file(&app.store, &file, date, app.clock.unix()).await;
            app.store.close().await;
            match result {
                Ok(report) => {
                    println!(
                        "imported {} beneficiaries as of {} in {:.1} s (snapshot #{}{})",
                        report.rows,
                        report.data_date,
                        started.elapsed().as_secs_f64(),
                        report.snapshot_id,
                        report
                            .replaced
                            .map(|r| format!(", replaces #{r}"))
                            .unwrap_or_default()
                    );
                    Ok(())
                }
                Err(crate::store::padron::ImportError::Rows(errors)) => {
                    for e in &errors {
                        eprintln!("{}:{}: {}", file.display(), e.line, e.reason);
                    }
                    if errors.len() >= crate::store::padron::MAX_REPORTED_ERRORS {
                        eprintln!("(only the first {} errors are shown)", errors.len());
                    }
                    anyhow::bail!("bad rows in {}: nothing was imported", file.display())
                }
                Err(e) => Err(anyhow::Error::new(e).context("nothing was imported")),
            }
        }
    }
}

/// `invite`: the letters of a region's districts without an access, or of one
/// district, in one PDF; each letter recorded as an invitation by the operator.
async fn invite(
    settings: Settings,
    region: Option<String>,
    district: Option<String>,
    output: PathBuf,
    email: bool,
) -> anyhow::Result<()> {
    use crate::services::coverage::{InviteTarget, email_letters, invite};
    if email && settings.email.smtp_url.is_empty() {
        anyhow::bail!("--email needs [email] smtp_url in the settings");
    }
    let target = match (region, district) {
        (_, Some(d)) => InviteTarget::District(d),
        (Some(r), None) => {
            let catalog = crate::domain::ubigeo::Catalog::embedded();
            let code = if r.len() == 2 && catalog.region_name(&r).is_some() {
                r
            } else {
                catalog
                    .department_code(&r)
                    .with_context(|| format!("{r:?} is not a region: use its name or 2 digits"))?
            };
            InviteTarget::Region(code)
        }
        (None, None) => anyhow::bail!("say --region or --district"),
    };
    let app = App::build(settings, Clock::system()).await?;
    let locales = &app.engine.locales;
    let today = crate::domain::lima_date(app.clock.now());
    let mut tx = app.store.begin().await?;
    let letters = invite(
        &mut tx,
        locales,
        &app.settings.links,
        &target,
        &operator_login(),
        "letter",
        app.clock.unix(),
        today,
    )
    .await?;
    if letters.is_empty() {
        tx.rollback().await?;
        app.store.close().await;
        println!("no district to invite: every district of intervention there has an access");
        return Ok(());
    }
    let title = locales.t("es", "invite-title");
    let pdf = crate::documents::invitation::render_letters(&letters, &title)?;
    let emailed = if email {
        let events = email_letters(
            &mut tx,
            &app.files,
            &letters,
            &title,
            &operator_login(),
            app.clock.unix(),
        )
        .await?;
        let n = events.len();
        app.notifier.send(&mut tx, events).await?;
        n
    } else {
        0
    };
    std::fs::write(&output, &pdf).with_context(|| format!("writing {}", output.display()))?;
    tx.commit().await?;
    app.store.close().await;
    println!(
        "wrote {}: {} letter(s), recorded as invitations",
        output.display(),
        letters.len()
    );
    if email {
        println!("{emailed} letter(s) queued by e-mail to a known institutional address");
    }
    Ok(())
}

/// Writes `bytes` to `path`, or to standard output when there is none.
fn write_or_print(path: Option<&PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

async fn demo_data(settings: Settings, user: String) -> anyhow::Result<()> {
    let app = App::build(settings, Clock::system()).await?;
    let today = crate::domain::lima_date(app.clock.now());
    let summary = crate::demo::fill(&app.store, &user, today, app.clock.unix()).await?;
    app.store.close().await;
    println!(
        "demo padrón: {} synthetic beneficiaries (DNIs 90000000 and up), data as of {}",
        summary.padron.rows, summary.padron.data_date
    );
    for (label, row, phone) in [
        (
            "Gobierno Local (Huancavelica district)",
            &summary.local,
            "900000001",
        ),
        (
            "Gobierno Regional (Huancavelica)",
            &summary.regional,
            "900000002",
        ),
        (
            "Otro Aliado (national categories)",
            &summary.other,
            "900000003",
        ),
    ] {
        println!(
            "active access {} {label}: responsible phone {phone}",
            row.code
        );
    }
    println!(
        "terminal user {user:?} is bound to {}. Try it:\n  contigo-bot chat --user {user}\n  then type /padron, tap a number, or type a DNI such as 90000000",
        summary.local.code
    );
    println!(
        "on WhatsApp the numbers above bind by themselves (51900000002...); on Telegram share a contact with that number"
    );
    Ok(())
}

async fn alerts(settings: Settings, action: AlertsCommand) -> anyhow::Result<()> {
    use crate::store::ally_reports::{self, ReportBody};
    let app = App::build(settings, Clock::system()).await?;
    let mut conn = app.store.pool.acquire().await?;
    match action {
        AlertsCommand::List => {
            let login = operator_login();
            let reader = crate::store::personal_data::StaffReader::Operator { login: &login };
            for r in ally_reports::list_open(&mut conn).await? {
                // Each alert shows a beneficiary's DNI and what was said of them.
                let read = crate::store::personal_data::record_read(
                    &mut conn,
                    reader,
                    crate::store::personal_data::AccessAction::Report,
                    "alerts",
                    Some(r.request_id),
                    None,
                    1,
                    app.clock.unix(),
                )
                .await?;
                crate::store::personal_data::record_subjects(
                    &mut conn,
                    read,
                    [r.subject_dni.as_str()],
                )
                .await?;
                let access = crate::store::requests::get(&mut conn, r.request_id)
                    .await?
                    .map(|a| a.code)
                    .unwrap_or_default();
                let at = chrono::DateTime::from_timestamp(r.created_at, 0)
                    .map(|d| crate::domain::lima_date(d).to_string())
                    .unwrap_or_default();
                let what = match &r.body {
                    ReportBody::Alert { kind, description } => {
                        format!("{}: {description}", kind.as_str())
                    }
                    ReportBody::DataUpdate {
                        address,
                        reference,
                        phone,
                    } => format!("address: {address}; reference: {reference}; phone: {phone}"),
                };
                println!(
                    "{}\t{at}\t{access}\tdni {}\t{what}",
                    r.number(),
                    r.subject_dni
                );
            }
        }
        AlertsCommand::Close { number, by, note } => {
            let Some(crate::domain::ticket::CaseNumber::Ally(kind, seq)) =
                crate::domain::ticket::CaseNumber::find(&number)
            else {
                anyhow::bail!("{number:?} is not a report number (ALE-000012, FAD-000013)");
            };
            let report = ally_reports::by_number(&mut conn, kind, seq)
                .await?
                .with_context(|| format!("no report {number}"))?;
            if !ally_reports::close(&mut conn, report.id, &by, note.as_deref(), app.clock.unix())
                .await?
            {
                anyhow::bail!("no open report {number}");
            }
            println!("closed {number}");
        }
    }
    drop(conn);
    app.store.close().await;
    Ok(())
}

/// Ctrl-C in a terminal, SIGTERM from a service manager: both stop gracefully.
async fn stop_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("listening for SIGTERM")?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r.context("waiting for ctrl-c")?,
        _ = term.recv() => {}
    }
    Ok(())
}
