//! E-mail copies (issue 15): an ally registers a request on Telegram; its responsible
//! and its authority receive a copy with the DDC attached, through a local SMTP server
//! started by the test. The authority's address is refused for good: it is marked
//! failing, the applicant is told once, and the next copy (the observation) goes to
//! the responsible only. Without `[email]` nothing is written for e-mail.

use chrono::NaiveDate;
use contigo_bot::domain::stage::{Action, Role, Stage};
use contigo_bot::store::requests;
use sqlx::Row;

use crate::backends;
use crate::journey_telegram::{add_institutional_email, authority_and_responsible};
use crate::support::review::{activate, apply, staff, uploaded};
use crate::support::smtp::FakeSmtp;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

/// The addresses `journey_telegram::authority_and_responsible` and
/// `add_institutional_email` type.
const RESPONSIBLE: &str = "luis.perez@example.org";
const AUTHORITY: &str = "alcaldia@example.gob.pe";

/// The Gobierno Local request journey up to "fue registrada"; returns the code.
pub(crate) async fn register(a: &TgChat<'_>) -> String {
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "Paso 1").await;
    a.taps("Gobierno Local", "distrito").await;
    a.says("MARISCAL CACERES", "Hay 2 distritos").await;
    a.taps(
        "Mariscal Cáceres (Huancavelica, Huancavelica)",
        "nombres del alcalde",
    )
    .await;
    authority_and_responsible(a, true).await;
    a.says("Jefe de la oficina", "fecha").await;
    a.says("15/01/2026", "Revise sus datos").await;
    add_institutional_email(a).await;
    let done = a.taps("Enviar solicitud", "fue registrada").await;
    let start = done.find("CTG-").expect("a request code");
    done[start..start + 15].to_owned()
}

async fn copies_reach_the_responsible_and_authority_and_a_refusal_is_told_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let smtp = FakeSmtp::start().await;
    smtp.refuse(AUTHORITY);
    let mut s = settings(&db, Some(&tg.api_url()));
    smtp.send_from(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let ally = TgChat {
        tg: &tg,
        user: TgUser::new(7401, "Luis"),
    };
    let code = register(&ally).await;

    // The responsible gets the copy with the DDC to sign attached.
    let mail = smtp.wait_for(RESPONSIBLE, "DDC para firmar").await;
    assert!(mail.subject().contains(&code), "{}", mail.subject());
    assert_eq!(mail.from, "no-responder@example.org");
    // What receiving servers and spam filters look for, and a text part a phone
    // shows as it is.
    let header = |name: &str| {
        mail.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("no {name} header in:\n{}", mail.data))
            .to_owned()
    };
    let id = header("Message-ID");
    assert!(id.starts_with('<') && id.ends_with("@example.org>"), "{id}");
    assert!(
        chrono::DateTime::parse_from_rfc2822(&header("Date")).is_ok(),
        "{}",
        header("Date")
    );
    assert!(
        mail.data
            .contains("Content-Type: text/plain; charset=utf-8"),
        "{}",
        mail.data
    );
    let pdf = mail
        .attachment(&format!("DDC-{code}.pdf"))
        .expect("the DDC attached");
    let doc = lopdf::Document::load_mem(&pdf).expect("a real PDF");
    let text = doc.extract_text(&[1]).expect("text");
    assert!(text.contains(&code), "the attached DDC is this request's");

    // The authority's server refuses the address: the applicant hears it once.
    let told = tg
        .wait_for(ally.user.chat_id(), "No pudimos entregar la copia")
        .await;
    assert!(told.text().contains(AUTHORITY), "{}", told.text());
    assert_eq!(smtp.refused(), vec![AUTHORITY.to_string()]);
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let failed = sqlx::query(
        "SELECT status, last_error FROM outbox WHERE channel = 'email' AND chat_id = $1",
    )
    .bind(AUTHORITY)
    .fetch_one(&mut *conn)
    .await
    .expect("the refused copy is recorded");
    assert_eq!(
        failed.try_get::<String, _>("status").expect("status"),
        "failed"
    );
    // The error the WARN line and the outbox carry: the server echoed the address,
    // the log does not.
    let error: String = failed.try_get("last_error").expect("error");
    assert!(error.contains("550"), "{error}");
    assert!(
        !error.contains("alcaldia"),
        "the address is masked: {error}"
    );
    let address_row =
        sqlx::query("SELECT failing_since, failure FROM email_addresses WHERE address = $1")
            .bind(AUTHORITY)
            .fetch_one(&mut *conn)
            .await
            .expect("address row");
    let failing: Option<i64> = address_row.try_get("failing_since").expect("column");
    assert!(failing.is_some(), "the address is marked failing");
    let failure: Option<String> = address_row.try_get("failure").expect("column");
    assert!(
        failure
            .as_deref()
            .is_some_and(|f| f.contains("550") && !f.contains("alcaldia")),
        "{failure:?}"
    );

    // UAC observes the request: the copy goes to the responsible only.
    let row = requests::by_code(&mut conn, &code)
        .await
        .expect("query")
        .expect("stored");
    drop(conn);
    let app = &bot.app;
    let mut tx = app.store.begin().await.expect("tx");
    assert!(
        requests::move_stage(
            &mut tx,
            row.id,
            Stage::AwaitingDdc,
            Stage::UacReview,
            NaiveDate::from_ymd_opt(2026, 11, 24),
            "applicant",
            None,
            app.clock.unix(),
        )
        .await
        .expect("moved")
    );
    tx.commit().await.expect("commit");
    let observe = Action::Observe {
        reason: "falta el sello de la municipalidad".into(),
        code: None,
    };
    apply(app, row.id, Stage::UacReview, observe, staff(Role::Uac))
        .await
        .expect("observed");
    smtp.wait_for(RESPONSIBLE, "observada").await;
    tg.wait_for(ally.user.chat_id(), "fue observada").await;
    tg.wait_until_idle(ally.user.chat_id()).await;
    assert_eq!(
        smtp.refused().len(),
        1,
        "no second try to a failing address"
    );
    let notices = tg
        .messages_to(ally.user.chat_id())
        .iter()
        .filter(|m| m.text().contains("No pudimos entregar"))
        .count();
    assert_eq!(notices, 1, "the applicant is told once");
    assert!(
        smtp.mails()
            .iter()
            .all(|m| !m.to.contains(&AUTHORITY.to_string())),
        "nothing delivered to the refused address"
    );
    bot.stop().await;
}

async fn without_an_email_section_nothing_is_written_for_email(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    let ally = TgChat {
        tg: &tg,
        user: TgUser::new(7402, "Luis"),
    };
    register(&ally).await;
    tg.wait_for(ally.user.chat_id(), "Siguiente paso").await;
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'email'")
        .fetch_one(&bot.app.store.pool)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    assert_eq!(n, 0);
    bot.stop().await;
}

/// (address, subject) of every e-mail copy written to the outbox, in order.
async fn copies(app: &contigo_bot::app::App) -> Vec<(String, String)> {
    sqlx::query("SELECT chat_id, payload FROM outbox WHERE channel = 'email' ORDER BY id")
        .fetch_all(&app.store.pool)
        .await
        .expect("copies")
        .into_iter()
        .map(|r| {
            let payload: String = r.try_get("payload").expect("payload");
            let message: contigo_bot::message::Outbound =
                serde_json::from_str(&payload).expect("an Outbound");
            let subject = message
                .text()
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            (r.try_get("chat_id").expect("chat"), subject)
        })
        .collect()
}

/// Approved, superseded, rejected and about to expire each write a copy to the
/// responsible and the authority (here their personal address: no institutional one).
async fn every_milestone_has_its_copy(backend: Backend) {
    use crate::support::{local_request_data, submitted_request};
    let db = TestDb::new(backend).await;
    let smtp = FakeSmtp::start().await;
    let mut s = settings(&db, None);
    smtp.send_from(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let app = &bot.app;
    let old = submitted_request(
        app,
        &local_request_data("090101", "912345678"),
        "telegram",
        "8101",
    )
    .await;
    activate(app, old.id).await;
    let new = submitted_request(
        app,
        &local_request_data("090101", "923456789"),
        "telegram",
        "8102",
    )
    .await;
    activate(app, new.id).await;
    let third = submitted_request(
        app,
        &local_request_data("150101", "934567890"),
        "telegram",
        "8103",
    )
    .await;
    uploaded(app, third.id).await;
    let reject = Action::Reject {
        reason: "la entidad no es un gobierno local".into(),
    };
    apply(app, third.id, Stage::UacReview, reject, staff(Role::Uac))
        .await
        .expect("rejected");
    let renewal = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        requests::get(&mut conn, new.id)
            .await
            .expect("get")
            .expect("row")
    };
    let mut tx = app.store.begin().await.expect("tx");
    app.notifier
        .send(
            &mut tx,
            vec![contigo_bot::events::Event::RenewalReminder {
                request: renewal,
                renewal: None,
            }],
        )
        .await
        .expect("reminder");
    tx.commit().await.expect("commit");

    let both = |subject: String| {
        vec![
            ("luis@example.org".to_string(), subject.clone()),
            ("rosa@example.org".to_string(), subject),
        ]
    };
    let mut want = vec![];
    want.extend(both(format!("Acceso aprobado: solicitud {}", old.code)));
    want.extend(both(format!("Acceso aprobado: solicitud {}", new.code)));
    want.extend(both(format!("Acceso reemplazado: solicitud {}", old.code)));
    want.extend(both(format!("Solicitud {} rechazada", third.code)));
    let jurisdiction = jurisdiction_of(app, new.id).await;
    want.extend(both(format!(
        "El acceso de {jurisdiction} vence este año fiscal"
    )));
    assert_eq!(copies(app).await, want);
    bot.stop().await;
}

async fn jurisdiction_of(app: &contigo_bot::app::App, id: i64) -> String {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    requests::get(&mut conn, id)
        .await
        .expect("get")
        .expect("row")
        .jurisdiction_label()
}

backends!(
    copies_reach_the_responsible_and_authority_and_a_refusal_is_told_once,
    without_an_email_section_nothing_is_written_for_email,
    every_milestone_has_its_copy
);
