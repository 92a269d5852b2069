//! Approved allies and the padrón: binding a chat by proving the responsible's phone,
//! the queries of each access type, downloads, alerts and FAD, the binding ending,
//! jurisdiction scoping, the lookup rate limit and the all-or-nothing import.
//! All names are invented and all DNIs start with 9.

use contigo_bot::message::ChatKey;
use std::path::PathBuf;

use contigo_bot::app::App;
use contigo_bot::demo::{Place, active_access};
use contigo_bot::domain::padron::Scope;
use contigo_bot::domain::stage::Stage;
use contigo_bot::domain::{Dni, Ubigeo};
use contigo_bot::message::{Channel, ChatRef, Inbound, Outbound};
use contigo_bot::store::padron::{self, ImportError, PadronList};
use contigo_bot::store::personal_data;
use contigo_bot::store::requests::{self, RequestRow};
use contigo_bot::store::{Store, ally_reports, usage};

use calamine::{Data, DataType};

use crate::backends;
use crate::support::engine::{text_of, turn};
use crate::support::reads::document_sent;
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::xlsx::read_xlsx;
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

pub(crate) const HEADER: &str = "dni,nombres,apellidos,fecha_nacimiento,ubigeo,estado,estado_autorizacion_cobro,\
cobrador,solicitud_fecha,solicitud_estado,solicitud_motivo,categoria";

/// Acoria (090103) and Huancavelica (090101) in region 09; Lima (150101) elsewhere.
pub(crate) const ROWS: &[&str] = &[
    "91000001,Ana Demo,Prueba Uno,2015-05-01,090103,vigente,autorizado,Tutor Ficticio,2025-03-01,conforme,,continuador",
    "91000002,Luis Demo,Prueba Dos,2012-01-01,090103,vigente,pendiente,,2025-04-02,no_conforme,Falta certificado,continuador",
    "91000003,Rosa Demo,Prueba Tres,1950-01-01,090103,vigente,no_autorizado,,,,,reincorporado",
    "91000004,Juan Demo,Prueba Cuatro,1960-02-02,090103,suspendido,observado,,2024-06-01,conforme,,suspendido",
    "91000005,Elsa Demo,Prueba Cinco,2014-01-01,090103,desafiliado,autorizado,,2024-07-01,no_conforme,Recibe otra pensión,desafiliado",
    "92000001,Raúl Demo,Otro Distrito,2016-01-01,090101,vigente,pendiente,,2025-01-10,conforme,,continuador",
    "92000002,Nora Demo,Otro Distrito,1970-01-01,090101,suspendido,autorizado,,,,,suspendido",
    "93000001,Iván Demo,Otra Region,1980-01-01,150101,vigente,autorizado,,,,,continuador",
    "93000002,Flor Demo,Otra Region,1990-01-01,150101,desafiliado,pendiente,,,,,desafiliado",
];

pub(crate) const ACORIA: &str = "090103";
pub(crate) const IN_ACORIA: &str = "91000003";
pub(crate) const IN_HUANCAVELICA: &str = "92000001";
pub(crate) const IN_LIMA: &str = "93000001";
pub(crate) const NOBODY: &str = "99999999";

fn write_csv(db: &TestDb, name: &str, rows: &[&str]) -> PathBuf {
    let path = db.dir.path().join(name);
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(&path, text).expect("write csv");
    path
}

fn data_date() -> chrono::NaiveDate {
    "2026-11-14".parse().expect("date")
}

pub(crate) async fn load_padron(store: &Store, db: &TestDb) {
    let path = write_csv(db, "padron.csv", ROWS);
    let report = contigo_bot::imports::padron_file(store, &path, data_date(), 1_700_000_000)
        .await
        .expect("import");
    assert_eq!(report.rows, ROWS.len() as u64);
}

pub(crate) async fn access(app: &App, place: Place<'_>, phone: &str) -> RequestRow {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    active_access(&mut conn, place, phone, app.clock.unix())
        .await
        .expect("active access")
}

async fn supersede(app: &App, row: &RequestRow) {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let moved = requests::move_stage(
        &mut conn,
        row.id,
        Stage::Active,
        Stage::Superseded,
        None,
        "test",
        None,
        app.clock.unix(),
    )
    .await
    .expect("move");
    assert!(moved);
}

pub(crate) async fn says(app: &App, chat: &ChatRef, text: &str) -> String {
    let out = turn(app, chat, Inbound::Text(text.into())).await;
    out.iter()
        .map(|o| o.text())
        .collect::<Vec<_>>()
        .join("\n---\n")
}

pub(crate) async fn taps(app: &App, chat: &ChatRef, id: &str) -> Vec<Outbound> {
    turn(app, chat, Inbound::Choice(id.into())).await
}

pub(crate) fn whatsapp(number: &str) -> ChatRef {
    ChatRef {
        channel: Channel::Whatsapp,
        chat_id: number.into(),
        lang_hint: Some("es".into()),
    }
}

/// Reads a downloaded CSV: (header, rows).
pub(crate) fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = String::from_utf8(bytes.to_vec()).expect("utf8");
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>());
    let header = lines.next().expect("header");
    (header, lines.collect())
}

async fn telegram_local_ally_binds_queries_downloads_and_reports(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    load_padron(&bot.app.store, &db).await;
    let acoria = access(&bot.app, Place::District(ACORIA), "987650001").await;
    let user = TgUser::new(8101, "Resp").with_language("es");
    let chat = user.chat_id();

    // Binding: the bot asks for the contact with a button that shares it.
    tg.send_text(&user, "/padron");
    let ask = tg.wait_for(chat, "Compartir mi número").await;
    assert!(
        ask.params.to_string().contains("request_contact"),
        "{:?}",
        ask.params
    );
    // Someone else's contact card proves nothing.
    tg.send_contact(&user, "+51 987 650 001", Some(5555));
    tg.wait_for(chat, "no es el suyo").await;
    // Their own contact, but not the registered number.
    tg.send_contact(&user, "+51987650002", Some(user.id));
    tg.wait_for(chat, "no figura como responsable").await;
    // Their own contact with the registered number (Telegram sends it without "+").
    tg.send_text(&user, "/padron");
    tg.wait_for(chat, "Compartir mi número").await;
    tg.send_contact(&user, "51987650001", Some(user.id));
    let bound = tg.wait_for(chat, "quedó vinculado").await;
    assert!(bound.text().contains(&acoria.code), "{}", bound.text());
    assert!(bound.text().contains("Acoria"), "{}", bound.text());

    // Totals, each with how fresh the data is.
    tg.press_button(&user, "Vigentes");
    let vig = tg.wait_for(chat, "Usuarios vigentes").await;
    assert!(vig.text().contains(": 3."), "{}", vig.text());
    assert!(vig.text().contains("Datos al 14/11/2026"), "{}", vig.text());

    // Download the list (Excel) and read it back: DNIs and ubigeos as text, dates as
    // dates, the header frozen under the notes.
    tg.press_button(&user, "Descargar Excel");
    let doc = tg.wait_for(chat, "Lista de vigentes").await;
    assert_eq!(doc.method, "sendDocument");
    let (name, _) = doc.document.clone().expect("a file");
    assert_eq!(name, "padron-vigentes-090103-2026-11-14.xlsx");
    let sheets = read_xlsx(&tg.document(&doc));
    let list = &sheets[0];
    assert_eq!(list.header[0], "dni");
    assert!(
        list.notes[0].contains("Datos al 14/11/2026"),
        "{:?}",
        list.notes
    );
    assert!(list.notes[1].contains("Ley 29733"), "{:?}", list.notes);
    let dnis: Vec<String> = (0..list.rows.len()).map(|i| list.text(i, "dni")).collect();
    assert_eq!(dnis, ["91000001", "91000002", "91000003"]);
    assert!(list.rows.iter().all(|r| matches!(&r[0], Data::String(_))));
    let ubigeo = list.col("ubigeo");
    assert!(
        list.rows
            .iter()
            .all(|r| r[ubigeo] == Data::String(ACORIA.into()))
    );
    let birth = list.col("fecha_nacimiento");
    assert!(
        list.rows.iter().all(|r| r[birth].is_datetime()),
        "{:?}",
        list.rows
    );
    tg.wait_for(chat, "Consultas del padrón").await;
    // The same list as CSV, still there for who wants it.
    tg.press_button(&user, "Vigentes");
    tg.wait_for(chat, "Usuarios vigentes").await;
    tg.press_button(&user, "Descargar CSV");
    let doc = tg.wait_for(chat, "Lista de vigentes").await;
    let (name, _) = doc.document.clone().expect("a file");
    assert_eq!(name, "padron-vigentes-090103-2026-11-14.csv");
    let (header, rows) = read_csv(&tg.document(&doc));
    assert_eq!(header[0], "dni");
    assert!(rows.iter().all(|r| r[5] == ACORIA && r[6] == "vigente"));
    tg.wait_for(chat, "Consultas del padrón").await;

    tg.press_button(&user, "Menores sin autorización");
    let minors = tg.wait_for(chat, "Menores de edad sin cobrador").await;
    assert!(minors.text().contains(": 1."), "{}", minors.text());
    tg.press_button(&user, "Menú de consultas");
    tg.wait_for(chat, "Consultas del padrón").await;
    tg.press_button(&user, "Afiliaciones solicitadas");
    let req = tg.wait_for(chat, "Solicitudes de afiliación en").await;
    assert!(
        req.text().contains("2 conformes y 2 no conformes"),
        "{}",
        req.text()
    );
    assert!(
        req.text().contains("Falta certificado: 1"),
        "{}",
        req.text()
    );
    tg.press_button(&user, "Menú de consultas");
    tg.wait_for(chat, "Consultas del padrón").await;
    tg.press_button(&user, "Autorizaciones de cobro");
    let pay = tg.wait_for(chat, "Autorizaciones de cobro en").await;
    assert!(pay.text().contains("autorizado: 2"), "{}", pay.text());
    assert!(pay.text().contains("no autorizado: 1"), "{}", pay.text());

    // One beneficiary by DNI (typed straight away, no menu needed).
    tg.send_text(&user, IN_ACORIA);
    let found = tg.wait_for(chat, "Estado: vigente").await;
    assert!(found.text().contains("Rosa Demo"), "{}", found.text());
    assert!(found.text().contains("no autorizado"), "{}", found.text());

    // An alert, acknowledged with a number.
    tg.press_button(&user, "Reportar alerta");
    tg.wait_for(chat, "Escriba el DNI").await;
    tg.send_text(&user, IN_ACORIA);
    tg.wait_for(chat, "¿Qué desea reportar?").await;
    tg.press_button(&user, "Hospitalización");
    tg.wait_for(chat, "Describa").await;
    tg.send_text(
        &user,
        "Internada en el hospital regional desde el 20/11/2026.",
    );
    let alert = tg.wait_for(chat, "Recibimos su alerta").await;
    assert!(alert.text().contains("ALE-"), "{}", alert.text());
    // Its «Ver caso» comes first, then the menu again.
    tg.wait_until_idle(chat).await;

    // A data update (FAD).
    tg.press_button(&user, "Actualizar datos (FAD)");
    tg.wait_for(chat, "Escriba el DNI").await;
    tg.send_text(&user, IN_ACORIA);
    tg.wait_for(chat, "nueva dirección").await;
    tg.send_text(&user, "Jr. Ficticio 123, Barrio Centro");
    tg.wait_for(chat, "referencia").await;
    tg.send_text(&user, "Frente a la posta");
    tg.wait_for(chat, "teléfono de contacto").await;
    tg.send_text(&user, "12");
    tg.wait_for(chat, "celular de 9 dígitos").await;
    tg.send_text(&user, "987 000 111");
    let fad = tg
        .wait_for(chat, "Ficha de Actualización de Datos con el número")
        .await;
    assert!(fad.text().contains("FAD-"), "{}", fad.text());

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let open = ally_reports::list_open(&mut conn).await.expect("reports");
    assert_eq!(open.len(), 2);
    assert!(
        open.iter()
            .all(|r| r.subject_dni == IN_ACORIA && r.request_id == acoria.id)
    );
    let first = open[0].number();
    // Ley 29733: every access recorded, with who, what and how many rows.
    let log = personal_data::for_request(&mut conn, acoria.id)
        .await
        .expect("log");
    let actions: Vec<(String, String, i64)> = log
        .iter()
        .map(|a| (a.action.clone(), a.what.clone(), a.rows))
        .collect();
    assert!(
        actions.contains(&("query".into(), "vigentes".into(), 3)),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("download".into(), "vigentes".into(), 3)),
        "{actions:?}"
    );
    assert!(
        actions.contains(&("lookup".into(), "dni".into(), 1)),
        "{actions:?}"
    );
    assert!(log.iter().all(|a| a.chat_id == chat.to_string()));
    let downloads = usage::count(
        &mut conn,
        ChatKey::new(Channel::Telegram, &chat.to_string()),
        usage::UsageKind::Download,
    )
    .await
    .expect("usage");
    assert_eq!(downloads, 2, "the Excel and the CSV");
    drop(conn);

    // UOT resolves the alert from their chat (outcome, then a note); the ally is told.
    let uac = TgUser::new(9101, "Ana");
    crate::support::add_staff(
        &bot.app,
        "Ana",
        &[contigo_bot::domain::stage::Role::Uot],
        uac.id,
    )
    .await;
    tg.send_text(&uac, "/start");
    tg.wait_for(uac.chat_id(), "¿Qué desea revisar?").await;
    tg.press_button(&uac, "Alertas y FAD");
    let pending = tg.wait_for(uac.chat_id(), "pendientes (2)").await;
    assert!(
        pending.text().contains("Hospitalización"),
        "{}",
        pending.text()
    );
    tg.wait_for(uac.chat_id(), "Toque una para cerrarla").await;
    tg.press_button(&uac, &first);
    tg.wait_for(uac.chat_id(), "¿Cómo quedó?").await;
    tg.press_button(&uac, "Actualizado en el padrón");
    tg.wait_for(uac.chat_id(), "nota de cierre").await;
    tg.send_text(&uac, "Visitada por la OMAPED; se actualizó el caso.");
    tg.wait_for(uac.chat_id(), "quedó cerrada").await;
    let told = tg.wait_for(chat, "atendió su reporte").await;
    assert!(
        told.text().contains(&first)
            && told.text().contains("Visitada")
            && told.text().contains("Actualizado en el padrón"),
        "{}",
        told.text()
    );
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    assert_eq!(
        ally_reports::list_open(&mut conn)
            .await
            .expect("list")
            .len(),
        1
    );
    drop(conn);

    // The access is superseded: the next message says so, and the queries are gone.
    supersede(&bot.app, &acoria).await;
    tg.send_text(&user, "vigentes");
    let ended = tg.wait_for(chat, "pasó a un nuevo responsable").await;
    assert!(ended.text().contains(&acoria.code), "{}", ended.text());
    // A DNI typed now is no padrón lookup: read as an authority's DNI, which shows
    // no one else's request either.
    tg.send_text(&user, IN_ACORIA);
    let no_lookup = tg.wait_for(chat, "Con un DNI no puedo mostrar").await;
    assert!(
        !no_lookup.text().contains("Estado:"),
        "{}",
        no_lookup.text()
    );
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn whatsapp_sender_number_binds_and_regional_sees_its_region(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    let region = access(&app, Place::Region("09"), "987650003").await;

    // A number that is nobody's responsible gets nothing.
    let stranger = whatsapp("51987650999");
    let no = says(&app, &stranger, "/padron").await;
    assert!(no.contains("no figura como responsable"), "{no}");
    assert!(no.contains("****0999"), "the number is masked: {no}");

    // The registered number binds at once: WhatsApp vouches for the sender.
    let chat = whatsapp("51987650003");
    let bound = says(&app, &chat, "/padron").await;
    assert!(
        bound.contains("quedó vinculado") && bound.contains(&region.code),
        "{bound}"
    );
    assert!(
        !bound.contains("Reportar alerta"),
        "alerts are for Gobierno Local: {bound}"
    );

    let vig = text_of(&taps(&app, &chat, "al:q:vigentes").await);
    assert!(
        vig.contains("Usuarios vigentes en Huancavelica: 4."),
        "{vig}"
    );
    let sus = says(&app, &chat, "suspendidos").await;
    assert!(sus.contains(": 2."), "{sus}");
    let des = says(&app, &chat, "desafiliados").await;
    assert!(des.contains(": 1."), "{des}");
    let minors = says(&app, &chat, "menores").await;
    assert!(minors.contains(": 2."), "{minors}");
    // Another district of the region: found. Another region: the not-found answer.
    let found = says(&app, &chat, IN_HUANCAVELICA).await;
    assert!(found.contains("Raúl Demo"), "{found}");
    let outside = says(&app, &chat, IN_LIMA).await;
    assert!(outside.contains("No encontré"), "{outside}");
    // A Gobierno Regional does not report alerts.
    let alert = text_of(&taps(&app, &chat, "al:alert").await);
    assert!(alert.contains("no está disponible"), "{alert}");

    let out = taps(&app, &chat, "al:dl:menores").await;
    let (file_name, bytes) = document_sent(&app, &out).await;
    assert_eq!(file_name, "padron-menores-09-2026-11-14.xlsx");
    let sheets = read_xlsx(&bytes);
    let dnis: Vec<String> = sheets[0]
        .texts()
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(dnis, ["91000002", IN_HUANCAVELICA]);
    app.store.close().await;
}

async fn other_ally_sees_national_categories_only(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    access(
        &app,
        Place::Entity("Asociación Ficticia de Prueba"),
        "987650004",
    )
    .await;
    let chat = whatsapp("51987650004");
    let bound = says(&app, &chat, "/padron").await;
    assert!(bound.contains("todo el país"), "{bound}");
    assert!(!bound.contains("Buscar por DNI"), "{bound}");

    let cats = text_of(&taps(&app, &chat, "al:q:categorias").await);
    for expected in [
        "Continuadores: 4",
        "Reincorporados: 1",
        "Desafiliados: 2",
        "Suspendidos: 2",
    ] {
        assert!(cats.contains(expected), "{expected} in {cats}");
    }
    // No one's data: a DNI gets an explanation, lists of people are refused.
    let dni = says(&app, &chat, IN_LIMA).await;
    assert!(dni.contains("sin datos de personas"), "{dni}");
    let list = text_of(&taps(&app, &chat, "al:dl:vigentes").await);
    assert!(list.contains("no está disponible"), "{list}");
    // The summary download has totals only.
    let out = taps(&app, &chat, "al:dl:categorias").await;
    let sheets = read_xlsx(&document_sent(&app, &out).await.1);
    assert_eq!(sheets[0].header, ["region", "categoria", "total"]);
    let rows = sheets[0].texts();
    assert!(
        rows.contains(&vec!["09".into(), "continuador".into(), "3".into()]),
        "{rows:?}"
    );
    // A region code keeps its leading zero: it is text.
    assert!(
        matches!(sheets[0].rows[0][0], Data::String(_)),
        "{:?}",
        sheets[0].rows
    );
    app.store.close().await;
}

/// Every store query, in a district's scope, returns only that district.
async fn local_ally_cannot_reach_another_district(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let scope = Scope::District(Ubigeo::parse(ACORIA).expect("ubigeo"));
    let today = app.engine.clock.now().date_naive();

    for outside in [IN_HUANCAVELICA, IN_LIMA, NOBODY] {
        let dni = Dni::parse(outside).expect("dni");
        assert_eq!(
            padron::lookup(&mut conn, &scope, &dni).await.expect("q"),
            None
        );
    }
    for list in PadronList::ALL {
        let rows = padron::list(&mut conn, &scope, list, today)
            .await
            .expect("q");
        assert!(
            rows.iter().all(|b| b.ubigeo.as_str() == ACORIA),
            "{list:?} leaked another district"
        );
    }
    let total: i64 = padron::status_totals(&mut conn, &scope)
        .await
        .expect("q")
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(total, 5);
    let pay: i64 = padron::payment_totals(&mut conn, &scope)
        .await
        .expect("q")
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(pay, 5);
    let regions = padron::category_by_region(&mut conn, &scope)
        .await
        .expect("q");
    assert!(regions.iter().all(|(r, _, _)| r == "09"));
    assert_eq!(regions.iter().map(|(_, _, n)| n).sum::<i64>(), 5);
    let req = padron::request_totals(&mut conn, &scope).await.expect("q");
    assert_eq!((req.conformes, req.no_conformes), (2, 2));
    // The national scope never reads people.
    let dni = Dni::parse(IN_LIMA).expect("dni");
    assert_eq!(
        padron::lookup(&mut conn, &Scope::National, &dni)
            .await
            .expect("q"),
        None
    );
    drop(conn);

    // Through the chat: the same answer for a DNI in another district as for none.
    let _local = access(&app, Place::District(ACORIA), "987650005").await;
    let chat = whatsapp("51987650005");
    says(&app, &chat, "/padron").await;
    let elsewhere = says(&app, &chat, IN_HUANCAVELICA).await;
    let nowhere = says(&app, &chat, NOBODY).await;
    assert!(elsewhere.contains("No encontré"), "{elsewhere}");
    assert_eq!(
        elsewhere.replace(IN_HUANCAVELICA, "X"),
        nowhere.replace(NOBODY, "X")
    );
    // Alerts and FAD cannot name someone outside either.
    taps(&app, &chat, "al:alert").await;
    let alert = says(&app, &chat, IN_LIMA).await;
    assert!(alert.contains("No encontré"), "{alert}");
    app.store.close().await;
}

async fn lookup_rate_limit_holds_across_restarts(backend: Backend) {
    let db = TestDb::new(backend).await;
    let mut s = settings(&db, None);
    s.padron.lookups_per_hour = 3;
    let clock = monday_morning();
    let app = App::build(s.clone(), clock.clone()).await.expect("app");
    load_padron(&app.store, &db).await;
    access(&app, Place::District(ACORIA), "987650006").await;
    let chat = whatsapp("51987650006");
    says(&app, &chat, "/padron").await;
    for dni in [IN_ACORIA, NOBODY, IN_LIMA] {
        let answer = says(&app, &chat, dni).await;
        assert!(!answer.contains("límite"), "{answer}");
    }
    let refused = says(&app, &chat, IN_ACORIA).await;
    assert!(refused.contains("límite de 3 búsquedas"), "{refused}");
    assert!(!refused.contains("Rosa Demo"), "{refused}");
    app.store.close().await;

    // A restart does not reset the window.
    let app = App::build(s.clone(), clock.clone()).await.expect("app");
    let still = says(&app, &chat, IN_ACORIA).await;
    assert!(still.contains("límite"), "{still}");
    // An hour later the ally may look up again.
    clock.advance(chrono::Duration::minutes(61));
    let again = says(&app, &chat, IN_ACORIA).await;
    assert!(again.contains("Rosa Demo"), "{again}");
    app.store.close().await;
}

async fn import_is_all_or_nothing_with_line_numbers(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let before = padron::current(&mut conn)
        .await
        .expect("q")
        .expect("snapshot");
    drop(conn);

    let mut bad = ROWS.to_vec();
    bad[2] =
        "91000003,Rosa Demo,Prueba Tres,1950-02-30,090103,vigente,no_autorizado,,,,,reincorporado";
    bad.push("91000001,Repetido Demo,Prueba,1950-01-01,090103,vigente,pendiente,,,,,continuador");
    bad.push("9100000X,Mal Demo,Prueba,1950-01-01,090103,activo,pendiente,,,,,continuador");
    let path = write_csv(&db, "bad.csv", &bad);
    let err =
        contigo_bot::imports::padron_file(&app.store, &path, "2026-11-21".parse().expect("d"), 2)
            .await
            .expect_err("refused");
    let ImportError::Rows(errors) = err else {
        panic!("expected row errors, got {err:?}");
    };
    let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 11, 12], "{errors:?}");
    assert!(errors[0].reason.contains("fecha_nacimiento"));
    assert!(errors[1].reason.contains("earlier line"));
    // Every error of a line at once.
    assert!(errors[2].reason.contains("dni"), "{errors:?}");
    assert!(errors[2].reason.contains("estado \"activo\""), "{errors:?}");

    // Nothing changed: same snapshot, same rows, no leftovers.
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let after = padron::current(&mut conn)
        .await
        .expect("q")
        .expect("snapshot");
    assert_eq!(after, before);
    let n: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM padron_beneficiaries")
            .fetch_one(&mut *conn)
            .await
            .expect("count"),
        "n",
    )
    .expect("n");
    assert_eq!(n, ROWS.len() as i64);
    drop(conn);

    // A good file replaces the snapshot whole, and the answers quote the new date.
    let path = write_csv(&db, "next.csv", &ROWS[..3]);
    let report =
        contigo_bot::imports::padron_file(&app.store, &path, "2026-11-21".parse().expect("d"), 3)
            .await
            .expect("import");
    assert_eq!(report.replaced, Some(before.id));
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let n: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM padron_beneficiaries")
            .fetch_one(&mut *conn)
            .await
            .expect("count"),
        "n",
    )
    .expect("n");
    assert_eq!(n, 3, "the old snapshot is deleted");
    drop(conn);
    access(&app, Place::District(ACORIA), "987650007").await;
    let chat = whatsapp("51987650007");
    says(&app, &chat, "/padron").await;
    let vig = says(&app, &chat, "vigentes").await;
    assert!(
        vig.contains("Datos al 21/11/2026") && vig.contains(": 3."),
        "{vig}"
    );
    app.store.close().await;
}

/// An alert and a FAD on WhatsApp, and the binding ending when the access expires.
async fn expired_access_ends_the_binding(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    let row = access(&app, Place::District(ACORIA), "987650008").await;
    let chat = whatsapp("51987650008");
    says(&app, &chat, "/padron").await;
    let mut conn = app.store.pool.acquire().await.expect("conn");
    requests::move_stage(
        &mut conn,
        row.id,
        Stage::Active,
        Stage::Expired,
        None,
        "scheduler",
        None,
        5,
    )
    .await
    .expect("move");
    drop(conn);
    let ended = says(&app, &chat, "hola").await;
    assert!(ended.contains("venció"), "{ended}");
    // Renewing is what keeps the access, not a new request.
    assert!(ended.contains("Renovar acceso"), "{ended}");
    // Told once.
    let next = says(&app, &chat, "hola").await;
    assert!(!next.contains("venció"), "{next}");
    app.store.close().await;
}

/// A padrón export that stops after its second row until the test lets it go on.
struct Gated {
    rows: Vec<
        Result<
            (u64, contigo_bot::domain::padron::Beneficiary),
            contigo_bot::domain::padron::RowError,
        >,
    >,
    reached: std::sync::mpsc::Sender<()>,
    go_on: std::sync::Mutex<Option<std::sync::mpsc::Receiver<()>>>,
}

struct GatedRows {
    rows: std::vec::IntoIter<
        Result<
            (u64, contigo_bot::domain::padron::Beneficiary),
            contigo_bot::domain::padron::RowError,
        >,
    >,
    given: usize,
    reached: std::sync::mpsc::Sender<()>,
    go_on: Option<std::sync::mpsc::Receiver<()>>,
}

impl Iterator for GatedRows {
    type Item = Result<
        (u64, contigo_bot::domain::padron::Beneficiary),
        contigo_bot::domain::padron::RowError,
    >;

    fn next(&mut self) -> Option<Self::Item> {
        if self.given == 2
            && let Some(go_on) = self.go_on.take()
        {
            let _ = self.reached.send(());
            let _ = go_on.recv();
        }
        self.given += 1;
        self.rows.next()
    }
}

impl padron::RowSource for Gated {
    type Rows = GatedRows;

    fn rows(&self) -> Result<GatedRows, ImportError> {
        Ok(GatedRows {
            rows: self.rows.clone().into_iter(),
            given: 0,
            reached: self.reached.clone(),
            go_on: self.go_on.lock().ok().and_then(|mut g| g.take()),
        })
    }

    fn name(&self) -> String {
        "gated.csv".into()
    }
}

async fn queries_answer_from_the_old_padron_until_the_new_one_is_in(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    load_padron(&app.store, &db).await;
    let acoria = Scope::District(Ubigeo::parse(ACORIA).expect("ubigeo"));
    let totals = |store: Store| {
        let acoria = acoria.clone();
        async move {
            let mut conn = store.pool.acquire().await.expect("conn");
            padron::status_totals(&mut conn, &acoria)
                .await
                .expect("totals")
        }
    };
    let before = totals(app.store.clone()).await;

    // The next export has only Acoria's first three rows.
    let text = format!("{HEADER}\n{}\n", ROWS[..3].join("\n"));
    let rows =
        contigo_bot::documents::padron_csv::PadronReader::new(text.as_bytes(), text.as_bytes())
            .expect("header")
            .collect();
    let (reached, at_gate) = std::sync::mpsc::channel();
    let (open, go_on) = std::sync::mpsc::channel();
    let source = Gated {
        rows,
        reached,
        go_on: std::sync::Mutex::new(Some(go_on)),
    };
    let store = app.store.clone();
    let import = tokio::spawn(async move {
        padron::import(&store, source, "2026-11-21".parse().expect("date"), 3).await
    });
    tokio::task::spawn_blocking(move || at_gate.recv())
        .await
        .expect("join")
        .expect("the import reached its second row");
    // Half-way through the load: the old padrón still answers, whole.
    assert_eq!(totals(app.store.clone()).await, before);
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let current = padron::current(&mut conn)
        .await
        .expect("q")
        .expect("snapshot");
    assert_eq!(current.data_date.to_string(), "2026-11-14");
    drop(conn);
    open.send(()).expect("go on");
    let report = import.await.expect("join").expect("imported");
    assert_eq!(report.rows, 3);
    let after = totals(app.store.clone()).await;
    assert_ne!(after, before);
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let current = padron::current(&mut conn)
        .await
        .expect("q")
        .expect("snapshot");
    assert_eq!(current.data_date.to_string(), "2026-11-21");
    drop(conn);
    app.store.close().await;
}

backends!(
    queries_answer_from_the_old_padron_until_the_new_one_is_in,
    telegram_local_ally_binds_queries_downloads_and_reports,
    whatsapp_sender_number_binds_and_regional_sees_its_region,
    other_ally_sees_national_categories_only,
    local_ally_cannot_reach_another_district,
    lookup_rate_limit_holds_across_restarts,
    import_is_all_or_nothing_with_line_numbers,
    expired_access_ends_the_binding,
);
