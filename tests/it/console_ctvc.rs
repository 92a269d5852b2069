//! CTVC cases in the console: UAC registers a committee's case with its
//! critical points, answers one, and downloads the oficio's matrix; bad input comes
//! back with what was typed; a supervisor reads without acting; UAJ is refused.

use contigo_bot::domain::stage::Role;
use contigo_bot::store::{ctvc, personal_data};
use reqwest::StatusCode;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link, setup, staff_member, uploaded};
use crate::support::browser::hidden;
use crate::support::telegram::TgUser;
use crate::support::xlsx::read_xlsx;
use crate::support::{Backend, add_staff};

const OFICIO: &str = "045-2026-CTVC-HVCA";

async fn uac_registers_answers_and_downloads_a_ctvc_case(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let ana = TgUser::new(9601, "Ana");
    let beto = TgUser::new(9602, "Beto");
    let sara = TgUser::new(9603, "Sara");
    staff_member(&bot, &tg, &ana, Role::Uac).await;
    staff_member(&bot, &tg, &beto, Role::Uaj).await;
    add_staff(&bot.app, "Sara", &[Role::Supervisor], sara.id).await;
    tg.send_text(&sara, "/start");
    tg.wait_for(sara.chat_id(), "Sara").await;
    // The district has a request: its evidence goes in the matrix.
    let request = uploaded(&bot, &tg, &TgUser::new(8601, "Luis"), "090101").await;

    let mut a = logged_in(&bot, &login_link(&tg, &ana).await).await;
    let page = a.get("/console/ctvc").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Aún no hay casos"), "{}", page.body);
    let csrf = hidden(&page.body, "csrf");
    let facts = "La OMAPED no recibió capacitación.\nNo logran comunicarse con el programa.";

    // A district the INEI does not list: refused, and what was typed comes back.
    let bad = a
        .post(
            "/console/ctvc",
            &[
                ("csrf", &csrf),
                ("caso", "1"),
                ("oficio", OFICIO),
                ("fecha", "2026-11-20"),
                ("ubigeo", "999999"),
                ("puntos", facts),
            ],
        )
        .await;
    // Post/Redirect/Get: back to the form, filled in, with what to fix.
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    let bad = a.follow(&bad).await;
    assert!(bad.body.contains("distrito del INEI"), "{}", bad.body);
    assert!(bad.body.contains("La OMAPED no recibió capacitación."));
    assert!(
        bad.body.contains(&format!("value=\"{OFICIO}\"")),
        "{}",
        bad.body
    );

    let form = [
        ("csrf", csrf.as_str()),
        ("caso", "1"),
        ("oficio", OFICIO),
        ("fecha", "2026-11-20"),
        ("ubigeo", "090101"),
        ("puntos", facts),
    ];
    let done = a.post("/console/ctvc", &form).await;
    let done = a.follow(&done).await;
    assert!(
        done.body
            .contains("Registró el caso 1 con 2 puntos críticos"),
        "{}",
        done.body
    );
    let again = a.post("/console/ctvc", &form).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let again = a.follow(&again).await;
    assert!(again.body.contains("ya está registrado"), "{}", again.body);
    let case = {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        ctvc::find(&mut conn, "1")
            .await
            .expect("read")
            .expect("case")
    };
    assert_eq!(case.points.len(), 2);

    // Answering without saying fundado or infundado saves nothing.
    let point = format!("/console/ctvc/{}/points/1", case.id);
    let half = a
        .post(&point, &[("csrf", &csrf), ("actions", "Se capacitó.")])
        .await;
    assert_eq!(half.status, StatusCode::SEE_OTHER);
    let half = a.follow(&half).await;
    assert!(
        half.body.contains("elija fundado o infundado"),
        "{}",
        half.body
    );
    assert!(
        half.body.contains(">Se capacitó.</textarea>"),
        "what was typed comes back in its box: {}",
        half.body
    );
    let answered = a
        .post(
            &point,
            &[
                ("csrf", &csrf),
                ("answer", "fundado"),
                ("actions", "Capacitación virtual el 25/11/2026."),
                ("improvements", "Calendario trimestral de capacitaciones."),
            ],
        )
        .await;
    let answered = a.follow(&answered).await;
    assert!(answered.body.contains("Guardó la respuesta del punto 1"));
    assert!(
        answered.body.contains("1 de 2 puntos respondidos"),
        "{}",
        answered.body
    );

    // The matrix: the points and the answer, read back from the workbook.
    let xlsx = a
        .get(&format!("/console/ctvc/matrix?oficio={OFICIO}&format=xlsx"))
        .await;
    assert_eq!(xlsx.status, StatusCode::OK, "{}", xlsx.body);
    let sheets = read_xlsx(&xlsx.bytes);
    let rows = sheets[0].texts();
    let first = rows
        .iter()
        .find(|r| r.iter().any(|c| c.contains("no recibió capacitación")))
        .expect("point 1 in the matrix");
    assert!(first.iter().any(|c| c == "Fundado"), "{first:?}");
    let pdf = a
        .get(&format!("/console/ctvc/matrix?oficio={OFICIO}&format=pdf"))
        .await;
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let odd = a
        .get(&format!("/console/ctvc/matrix?oficio={OFICIO}&format=doc"))
        .await;
    assert_eq!(odd.status, StatusCode::SEE_OTHER);
    let odd = a.follow(&odd).await;
    assert!(odd.body.contains("XLSX, PDF o CSV"), "{}", odd.body);
    let reads = {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        personal_data::for_request(&mut conn, request)
            .await
            .expect("record")
    };
    assert!(
        reads
            .iter()
            .any(|r| r.channel == "console" && r.what == "ctvc_matrix"),
        "{reads:?}"
    );

    // A supervisor reads the case but has no forms; answering is refused.
    let mut s = logged_in(&bot, &login_link(&tg, &sara).await).await;
    let view = s.get(&format!("/console/ctvc/{}", case.id)).await;
    assert_eq!(view.status, StatusCode::OK);
    assert!(view.body.contains("Calendario trimestral"), "{}", view.body);
    assert!(!view.body.contains("Guardar respuesta"), "{}", view.body);
    let s_csrf = hidden(&view.body, "csrf");
    let refused = s
        .post(
            &point,
            &[
                ("csrf", &s_csrf),
                ("answer", "infundado"),
                ("actions", "x x"),
                ("improvements", "y y"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // UAJ does not handle committee cases.
    let mut b = logged_in(&bot, &login_link(&tg, &beto).await).await;
    assert_eq!(b.get("/console/ctvc").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        b.get(&format!("/console/ctvc/matrix?oficio={OFICIO}&format=csv"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    bot.stop().await;
}

backends!(uac_registers_answers_and_downloads_a_ctvc_case);
