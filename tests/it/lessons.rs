//! Lessons in the chat (issue 26): a lesson taken from the ally's menu and finished
//! is recorded against the access and shows in the usage report and the CTVC
//! evidence; the practice answers from invented data and never reads the real
//! padrón; UAC lists the accesses to train in the chat and the console; buttons stay
//! within WhatsApp's limits.

use chrono::{Datelike, NaiveDate};
use contigo_bot::app::App;
use contigo_bot::demo::Place;
use contigo_bot::domain::calendar::lima_date;
use contigo_bot::domain::policy::Who;
use contigo_bot::domain::stage::Role;
use contigo_bot::message::{ChatRef, Inbound, Outbound};
use contigo_bot::services::lessons::{Why, to_train};
use contigo_bot::services::reports::ctvc::{ctvc_document, ctvc_report};
use contigo_bot::services::reports::{usage, usage_document};
use contigo_bot::store::ctvc::{self, NewCase};
use contigo_bot::store::requests::RequestRow;
use sqlx::Row;

use crate::backends;
use crate::padron::{ACORIA, IN_ACORIA, access, load_padron, says, taps, whatsapp};
use crate::support::engine::{text_of, turn};
use crate::support::{Backend, TestDb, monday_morning, settings};

/// WhatsApp's limits the chat's choices must keep (the adapter's own constants).
const MAX_BUTTONS: usize = 3;
const MAX_BUTTON_TITLE: usize = 20;
const MAX_ROWS: usize = 10;
const MAX_ROW_TITLE: usize = 24;

/// The last message's choices (label, id).
fn choices(out: &[Outbound]) -> Vec<(String, String)> {
    out.iter()
        .rev()
        .find_map(|o| match o {
            Outbound::Text { choices, .. } if !choices.is_empty() => Some(
                choices
                    .iter()
                    .map(|c| (c.label.clone(), c.id.clone()))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

/// A list fits one WhatsApp list (rows, titles) and answers fit reply buttons.
fn fits_a_list(out: &[Outbound]) {
    let c = choices(out);
    assert!(!c.is_empty() && c.len() <= MAX_ROWS, "{c:?}");
    for (label, _) in &c {
        assert!(label.chars().count() <= MAX_ROW_TITLE, "{label:?} in {c:?}");
    }
}

fn fits_buttons(out: &[Outbound]) {
    let c = choices(out);
    assert!(!c.is_empty() && c.len() <= MAX_BUTTONS, "{c:?}");
    for (label, _) in &c {
        assert!(
            label.chars().count() <= MAX_BUTTON_TITLE,
            "{label:?} in {c:?}"
        );
    }
}

/// An app with the test padrón and a Gobierno Local of Acoria bound on WhatsApp.
async fn bound_ally(db: &TestDb, phone: &str) -> (App, RequestRow, ChatRef) {
    let app = App::build(settings(db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, db).await;
    let row = access(&app, Place::District(ACORIA), phone).await;
    let chat = whatsapp(&format!("51{phone}"));
    let bound = says(&app, &chat, "/padron").await;
    assert!(bound.contains("quedó vinculado"), "{bound}");
    (app, row, chat)
}

/// Takes a lesson from its list to its end, answering `answers` (option numbers
/// from 0); returns what the answers' turns said.
async fn take(app: &App, chat: &ChatRef, lesson: &str, answers: &[u8]) -> String {
    let mut out = taps(app, chat, &format!("ls:o:{lesson}")).await;
    let mut parts = 0;
    while choices(&out).iter().any(|(_, id)| id == "ls:next") {
        fits_buttons(&out);
        parts += 1;
        out = taps(app, chat, "ls:next").await;
        assert!(parts < 10, "a lesson is a few messages");
    }
    assert!(parts >= 2, "a lesson is a few messages: {parts}");
    let mut said = vec![];
    for (q, a) in answers.iter().enumerate() {
        assert!(text_of(&out).contains('❓'), "{}", text_of(&out));
        fits_buttons(&out);
        out = taps(app, chat, &format!("ls:a:{q}:{a}")).await;
        said.push(text_of(&out));
    }
    said.join("\n---\n")
}

async fn a_lesson_finished_in_the_chat_is_in_the_usage_report_and_the_ctvc_evidence(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let (app, row, chat) = bound_ally(&db, "987650301").await;
    // The ally's menu keeps to one list and offers the lessons.
    let menu = turn(&app, &chat, Inbound::Text("/padron".into())).await;
    fits_a_list(&menu);
    assert!(
        choices(&menu)
            .iter()
            .any(|(l, id)| l == "Lecciones y más" && id == "ls:menu"),
        "{:?}",
        choices(&menu)
    );
    let list = taps(&app, &chat, "ls:menu").await;
    fits_a_list(&list);
    let titles: Vec<String> = choices(&list).into_iter().map(|(l, _)| l).collect();
    for t in [
        "Qué le da USUARIO ALIADO",
        "La DDC y la Ley 29733",
        "Consultar el padrón",
        "Alertas y FAD",
        "Proteger los datos",
        "Práctica (ejemplo)",
        "Otras gestiones",
    ] {
        assert!(titles.iter().any(|x| x == t), "{t} in {titles:?}");
    }
    // /lecciones is the same list.
    let typed = says(&app, &chat, "/lecciones").await;
    assert!(typed.contains("Lecciones cortas"), "{typed}");

    // Two questions: the first right, the second wrong.
    let done = take(&app, &chat, "lesson-ddc-ley", &[1, 0]).await;
    assert!(done.contains("¡Correcto!"), "{done}");
    assert!(
        done.contains("La respuesta correcta es «Se pide acceso nuevo»"),
        "{done}"
    );
    assert!(done.contains("1 de 2 correctas"), "{done}");
    // The list now marks it with its score.
    let list = says(&app, &chat, "/lecciones").await;
    assert!(
        list.contains("✓ La DDC y la Ley 29733: 1 de 2 correctas"),
        "{list}"
    );

    let today = lima_date(app.clock.now());
    let month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("month");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let report = usage(&mut conn, month, today).await.expect("usage report");
    assert_eq!(report.lessons.len(), 1, "{:?}", report.lessons);
    let l = &report.lessons[0];
    assert_eq!(l.code, row.code);
    assert_eq!(l.lesson, "La DDC y la Ley 29733");
    assert_eq!(l.score(), "1/2");
    assert_eq!(l.completed.map(|d| d.date()), Some(today));
    let doc = usage_document(&app.engine.locales, "es", &report);
    let sheet = doc
        .tables
        .iter()
        .find(|t| t.name == "Lecciones")
        .expect("a sheet of lessons in the usage report");
    assert_eq!(sheet.rows.len(), 1);
    let cells: Vec<String> = sheet.rows[0].iter().map(|c| c.display()).collect();
    assert!(
        cells.contains(&row.code) && cells.contains(&"1/2".to_owned()),
        "{cells:?}"
    );

    // The CTVC evidence of a case about Acoria lists it.
    let points = ["No recibieron capacitación".to_owned()];
    ctvc::add(
        &mut conn,
        &NewCase {
            case_number: "CTVC-LEC-1",
            oficio: "077-2026-CTVC",
            received_on: today,
            ubigeo: ACORIA,
            points: &points,
        },
        app.clock.unix(),
    )
    .await
    .expect("case")
    .expect("new");
    let ctvc = ctvc_report(&mut conn, "077-2026-CTVC", today)
        .await
        .expect("ctvc");
    let evidence = &ctvc.cases[0].accesses[0];
    assert_eq!(evidence.lessons.len(), 1);
    assert_eq!(evidence.lessons[0].score(), "1/2");
    let doc = ctvc_document(&app.engine.locales, "es", &ctvc);
    let sheet = doc
        .tables
        .iter()
        .find(|t| t.name == "Lecciones")
        .expect("a sheet of lessons in the CTVC evidence");
    let cells: Vec<String> = sheet.rows[0].iter().map(|c| c.display()).collect();
    assert_eq!(cells[0], "CTVC-LEC-1");
    assert!(cells.contains(&row.code), "{cells:?}");
    assert!(
        cells.contains(&"La DDC y la Ley 29733".to_owned()),
        "{cells:?}"
    );
    drop(conn);
    app.store.close().await;
}

/// Rows of the record of reads of personal data, and the padrón's query and
/// download events.
async fn reads(app: &App) -> (i64, i64) {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let count = |sql: &'static str| sqlx::query(sql);
    let access: i64 = count("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM personal_data_access")
        .fetch_one(&mut *conn)
        .await
        .expect("count")
        .try_get("n")
        .expect("n");
    let usage: i64 = count(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM usage_events WHERE kind IN ('query', 'download')",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("count")
    .try_get("n")
    .expect("n");
    (access, usage)
}

async fn the_practice_answers_from_invented_data_and_reads_no_real_padron_row(backend: Backend) {
    let db = TestDb::new(backend).await;
    // The real padrón has 3 vigentes in Acoria, among them IN_ACORIA (Rosa Demo).
    let (app, _row, chat) = bound_ally(&db, "987650302").await;
    let before = reads(&app).await;

    let practice = taps(&app, &chat, "ls:pr").await;
    fits_a_list(&practice);
    assert!(
        text_of(&practice).contains("PRÁCTICA"),
        "{}",
        text_of(&practice)
    );
    let total = text_of(&taps(&app, &chat, "ls:pq:vigente").await);
    assert!(total.contains("PRÁCTICA"), "{total}");
    assert!(
        total.contains("Usuarios vigentes en el distrito de práctica: 4."),
        "{total}"
    );
    taps(&app, &chat, "ls:pd").await;
    let real = says(&app, &chat, IN_ACORIA).await;
    assert!(real.contains("No hay una persona de ejemplo"), "{real}");
    assert!(
        !real.contains("Rosa Demo") && !real.contains("Prueba Tres"),
        "{real}"
    );
    taps(&app, &chat, "ls:pd").await;
    let sample = says(&app, &chat, "00000101").await;
    assert!(sample.contains("PRÁCTICA"), "{sample}");
    assert!(sample.contains("Rosa Práctica Uno"), "{sample}");
    assert_eq!(
        reads(&app).await,
        before,
        "the practice recorded no read of personal data and no padrón query"
    );

    // The same chat's real query does read (and is recorded): the counter works.
    let real = says(&app, &chat, "vigentes").await;
    assert!(!real.contains("PRÁCTICA"), "{real}");
    assert!(reads(&app).await.0 > before.0, "a real query is recorded");

    // A chat bound to nothing can practise too, and reads nothing.
    let stranger = whatsapp("51987650399");
    let before = reads(&app).await;
    let list = says(&app, &stranger, "/lecciones").await;
    assert!(list.contains("Lecciones cortas"), "{list}");
    let total = text_of(&taps(&app, &stranger, "ls:pq:suspendido").await);
    assert!(
        total.contains("PRÁCTICA") && total.contains(": 1."),
        "{total}"
    );
    assert_eq!(reads(&app).await, before);
    app.store.close().await;
}

async fn uac_lists_the_accesses_to_train_in_the_chat_and_the_console(backend: Backend) {
    use crate::support::browser::{Browser, session_cookie};
    let db = TestDb::new(backend).await;
    let clock = monday_morning();
    let app = App::build(settings(&db, None), clock.clone())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    // Trained: used today and a lesson finished.
    let trained = access(&app, Place::District(ACORIA), "987650311").await;
    let chat = whatsapp("51987650311");
    says(&app, &chat, "/padron").await;
    let done = take(&app, &chat, "lesson-proteger-datos", &[1]).await;
    assert!(done.contains("1 de 1 correctas"), "{done}");
    // Never used.
    let unused = access(&app, Place::District("090101"), "987650312").await;
    // Used, no lesson.
    let untaught = access(&app, Place::Region("09"), "987650313").await;
    says(&app, &whatsapp("51987650313"), "/padron").await;

    crate::support::add_staff(&app, "Uac Prueba", &[Role::Uac], 7301).await;
    crate::support::add_staff(&app, "Uaj Prueba", &[Role::Uaj], 7302).await;
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let roles = [Role::Uac];
    let list = to_train(
        &mut conn,
        Who::Staff {
            id: 1,
            roles: &roles,
        },
        app.clock.unix(),
    )
    .await
    .expect("list");
    drop(conn);
    let found: Vec<(String, Why)> = list
        .iter()
        .map(|t| (t.access.code.clone(), t.why))
        .collect();
    assert!(
        found.contains(&(unused.code.clone(), Why::UnusedAndNoLesson)),
        "{found:?}"
    );
    assert!(
        found.contains(&(untaught.code.clone(), Why::NoLesson)),
        "{found:?}"
    );
    assert!(!found.iter().any(|(c, _)| c == &trained.code), "{found:?}");

    let uac = crate::support::engine::telegram("7301");
    let said = says(&app, &uac, "/capacitar").await;
    assert!(said.contains("Accesos por capacitar: 2"), "{said}");
    assert!(
        said.contains(&unused.code) && said.contains("nunca usado"),
        "{said}"
    );
    assert!(
        said.contains(&untaught.code) && said.contains("sin lecciones"),
        "{said}"
    );
    assert!(!said.contains(&trained.code), "{said}");
    let uaj = crate::support::engine::telegram("7302");
    let said = says(&app, &uaj, "/capacitar").await;
    assert!(!said.contains(&unused.code), "UAJ does not see it: {said}");
    app.store.close().await;

    let bot = crate::support::Running::start(settings(&db, None), clock).await;
    let mut browser = Browser::new(&bot.http);
    browser.cookie = Some(session_cookie(&bot.app, 7301).await);
    let page = browser.get("/console/coverage").await;
    assert!(page.body.contains("Accesos por capacitar"), "{}", page.body);
    let at = page.body.find("Accesos por capacitar").expect("section");
    let section = &page.body[at..];
    assert!(
        section.contains(&unused.code) && section.contains(&untaught.code),
        "{section}"
    );
    assert!(!section.contains(&trained.code), "{section}");
    bot.stop().await;
}

/// An operator's lessons beside the five built in: more than one list holds, so the
/// list ends with «Más lecciones», which shows the rest.
async fn more_lessons_than_a_list_holds_are_reached_by_more_lessons(backend: Backend) {
    let db = TestDb::new(backend).await;
    let dir = db.dir.path().join("lessons");
    std::fs::create_dir_all(dir.join("es")).expect("dir");
    let mut file = String::new();
    for i in 1..=4 {
        file.push_str(&format!(
            "lesson-propia-{i} = Lección propia número {i} de la oficina.\n    \
             .title = Lección propia {i}\n    .order = {o}\n    \
             .part-1 = Un mensaje más de la lección {i}.\n    \
             .question-1 = ¿Es la lección {i}?\n    .question-1-options = Sí | No\n    \
             .question-1-answer = 1\n\n",
            o = 10 + i
        ));
    }
    std::fs::write(dir.join("es/propias.ftl"), file).expect("write");
    let mut s = settings(&db, None);
    s.kb.lessons_dir = dir;
    let app = App::build(s, monday_morning()).await.expect("app");
    let chat = whatsapp("51987650399");
    let first = taps(&app, &chat, "ls:menu").await;
    fits_a_list(&first);
    let listed = choices(&first);
    let lessons = |c: &[(String, String)]| {
        c.iter()
            .filter(|(_, id)| id.starts_with("ls:o:"))
            .map(|(_, id)| id.clone())
            .collect::<Vec<_>>()
    };
    let page_one = lessons(&listed);
    assert_eq!(page_one.len(), 6, "{listed:?}");
    let more = listed
        .iter()
        .find(|(label, _)| label == "Más lecciones")
        .map(|(_, id)| id.clone())
        .unwrap_or_else(|| panic!("no «Más lecciones» in {listed:?}"));
    let second = taps(&app, &chat, &more).await;
    fits_a_list(&second);
    let page_two = lessons(&choices(&second));
    assert_eq!(page_two.len(), 3, "{:?}", choices(&second));
    assert!(page_two.iter().all(|id| !page_one.contains(id)));
    assert!(
        !choices(&second)
            .iter()
            .any(|(label, _)| label == "Más lecciones"),
        "the last page offers no more"
    );
    // Every lesson, the operator's last included, is reachable and opens.
    assert!(
        page_two.contains(&"ls:o:lesson-propia-4".to_owned()),
        "{page_two:?}"
    );
    let opened = taps(&app, &chat, "ls:o:lesson-propia-4").await;
    assert!(
        text_of(&opened).contains("Lección propia número 4"),
        "{}",
        text_of(&opened)
    );
}

backends!(
    more_lessons_than_a_list_holds_are_reached_by_more_lessons,
    a_lesson_finished_in_the_chat_is_in_the_usage_report_and_the_ctvc_evidence,
    the_practice_answers_from_invented_data_and_reads_no_real_padron_row,
    uac_lists_the_accesses_to_train_in_the_chat_and_the_console,
);
