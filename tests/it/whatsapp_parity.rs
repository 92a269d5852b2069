//! WhatsApp parity with what later issues gave Telegram, end to end against the real
//! server and the fake Graph API: an ally's padrón queries (binding by the sender's
//! number, totals, a download, lookups, an alert) and a staff reviewer working the
//! review queue from WhatsApp. Every name, number and DNI is invented.

use contigo_bot::demo::Place;
use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::store::{requests, staff};

use crate::backends;
use crate::padron::{ACORIA, IN_ACORIA, IN_HUANCAVELICA, NOBODY, access, load_padron};
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::whatsapp::{FakeWhatsapp, WaUser, post};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, signed_pdf,
    submitted_request,
};

/// A WhatsApp user: each step posts a signed notification and waits for the answer.
struct WaChat<'a> {
    wa: &'a FakeWhatsapp,
    bot: &'a Running,
    user: WaUser,
}

impl WaChat<'_> {
    async fn sends(&self, notification: serde_json::Value) {
        assert_eq!(post(&self.bot.http, &notification).await, 200);
    }

    async fn says(&self, text: &str, expect: &str) -> String {
        self.sends(self.wa.text(&self.user, text)).await;
        self.wa
            .wait_for(&self.user.phone, expect)
            .await
            .text()
            .to_owned()
    }

    /// Taps a reply button or list row as WhatsApp shows it (title, or description
    /// when the title had to be shortened).
    async fn taps(&self, label: &str, expect: &str) -> String {
        self.sends(self.wa.tap(&self.user, label)).await;
        self.wa
            .wait_for(&self.user.phone, expect)
            .await
            .text()
            .to_owned()
    }
}

async fn whatsapp_ally_binds_by_number_and_queries_the_padron(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let mut s = settings(&db, None);
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    load_padron(&bot.app.store, &db).await;
    let acoria = access(&bot.app, Place::District(ACORIA), "987650021").await;
    let ally = WaChat {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51987650021", "Resp"),
    };
    let phone = ally.user.phone.clone();

    // The ally writes; the main menu offers the queries; the sender's number binds.
    ally.says("hola", "¿Qué desea hacer?").await;
    let bound = ally
        .taps("Consultar beneficiarios", "quedó vinculado")
        .await;
    assert!(
        bound.contains(&acoria.code) && bound.contains("Acoria"),
        "{bound}"
    );
    let menu = wa.wait_for(&phone, "Consultas del padrón").await;
    // Nine queries: more than three reply buttons hold, so a list message.
    assert_eq!(menu.interactive.as_deref(), Some("list"));
    assert!(
        menu.titles().iter().any(|t| t == "Reportar alerta"),
        "{:?}",
        menu.titles()
    );

    // Totals, with how fresh the data is.
    let vig = ally.taps("Vigentes", "Usuarios vigentes").await;
    assert!(vig.contains(": 3."), "{vig}");
    assert!(vig.contains("Datos al 14/11/2026"), "{vig}");

    // The list, as an Excel document: only the ally's district.
    ally.sends(wa.tap(&ally.user, "Descargar Excel")).await;
    let doc = wa.wait_for(&phone, "Lista de vigentes").await;
    assert_eq!(doc.kind, "document");
    let (name, _) = doc.document.clone().expect("a document");
    assert_eq!(name, "padron-vigentes-090103-2026-11-14.xlsx");
    let sheets = crate::support::xlsx::read_xlsx(&wa.document_bytes(&doc));
    assert_eq!(sheets[0].header[0], "dni");
    let rows = sheets[0].texts();
    let dnis: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(dnis, ["91000001", "91000002", "91000003"]);
    assert!(rows.iter().all(|r| r[5] == ACORIA && r[6] == "vigente"));
    wa.wait_for(&phone, "Consultas del padrón").await;

    // Lookups: in the district, found; in another district, the same answer as nobody.
    ally.taps("Buscar por DNI", "Escriba el DNI").await;
    let found = ally.says(IN_ACORIA, "Estado: vigente").await;
    assert!(found.contains("Rosa Demo"), "{found}");
    let elsewhere = ally.says(IN_HUANCAVELICA, "No encontré").await;
    assert!(!elsewhere.contains("Raúl"), "{elsewhere}");
    let nowhere = ally.says(NOBODY, "No encontré").await;
    assert_eq!(
        elsewhere.replace(IN_HUANCAVELICA, "X"),
        nowhere.replace(NOBODY, "X")
    );

    // An alert, acknowledged with a number.
    ally.taps("Menú de consultas", "Consultas del padrón").await;
    ally.taps("Reportar alerta", "Escriba el DNI").await;
    ally.says(IN_ACORIA, "¿Qué desea reportar?").await;
    ally.taps("Hospitalización", "Describa").await;
    let done = ally
        .says(
            "Internada en el hospital regional desde el 20/11/2026.",
            "Recibimos su alerta",
        )
        .await;
    assert!(done.contains("ALE-"), "{done}");

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let open = contigo_bot::store::ally_reports::list_open(&mut conn)
        .await
        .expect("reports");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].subject_dni, IN_ACORIA);
    assert_eq!(open[0].request_id, acoria.id);
    assert!(done.contains(&open[0].number()), "{done}");
    drop(conn);
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

async fn uac_reviewer_on_whatsapp_observes_a_request(backend: Backend) {
    let db = TestDb::new(backend).await;
    let wa = FakeWhatsapp::start().await;
    let tg = FakeTelegram::start().await;
    let mut s = settings(&db, Some(&tg.api_url()));
    wa.configure(&mut s);
    let bot = Running::start(s, monday_morning()).await;

    let reviewer = WaChat {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51900000231", "Ana"),
    };
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    staff::add(
        &mut conn,
        &staff::NewStaff {
            name: "Ana",
            roles: &[Role::Uac],
            telegram_user_id: None,
            whatsapp_number: Some(&reviewer.user.phone),
            terminal_user: None,
            locale: "es",
        },
        0,
    )
    .await
    .expect("add staff");
    drop(conn);
    // The reviewer has written today, so notices go as ordinary messages.
    reviewer.says("hola", "¿Qué desea revisar?").await;

    let applicant = TgUser::new(8231, "Luis");
    tg.send_text(&applicant, "/start");
    tg.wait_for(applicant.chat_id(), "¿Qué desea hacer?").await;
    let row = submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        &applicant.id.to_string(),
    )
    .await;
    tg.send_document(&applicant, "ddc.pdf", "application/pdf", signed_pdf());
    tg.wait_for(applicant.chat_id(), "Recibí la DDC firmada")
        .await;

    // The new-item notice reaches the reviewer on WhatsApp, with a button to open it.
    let phone = reviewer.user.phone.clone();
    let notice = wa
        .wait_for(
            &phone,
            &format!("Nueva solicitud en su bandeja: {}", row.code),
        )
        .await;
    assert_eq!(notice.kind, "interactive");
    let view = reviewer.taps("Abrir", "DNI de la autoridad").await;
    assert!(view.contains("DNI de la autoridad: 45678912"), "{view}");
    let ddc = wa.wait_for(&phone, "DDC firmada de").await;
    assert_eq!(ddc.kind, "document");
    let (name, _) = ddc.document.clone().expect("a document");
    assert!(name.ends_with(".pdf"), "{name}");
    let pdf = wa.document_bytes(&ddc);
    assert_eq!(pdf, signed_pdf(), "the applicant's signed DDC, unchanged");
    lopdf::Document::load_mem(&pdf).expect("a real PDF");
    wa.wait_for(&phone, "¿Qué decide?").await;

    // Observe with a listed reason; its label is longer than a row title.
    reviewer.taps("Observar", "¿Qué debe corregir").await;
    let reason = "Faltan o están mal los datos del responsable";
    let row_of_reason = wa
        .sent_to(&phone)
        .iter()
        .rev()
        .find_map(|m| {
            m.options
                .iter()
                .find(|o| o.description.as_deref() == Some(reason))
                .cloned()
        })
        .expect("the reason offered as a list row");
    assert!(
        row_of_reason.title.chars().count() <= 24,
        "{row_of_reason:?}"
    );
    reviewer.taps(reason, "ahora está observada").await;

    // The applicant on Telegram reads the reason and the date (Mon 23 Nov + 3 days).
    let told = tg.wait_for(applicant.chat_id(), "fue observada").await;
    assert!(told.text().contains(&row.code), "{}", told.text());
    assert!(told.text().contains(reason), "{}", told.text());
    assert!(told.text().contains("26/11/2026"), "{}", told.text());

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let observed = requests::get(&mut conn, row.id)
        .await
        .expect("get")
        .expect("row");
    assert_eq!(observed.stage, Stage::Observed);
    let history = requests::transitions(&mut conn, row.id)
        .await
        .expect("history");
    let last = history.last().expect("a transition");
    assert!(last.actor.contains("Ana"), "{}", last.actor);
    drop(conn);
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

backends!(
    whatsapp_ally_binds_by_number_and_queries_the_padron,
    uac_reviewer_on_whatsapp_observes_a_request,
);
