//! The padrón's files (issue 25): the payment authorisation with its renewal and
//! revocation, the disaffiliation and the bimester's payment imported as columns;
//! "no cobraron este bimestre" for an ally (chat, command, XLSX); a beneficiary's
//! history across imports; an old-format file still importing; a padrón past its 7
//! business days flagged (answers, UOT's and supervisors' notes, /metrics, alert rule).
//! All names are invented.

use calamine::Data;
use contigo_bot::app::App;
use contigo_bot::demo::Place;
use contigo_bot::domain::padron::{HistoryKind, Scope};
use contigo_bot::domain::stage::Role;
use contigo_bot::domain::{Dni, Ubigeo};
use contigo_bot::message::Outbound;
use contigo_bot::store::padron;
use contigo_bot::store::personal_data;
use sqlx::Row;

use crate::backends;
use crate::padron::{ACORIA, HEADER, ROWS, access, says, taps, whatsapp};
use crate::support::engine::text_of;
use crate::support::reads::{document_sent, outbox_texts, scrape};
use crate::support::xlsx::read_xlsx;
use crate::support::{Backend, Running, TestDb, add_staff, monday_morning, settings};

const FULL_HEADER: &str = "dni,nombres,apellidos,fecha_nacimiento,ubigeo,estado,\
estado_autorizacion_cobro,cobrador,solicitud_fecha,solicitud_estado,solicitud_motivo,categoria,\
autorizacion_fecha,autorizacion_motivo,desafiliacion_fecha,desafiliacion_motivo,pago_estado,pago_fecha";

/// The padrón of September: the earlier bimester's payments, the authorisations
/// as they were.
const SEPTEMBER: &[&str] = &[
    "09100001,Ana Demo,Ficticia Uno,1950-01-01,090103,vigente,autorizado,Tutor Ficticio,,,,continuador,2025-04-10,,,,cobrado,2026-09-10",
    "09100002,Luis Demo,Ficticio Dos,1952-01-01,090103,vigente,autorizado,,,,,continuador,2025-05-01,,,,cobrado,2026-09-11",
];

/// The padrón of November: the authorisation of 09100001 revoked, two in Acoria
/// who did not collect, one disaffiliated, and one elsewhere who did not collect.
const NOVEMBER: &[&str] = &[
    "09100001,Ana Demo,Ficticia Uno,1950-01-01,090103,vigente,revocado,,,,,continuador,2026-11-02,Cobrador no vive con la persona,,,no_cobrado,2026-11-10",
    "09100002,Luis Demo,Ficticio Dos,1952-01-01,090103,vigente,autorizado,,,,,continuador,2025-05-01,,,,cobrado,2026-11-09",
    "91000003,Rosa Demo,Ficticia Tres,1955-01-01,090103,vigente,renovado,Hija Ficticia,,,,continuador,2026-10-01,Renovación anual,,,no_cobrado,2026-11-10",
    "09100004,Juan Demo,Ficticio Cuatro,1940-01-01,090103,desafiliado,no_autorizado,,,,,desafiliado,,,2026-08-20,Recibe otra pensión,,",
    "92000001,Raúl Demo,Otro Distrito,1945-01-01,090101,vigente,autorizado,,,,,continuador,,,,,no_cobrado,2026-11-10",
];

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

async fn import(app: &App, db: &TestDb, name: &str, header: &str, rows: &[&str], on: &str) {
    let path = db.dir.path().join(name);
    let mut text = format!("{header}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).expect("write csv");
    let report = contigo_bot::imports::padron_file(&app.store, &path, date(on), app.clock.unix())
        .await
        .expect("import");
    assert_eq!(report.rows, rows.len() as u64);
}

async fn history_rows(app: &App) -> i64 {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    sqlx::query("SELECT COUNT(*) AS n FROM padron_history")
        .fetch_one(&mut *conn)
        .await
        .expect("count")
        .try_get("n")
        .expect("n")
}

async fn not_collected_list_and_card_history(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    import(&app, &db, "sep.csv", FULL_HEADER, SEPTEMBER, "2026-09-19").await;
    import(&app, &db, "nov.csv", FULL_HEADER, NOVEMBER, "2026-11-20").await;
    let events = history_rows(&app).await;
    // The same file again adds nothing: an event seen again is the same event.
    import(&app, &db, "nov.csv", FULL_HEADER, NOVEMBER, "2026-11-20").await;
    assert_eq!(history_rows(&app).await, events);
    // Sep: 2 authorisations + 2 payments; Nov: 2 authorisations (revoked, renewed),
    // 4 payments, 1 disaffiliation (the rest seen in September already).
    assert_eq!(events, 4 + 2 + 4 + 1);

    let acoria = access(&app, Place::District(ACORIA), "987650011").await;
    let chat = whatsapp("51987650011");
    let bound = says(&app, &chat, "/padron").await;
    assert!(bound.contains("quedó vinculado"), "{bound}");

    // The authorisations' totals carry the bimester's payments and lead to the list.
    let out = taps(&app, &chat, "al:q:cobro").await;
    let pay = text_of(&out);
    assert!(pay.contains("revocado: 1"), "{pay}");
    assert!(pay.contains("renovado: 1"), "{pay}");
    assert!(pay.contains("Pago del bimestre en Acoria ("), "{pay}");
    assert!(pay.contains("• no cobrado: 2"), "{pay}");
    assert!(pay.contains("• cobrado: 1"), "{pay}");
    let button = out
        .iter()
        .filter_map(|o| match o {
            Outbound::Text { choices, .. } => Some(choices),
            _ => None,
        })
        .flatten()
        .find(|c| c.label == "Ver quiénes no cobraron")
        .unwrap_or_else(|| panic!("no button to the list: {out:?}"));
    let listed = text_of(&taps(&app, &chat, &button.id).await);
    assert!(
        listed.contains("no cobraron su pensión este bimestre en Acoria ("),
        "{listed}"
    );
    assert!(listed.contains("Datos al 20/11/2026."), "{listed}");
    // The command, and the words, answer the same.
    let typed = says(&app, &chat, "/nocobraron").await;
    assert!(
        typed.contains("este bimestre en Acoria (Huancavelica, Huancavelica): 2."),
        "{typed}"
    );
    let words = says(&app, &chat, "¿Quiénes no cobraron?").await;
    assert!(
        words.contains("este bimestre en Acoria (Huancavelica, Huancavelica): 2."),
        "{words}"
    );

    // The list as Excel, opened as a spreadsheet program would: DNIs as text with
    // their leading zeros, only Acoria's, with the payment's state and date.
    let out = taps(&app, &chat, "al:dl:nocobraron").await;
    let (file_name, bytes) = document_sent(&app, &out).await;
    assert_eq!(file_name, "padron-nocobraron-090103-2026-11-20.xlsx");
    let sheets = read_xlsx(&bytes);
    let list = &sheets[0];
    let dni = list.col("dni");
    let dnis: Vec<&Data> = list.rows.iter().map(|r| &r[dni]).collect();
    assert_eq!(
        dnis,
        [
            &Data::String("09100001".into()),
            &Data::String("91000003".into())
        ]
    );
    assert!(
        (0..list.rows.len()).all(|i| list.text(i, "pago_estado") == "no_cobrado"),
        "{:?}",
        list.rows
    );
    assert_eq!(list.text(0, "pago_fecha"), "2026-11-10");
    assert_eq!(
        list.text(0, "autorizacion_motivo"),
        "Cobrador no vive con la persona"
    );

    // The card: the authorisation and the payments across both padrones, oldest first.
    let card = says(&app, &chat, "09100001").await;
    let lines = [
        "10/04/2025 · autorización de cobro: autorizado",
        "10/09/2026 · pago del bimestre: cobrado",
        "02/11/2026 · autorización de cobro: revocado (motivo: Cobrador no vive con la persona)",
        "10/11/2026 · pago del bimestre: no cobrado",
    ];
    let mut at = card.find("Historial:").unwrap_or_else(|| panic!("{card}"));
    for line in lines {
        let found = card[at..]
            .find(line)
            .unwrap_or_else(|| panic!("{line:?} after the previous line in {card}"));
        at += found;
    }
    let gone = says(&app, &chat, "09100004").await;
    assert!(
        gone.contains("20/08/2026 · desafiliación (motivo: Recibe otra pensión)"),
        "{gone}"
    );

    // Every read is in the access record, with the rows it showed.
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let log = personal_data::for_request(&mut conn, acoria.id)
        .await
        .expect("log");
    let actions: Vec<(String, String, i64)> = log
        .iter()
        .map(|a| (a.action.clone(), a.what.clone(), a.rows))
        .collect();
    for expected in [
        ("query", "nocobraron", 2),
        ("download", "nocobraron", 2),
        ("lookup", "dni", 1),
    ] {
        let e = (expected.0.into(), expected.1.into(), expected.2);
        assert!(actions.contains(&e), "{expected:?} in {actions:?}");
    }
    // The history is read inside the scope only: another district sees nothing.
    let ana = Dni::parse("09100001").expect("dni");
    let elsewhere = Scope::District(Ubigeo::parse("090101").expect("ubigeo"));
    assert!(
        padron::history(&mut conn, &elsewhere, &ana)
            .await
            .expect("history")
            .is_empty()
    );
    let mine = Scope::District(Ubigeo::parse(ACORIA).expect("ubigeo"));
    let history = padron::history(&mut conn, &mine, &ana)
        .await
        .expect("history");
    assert_eq!(
        history.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [
            HistoryKind::Authorisation,
            HistoryKind::Payment,
            HistoryKind::Authorisation,
            HistoryKind::Payment
        ]
    );
    drop(conn);
    app.store.close().await;
}

async fn an_old_format_padron_still_imports(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    // The columns before issue 25, without the directive's files.
    import(&app, &db, "old.csv", HEADER, ROWS, "2026-11-20").await;
    assert_eq!(history_rows(&app).await, 0);
    access(&app, Place::District(ACORIA), "987650012").await;
    let chat = whatsapp("51987650012");
    says(&app, &chat, "/padron").await;
    let pay = says(&app, &chat, "cobro").await;
    assert!(pay.contains("autorizado: 2"), "{pay}");
    assert!(pay.contains("no trae el pago del bimestre"), "{pay}");
    let none = says(&app, &chat, "/nocobraron").await;
    assert!(none.contains("no trae el pago del bimestre"), "{none}");
    let card = says(&app, &chat, crate::padron::IN_ACORIA).await;
    assert!(card.contains("Rosa Demo"), "{card}");
    assert!(card.contains("Sin historial"), "{card}");

    // A payment state without its date is refused, with the line and the column.
    let path = db.dir.path().join("bad.csv");
    std::fs::write(
        &path,
        format!(
            "{FULL_HEADER}\n09100009,Ana,Demo,1950-01-01,090103,vigente,autorizado,,,,,continuador,,,,,no_cobrado,\n"
        ),
    )
    .expect("write");
    let err = contigo_bot::imports::padron_file(&app.store, &path, date("2026-11-21"), 0)
        .await
        .expect_err("refused");
    let contigo_bot::store::padron::ImportError::Rows(rows) = err else {
        panic!("{err:?}");
    };
    assert_eq!(rows[0].line, 2);
    assert!(rows[0].reason.contains("pago_fecha"), "{:?}", rows[0]);
    app.store.close().await;
}

async fn a_stale_padron_is_flagged(backend: Backend) {
    let db = TestDb::new(backend).await;
    // Monday 23 Nov 2026: a padrón as of Sunday 1 Nov is 16 business days old.
    let bot = Running::start(settings(&db, None), monday_morning()).await;
    let app = &bot.app;
    import(app, &db, "nov.csv", FULL_HEADER, NOVEMBER, "2026-11-01").await;
    add_staff(app, "Sara", &[Role::Supervisor], 9201).await;
    add_staff(app, "Uriel", &[Role::Uac], 9202).await;
    add_staff(app, "Olga", &[Role::Uot], 9203).await;

    let m = scrape(&bot).await;
    assert_eq!(m.get("contigo_padron_age_workdays"), Some(&16.0), "{m:?}");
    assert_eq!(m.get("contigo_padron_stale"), Some(&1.0), "{m:?}");

    // The morning: one note each to UOT and the supervisor, once a day; UAC is
    // not told.
    let report = app.scheduler().tick().await.expect("tick");
    assert_eq!(report.padron_stale_notices, 2);
    for chat in ["9201", "9203"] {
        let said = outbox_texts(app, "telegram", chat).await;
        assert!(
            said.iter()
                .any(|t| t.contains("datos al 01/11/2026: 16 días hábiles")),
            "{chat}: {said:?}"
        );
    }
    assert!(
        outbox_texts(app, "telegram", "9202")
            .await
            .iter()
            .all(|t| !t.contains("padrón cargado")),
    );
    let again = app.scheduler().tick().await.expect("tick");
    assert_eq!(again.padron_stale_notices, 0);

    // The ally's answers say how old the data is.
    access(app, Place::District(ACORIA), "987650013").await;
    let chat = whatsapp("51987650013");
    says(app, &chat, "/padron").await;
    let vig = says(app, &chat, "vigentes").await;
    assert!(
        vig.contains("Datos al 01/11/2026: tienen 16 días hábiles"),
        "{vig}"
    );

    let out = taps(app, &chat, "al:dl:nocobraron").await;
    assert!(text_of(&out).contains("tienen 16 días hábiles"), "{out:?}");

    // A new padrón: fresh again everywhere.
    import(app, &db, "nov2.csv", FULL_HEADER, NOVEMBER, "2026-11-20").await;
    let m = scrape(&bot).await;
    assert_eq!(m.get("contigo_padron_age_workdays"), Some(&1.0), "{m:?}");
    assert_eq!(m.get("contigo_padron_stale"), Some(&0.0), "{m:?}");
    let vig = says(app, &chat, "vigentes").await;
    assert!(vig.contains("Datos al 20/11/2026."), "{vig}");
    assert!(!vig.contains("días hábiles"), "{vig}");
    bot.stop().await;
}

/// The alert rule fires on a padrón past 7 business days and not before
/// (`promtool test rules`).
#[test]
fn padron_stale_alert_fires_in_promtool() {
    let dir = tempfile::tempdir().expect("dir");
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/alerts.yml");
    let test = format!(
        r#"rule_files: ["{rules}"]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'contigo_padron_age_workdays{{instance="a"}}'
        values: '7x60 8x180'
    alert_rule_test:
      - eval_time: 55m
        alertname: ContigoPadronStale
        exp_alerts: []
      - eval_time: 3h
        alertname: ContigoPadronStale
        exp_alerts:
          - exp_labels: {{severity: warning}}
            exp_annotations:
              summary: "the padrón is 8 business days old (the term is 7): UOT must import a new one"
"#
    );
    let path = dir.path().join("padron-test.yml");
    std::fs::write(&path, test).expect("write");
    let out = std::process::Command::new("promtool")
        .args(["test", "rules"])
        .arg(&path)
        .output()
        .expect("promtool (Debian package prometheus)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

backends!(
    not_collected_list_and_card_history,
    an_old_format_padron_still_imports,
    a_stale_padron_is_flagged
);
