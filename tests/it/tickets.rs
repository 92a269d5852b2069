//! Escalation to a human: an ally opens a ticket, a specialist takes it and they
//! talk across chats (end to end on Telegram, and with the ally on WhatsApp and the
//! specialist on Telegram, each against the fake of its API; also at engine level,
//! reading the outbox rows the relay writes), the race to take, office hours and the
//! supervisors' first-response alert.

use chrono::Duration;
use contigo_bot::app::App;
use contigo_bot::clock::Clock;
use contigo_bot::domain::request::{AccessType, RequestData};
use contigo_bot::domain::stage::{Role, Stage};
use contigo_bot::domain::values::PersonName;
use contigo_bot::message::{
    Channel, ChatKey, ChatRef, FileContent, FileOrigin, Inbound, IncomingFile, Outbound,
};
use contigo_bot::store::staff::{self, NewStaff, StaffMember};
use contigo_bot::store::{requests, tickets};
use sqlx::Row;

use crate::backends;
use crate::support::telegram::{FakeTelegram, Sent, TgUser};
use crate::support::whatsapp::{self, FakeWhatsapp, WaUser, post};
use crate::support::{
    Backend, Running, TestDb, local_request_data, monday_morning, settings, signed_pdf,
    submitted_request,
};

async fn add_staff(app: &App, name: &str, roles: &[Role], telegram: Option<&str>) -> StaffMember {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    staff::add(
        &mut conn,
        &NewStaff {
            name,
            roles,
            telegram_user_id: telegram,
            whatsapp_number: None,
            terminal_user: None,
            locale: "es",
        },
        app.clock.unix(),
    )
    .await
    .expect("staff added")
}

/// Someone on Telegram: each step does something and waits for the bot's answer.
struct Person<'a> {
    tg: &'a FakeTelegram,
    user: TgUser,
}

impl Person<'_> {
    fn chat(&self) -> i64 {
        self.user.chat_id()
    }

    async fn says(&self, text: &str, expect: &str) -> Sent {
        self.tg.send_text(&self.user, text);
        self.tg.wait_for(self.chat(), expect).await
    }

    async fn taps(&self, label: &str, expect: &str) -> Sent {
        self.tg.press_button(&self.user, label);
        self.tg.wait_for(self.chat(), expect).await
    }

    async fn sends_pdf(&self, name: &str, bytes: Vec<u8>) {
        self.tg
            .send_document(&self.user, name, "application/pdf", bytes);
    }

    /// A message that reached this person because of someone else's action.
    async fn gets(&self, expect: &str) -> Sent {
        self.tg.wait_for(self.chat(), expect).await
    }
}

fn ticket_code_in(text: &str) -> String {
    let start = text.find("AT-").expect("a ticket number in the message");
    text[start..start + 14].to_owned()
}

async fn ticket_by_code(app: &App, code: &str) -> tickets::TicketRow {
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let row = sqlx::query("SELECT id FROM tickets WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await
        .expect("ticket row");
    let id: i64 = row.get("id");
    tickets::get(&mut conn, id)
        .await
        .expect("read")
        .expect("ticket")
}

async fn ticket_opened_taken_answered_closed_and_rated_on_telegram(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    add_staff(&bot.app, "Ana Torres", &[Role::Especialista], Some("9001")).await;
    let ally = Person {
        tg: &tg,
        user: TgUser::new(7101, "Luis").with_language("es"),
    };
    let ana = Person {
        tg: &tg,
        user: TgUser::new(9001, "Ana").with_language("es"),
    };
    // Telegram bots write only to users who wrote to them first.
    ana.says("/consultas", "Tiene 0 consultas a su cargo").await;

    ally.says("/start", "¿Qué desea hacer?").await;
    ally.taps("Hablar con especialista", "¿Qué tipo de atención")
        .await;
    ally.taps("Reclamo", "escriba su mensaje").await;
    let opened = ally
        .says(
            "No me llega el correo con mi usuario.",
            "Registré su reclamo",
        )
        .await;
    let code = ticket_code_in(opened.text());
    // Monday 10:00 in Lima: four office hours later.
    assert!(
        opened
            .text()
            .contains("a más tardar el lunes 23/11/2026 a las 14:00"),
        "{}",
        opened.text()
    );
    // «Ver caso» shows where the ticket is (issue 25).
    assert_eq!(
        opened.labels().concat(),
        vec!["Terminar consulta".to_owned(), "Ver caso".to_owned()]
    );

    // The specialist is told what the ticket is about (not who wrote what, until
    // someone takes it), takes it, and then reads its context and messages.
    let new = ana.gets("Nueva consulta").await;
    assert!(new.text().contains(&code), "{}", new.text());
    assert!(new.text().contains("Reclamo"), "{}", new.text());
    assert!(
        !new.text().contains("No me llega el correo"),
        "{}",
        new.text()
    );
    let inside = ana
        .taps("Tomar", &format!("Está en la consulta {code}"))
        .await;
    assert!(
        inside.text().contains("No me llega el correo"),
        "{}",
        inside.text()
    );
    ally.gets("Ana Torres tomó su consulta").await;

    // Ally to specialist: a text and a PDF, which arrives as a document.
    // Relayed silently: the bot does not answer what is meant for the specialist.
    ally.tg.send_text(&ally.user, "¿Me pueden ayudar hoy?");
    let relayed = ana.gets("¿Me pueden ayudar hoy?").await;
    assert!(relayed.text().starts_with(&code), "{}", relayed.text());
    let pdf = signed_pdf();
    ally.sends_pdf("oficio.pdf", pdf.clone()).await;
    let doc = ana.gets("archivo de").await;
    assert_eq!(doc.method, "sendDocument");
    assert_eq!(
        doc.document.as_ref().map(|d| d.0.as_str()),
        Some("oficio.pdf")
    );
    assert_eq!(tg.document(&doc), pdf);

    // Specialist to ally: a text, and a file back.
    ana.tg
        .send_text(&ana.user, "Revise su bandeja de spam, por favor.");
    let reply = ally.gets("Revise su bandeja de spam").await;
    assert!(
        reply.text().starts_with("Ana Torres (especialista):"),
        "{}",
        reply.text()
    );
    let form = b"%PDF-1.4 formato sintetico de prueba".to_vec();
    ana.sends_pdf("formato.pdf", form.clone()).await;
    let back = ally.gets("Archivo de Ana Torres").await;
    assert_eq!(back.method, "sendDocument");
    assert_eq!(tg.document(&back), form);

    // The specialist closes with a note; the ally rates and comments.
    ana.taps("Cerrar consulta", "respuesta final").await;
    ana.says("Se reenvió el correo con su usuario.", "Cerró la consulta")
        .await;
    let closed = ally.gets("cerró su consulta").await;
    assert!(
        closed.text().contains("Se reenvió el correo"),
        "{}",
        closed.text()
    );
    ally.taps("4", "Gracias por calificar").await;
    ally.says("Muy amable, gracias.", "Gracias por su comentario")
        .await;
    // Back with the bot.
    ally.says("hola", "¿Qué desea hacer?").await;

    let ticket = ticket_by_code(&bot.app, &code).await;
    assert_eq!(ticket.state.as_str(), "closed");
    assert_eq!(ticket.rating, Some(4));
    assert_eq!(
        ticket.rating_comment.as_deref(),
        Some("Muy amable, gracias.")
    );
    assert!(ticket.first_response_at.is_some());
    assert_eq!(
        ticket.resolution.as_deref(),
        Some("Se reenvió el correo con su usuario.")
    );
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let messages = tickets::messages(&mut conn, ticket.id, 100)
        .await
        .expect("messages");
    // Question, text, PDF; reply, file, resolution.
    assert_eq!(messages.len(), 6, "{messages:?}");
    assert_eq!(
        messages.iter().filter(|m| m.sha256.is_some()).count(),
        2,
        "both files are stored"
    );
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn ticket_opened_on_saturday_says_when_the_office_opens(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    // Saturday 21 Nov 2026, 11:00 in Lima.
    let clock = Clock::fixed("2026-11-21T16:00:00Z".parse().expect("date"));
    let bot = Running::start(settings(&db, Some(&tg.api_url())), clock).await;
    let ally = Person {
        tg: &tg,
        user: TgUser::new(7201, "Rosa").with_language("es"),
    };
    ally.says("/especialista", "¿Qué tipo de atención").await;
    ally.taps("Consulta", "escriba su mensaje").await;
    let opened = ally
        .says("¿Cuándo se renueva la DDC?", "Registré su consulta")
        .await;
    let text = opened.text();
    assert!(text.contains("fuera de ese horario"), "{text}");
    assert!(
        text.contains("la oficina abre el lunes 23/11/2026 a las 08:30"),
        "{text}"
    );
    // Four office hours from Monday's opening.
    assert!(
        text.contains("a más tardar el lunes 23/11/2026 a las 12:30"),
        "{text}"
    );
    // The ally may end it; then the bot is back.
    ally.taps("Terminar consulta", "Cerramos su consulta").await;
    ally.says("/estado", "solicitud").await;
    let ticket = ticket_by_code(&bot.app, &ticket_code_in(opened.text())).await;
    assert_eq!(ticket.state.as_str(), "closed");
    assert_eq!(ticket.closed_by.as_deref(), Some("ally"));
    bot.stop().await;
}

async fn supervisor_is_alerted_once_when_a_ticket_has_no_first_answer_in_term(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let clock = monday_morning();
    let bot = Running::start(settings(&db, Some(&tg.api_url())), clock.clone()).await;
    add_staff(&bot.app, "Ana Torres", &[Role::Especialista], Some("9001")).await;
    add_staff(&bot.app, "Carla Ruiz", &[Role::Supervisor], Some("9501")).await;
    let ally = Person {
        tg: &tg,
        user: TgUser::new(7301, "Luis").with_language("es"),
    };
    let carla = Person {
        tg: &tg,
        user: TgUser::new(9501, "Carla").with_language("es"),
    };
    carla.says("/start", "Hola, Carla Ruiz").await;
    ally.says("quiero hablar con un especialista", "¿Qué tipo de atención")
        .await;
    ally.taps("Pedido", "escriba su mensaje").await;
    let opened = ally
        .says(
            "Necesito la lista de usuarios de mi distrito.",
            "Registré su pedido",
        )
        .await;
    let code = ticket_code_in(opened.text());
    // What the ally writes before anyone takes it is kept for the specialist.
    ally.says("Es urgente.", "Lo agregué a su consulta").await;

    // 13:59: still within the term.
    clock.advance(Duration::minutes(239));
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.ticket_alerts, 0);
    // 14:30: four office hours have passed without an answer.
    clock.advance(Duration::minutes(31));
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.ticket_alerts, 1);
    let alert = carla.gets("no tiene primera respuesta").await;
    assert!(alert.text().contains(&code), "{}", alert.text());
    assert!(
        alert.text().contains("Nadie la ha tomado"),
        "{}",
        alert.text()
    );
    // Once per ticket.
    let report = bot.app.scheduler().tick().await.expect("tick");
    assert_eq!(report.ticket_alerts, 0);

    // The supervisor lists tickets by state and category, and gets the month's report.
    carla.says("/consultas", "1 sin tomar").await;
    let list = carla.taps("Sin tomar", "por tipo").await;
    assert!(list.text().contains("Pedido (1)"), "{}", list.text());
    assert!(list.text().contains(&code), "{}", list.text());
    carla.taps("Volver", "Consultas:").await;
    carla.taps("Reporte del mes", "Consultas de 2026-11").await;
    let doc = carla.gets("Reporte mensual de consultas").await;
    let sheets = crate::support::xlsx::read_xlsx(&tg.document(&doc));
    assert_eq!(sheets[0].name, "Consultas por categoría");
    assert_eq!(sheets[1].name, "Preguntas frecuentes");
    assert_eq!(sheets[0].header[..2], ["Categoría", "Recibidas"]);
    let rows = sheets[0].texts();
    assert!(
        rows.iter()
            .any(|r| r[..5] == ["Pedido", "1", "0", "0", "0"]),
        "{rows:?}"
    );
    bot.stop().await;
}

// ----- end to end: an ally on WhatsApp, specialists on Telegram -----

/// An ally on WhatsApp: each step posts a signed webhook notification, as Meta does,
/// and waits for what the fake Graph API accepted from the bot.
struct WaAlly<'a> {
    wa: &'a FakeWhatsapp,
    bot: &'a Running,
    user: WaUser,
}

impl WaAlly<'_> {
    fn phone(&self) -> &str {
        &self.user.phone
    }

    async fn sends(&self, notification: serde_json::Value) {
        assert_eq!(post(&self.bot.http, &notification).await, 200);
    }

    async fn says(&self, text: &str, expect: &str) -> whatsapp::Sent {
        self.sends(self.wa.text(&self.user, text)).await;
        self.gets(expect).await
    }

    /// Taps a reply button or list row by its label as WhatsApp shows it.
    async fn taps(&self, label: &str, expect: &str) -> whatsapp::Sent {
        self.sends(self.wa.tap(&self.user, label)).await;
        self.gets(expect).await
    }

    async fn sends_pdf(&self, name: &str, bytes: Vec<u8>) {
        self.sends(self.wa.document(&self.user, name, "application/pdf", bytes))
            .await;
    }

    async fn gets(&self, expect: &str) -> whatsapp::Sent {
        self.wa.wait_for(self.phone(), expect).await
    }
}

/// The bot with both fakes: Telegram (polling) and WhatsApp (webhook and Graph API).
async fn start_with_both(db: &TestDb, tg: &FakeTelegram, wa: &FakeWhatsapp) -> Running {
    let mut s = settings(db, Some(&tg.api_url()));
    wa.configure(&mut s);
    Running::start(s, monday_morning()).await
}

/// From the menu WhatsApp shows to an opened ticket; the ticket's code.
async fn wa_ally_opens_a_ticket(ally: &WaAlly<'_>, category: &str, question: &str) -> String {
    // Five options: a list message, whose rows hold 24 characters.
    let menu = ally.says("hola", "¿Qué desea hacer?").await;
    assert_eq!(menu.interactive.as_deref(), Some("list"), "{menu:?}");
    let asked = ally
        .taps("Hablar con especialista", "¿Qué tipo de atención")
        .await;
    // Six categories: a list too.
    assert_eq!(asked.interactive.as_deref(), Some("list"), "{asked:?}");
    for expected in [
        "Consulta",
        "Pedido",
        "Reclamo",
        "Queja",
        "Denuncia",
        "Sugerencia",
    ] {
        assert!(
            asked.titles().iter().any(|t| t == expected),
            "{expected:?} in {:?}",
            asked.titles()
        );
    }
    ally.taps(category, "escriba su mensaje").await;
    let opened = ally
        .says(
            question,
            &format!("Registré su {}", category.to_lowercase()),
        )
        .await;
    ticket_code_in(opened.text())
}

async fn whatsapp_ally_and_telegram_specialist_talk_through_a_ticket(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let wa = FakeWhatsapp::start().await;
    let bot = start_with_both(&db, &tg, &wa).await;
    let ana_member = add_staff(&bot.app, "Ana Torres", &[Role::Especialista], Some("9701")).await;
    let ana = Person {
        tg: &tg,
        user: TgUser::new(9701, "Ana").with_language("es"),
    };
    let ally = WaAlly {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51900000201", "Luis"),
    };
    // The ally registered a request from this WhatsApp number: it goes with the ticket.
    let request = submitted_request(
        &bot.app,
        &local_request_data("090111", "912345678"),
        "whatsapp",
        ally.phone(),
    )
    .await;
    // Telegram bots write only to users who wrote to them first.
    ana.says("/consultas", "Tiene 0 consultas a su cargo").await;

    let code =
        wa_ally_opens_a_ticket(&ally, "Reclamo", "No me llega el correo con mi usuario.").await;
    let opened = wa
        .sent_to(ally.phone())
        .into_iter()
        .rev()
        .find(|s| s.text.contains("Registré su reclamo"))
        .expect("the ticket was confirmed");
    assert!(
        opened
            .text()
            .contains("a más tardar el lunes 23/11/2026 a las 14:00"),
        "{}",
        opened.text()
    );
    assert_eq!(
        opened.titles(),
        vec!["Terminar consulta".to_owned(), "Ver caso".to_owned()]
    );

    // The specialist is told on Telegram what it is about, takes it, and then sees
    // the ally's context and message.
    let new = ana.gets("Nueva consulta").await;
    for expected in [
        code.as_str(),
        "Reclamo",
        "Mariscal Cáceres (Huancavelica, Huancavelica)",
    ] {
        assert!(
            new.text().contains(expected),
            "{expected:?} in {}",
            new.text()
        );
    }
    assert!(!new.text().contains("Luis Pérez Soto"), "{}", new.text());
    let inside = ana
        .taps("Tomar", &format!("Está en la consulta {code}"))
        .await;
    for expected in [
        "WhatsApp",
        "Luis Pérez Soto",
        "Gobierno Local",
        request.code.as_str(),
        "esperando la declaración firmada",
        "No me llega el correo con mi usuario.",
    ] {
        assert!(
            inside.text().contains(expected),
            "{expected:?} in {}",
            inside.text()
        );
    }
    ally.gets("Ana Torres tomó su consulta").await;

    // Text both ways.
    ana.tg
        .send_text(&ana.user, "Revise su bandeja de spam, por favor.");
    let reply = ally.gets("Revise su bandeja de spam").await;
    // The first answer carries «Ver caso» (issue 25): a button message.
    assert_eq!(reply.kind, "interactive", "{reply:?}");
    assert_eq!(reply.titles(), ["Ver caso"]);
    assert_eq!(
        reply.text(),
        "Ana Torres (especialista): Revise su bandeja de spam, por favor."
    );
    ally.sends(wa.text(&ally.user, "Ya revisé y no está."))
        .await;
    let relayed = ana.gets("Ya revisé y no está.").await;
    assert!(relayed.text().starts_with(&code), "{}", relayed.text());

    // A PDF from WhatsApp reaches Telegram as a document with the same bytes; the
    // bot itself says nothing to the ally.
    let pdf = signed_pdf();
    ally.sends_pdf("oficio.pdf", pdf.clone()).await;
    let doc = ana.gets("archivo de").await;
    assert_eq!(doc.method, "sendDocument");
    assert_eq!(
        doc.document.as_ref().map(|d| d.0.as_str()),
        Some("oficio.pdf")
    );
    assert_eq!(tg.document(&doc), pdf);

    // A PDF from Telegram reaches WhatsApp as a document with the same bytes.
    let form = b"%PDF-1.4 formato sintetico de prueba".to_vec();
    ana.sends_pdf("formato.pdf", form.clone()).await;
    let back = ally.gets("Archivo de Ana Torres").await;
    assert_eq!(back.kind, "document", "{back:?}");
    assert_eq!(
        back.document.as_ref().map(|d| d.0.as_str()),
        Some("formato.pdf")
    );
    assert_eq!(wa.document_bytes(&back), form);
    // Since the ticket was opened the ally got only what the specialist did: the bot
    // answered nothing of what the ally wrote or sent.
    wa.wait_until_idle(ally.phone()).await;
    let since_opened: Vec<String> = wa
        .sent_to(ally.phone())
        .iter()
        .skip_while(|s| !s.text.contains("Registré su reclamo"))
        .skip(1)
        .map(|s| format!("[{}] {}", s.kind, s.text))
        .collect();
    assert_eq!(
        since_opened,
        [
            format!(
                "[interactive] El especialista Ana Torres tomó su consulta {code} y le responderá por aquí."
            ),
            "[interactive] Ana Torres (especialista): Revise su bandeja de spam, por favor."
                .to_owned(),
            format!("[document] Archivo de Ana Torres (especialista), consulta {code}"),
        ]
    );

    // The specialist closes with a note; the ally rates on WhatsApp and comments.
    ana.taps("Cerrar consulta", "respuesta final").await;
    ana.says("Se reenvió el correo con su usuario.", "Cerró la consulta")
        .await;
    let closed = ally.gets("cerró su consulta").await;
    assert!(
        closed
            .text()
            .contains("Se reenvió el correo con su usuario."),
        "{}",
        closed.text()
    );
    let rating = wa
        .sent_to(ally.phone())
        .into_iter()
        .rev()
        .find(|s| !s.options.is_empty())
        .expect("the rating is offered");
    // Seven choices (five marks, "Omitir" and «Ver caso»): a list message.
    assert_eq!(rating.interactive.as_deref(), Some("list"), "{rating:?}");
    assert_eq!(
        rating.titles(),
        [
            "1 (mala)",
            "2",
            "3",
            "4",
            "5 (muy buena)",
            "Omitir",
            "Ver caso"
        ]
    );
    let id = ticket_by_code(&bot.app, &code).await.id;
    assert_eq!(rating.options[4].id, format!("tk:rate:{id}:5"));
    let rated = ally.taps("5 (muy buena)", "Gracias por calificar").await;
    assert!(rated.titles().iter().any(|t| t == "Omitir"), "{rated:?}");
    ally.says("Rápido y claro, gracias.", "Gracias por su comentario")
        .await;
    // Back with the bot.
    ally.says("hola", "¿Qué desea hacer?").await;

    let ticket = ticket_by_code(&bot.app, &code).await;
    assert_eq!(ticket.state.as_str(), "closed");
    assert_eq!(ticket.channel, contigo_bot::message::Channel::Whatsapp);
    assert_eq!(ticket.chat_id, ally.phone());
    assert_eq!(ticket.specialist_id, Some(ana_member.id));
    assert_eq!(ticket.closed_by, Some(ana_member.actor_label()));
    assert_eq!(ticket.rating, Some(5));
    assert_eq!(
        ticket.rating_comment.as_deref(),
        Some("Rápido y claro, gracias.")
    );
    assert_eq!(
        ticket.resolution.as_deref(),
        Some("Se reenvió el correo con su usuario.")
    );
    assert!(ticket.first_response_at.is_some());
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let messages = tickets::messages(&mut conn, ticket.id, 100)
        .await
        .expect("messages");
    // Question, reply, text, PDF, file back, resolution.
    assert_eq!(messages.len(), 6, "{messages:?}");
    let shas: Vec<&str> = messages
        .iter()
        .filter_map(|m| m.sha256.as_deref())
        .collect();
    assert_eq!(
        shas,
        vec![sha256(&pdf), sha256(&form)],
        "both files are stored"
    );
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

/// The first message to `chat` containing one of `any` (10 s at most).
async fn answer_to_take(tg: &FakeTelegram, chat: i64, any: &[&str]) -> Sent {
    for _ in 0..200 {
        if let Some(found) = tg
            .messages_to(chat)
            .into_iter()
            .find(|m| any.iter().any(|s| m.text().contains(s)))
        {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "none of {any:?} reached chat {chat}: {:?}",
        tg.messages_to(chat)
    );
}

async fn two_specialists_on_telegram_race_for_a_whatsapp_allys_ticket(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let wa = FakeWhatsapp::start().await;
    let bot = start_with_both(&db, &tg, &wa).await;
    let ana_member = add_staff(&bot.app, "Ana Torres", &[Role::Especialista], Some("9801")).await;
    let beto_member = add_staff(&bot.app, "Beto Ramos", &[Role::Especialista], Some("9802")).await;
    let ana = Person {
        tg: &tg,
        user: TgUser::new(9801, "Ana").with_language("es"),
    };
    let beto = Person {
        tg: &tg,
        user: TgUser::new(9802, "Beto").with_language("es"),
    };
    let ally = WaAlly {
        wa: &wa,
        bot: &bot,
        user: WaUser::new("51900000202", "Rosa"),
    };
    ana.says("/consultas", "Tiene 0 consultas a su cargo").await;
    beto.says("/consultas", "Tiene 0 consultas a su cargo")
        .await;
    let code =
        wa_ally_opens_a_ticket(&ally, "Queja", "Nadie contesta el teléfono de la oficina.").await;
    ana.gets("Nueva consulta").await;
    beto.gets("Nueva consulta").await;

    // Both tap "Tomar" before either hears back. (The bot handles a channel's events
    // in order; the engine-level race below runs the two takes truly concurrently.)
    tg.press_button(&ana.user, "Tomar");
    tg.press_button(&beto.user, "Tomar");
    let outcome = ["Está en la consulta", "ya la tomó"];
    let (a, b) = tokio::join!(
        answer_to_take(&tg, ana.chat(), &outcome),
        answer_to_take(&tg, beto.chat(), &outcome)
    );
    let won = |s: &Sent| s.text().contains("Está en la consulta");
    let lost = |s: &Sent| s.text().contains("ya la tomó");
    assert!(
        (won(&a) && lost(&b)) || (lost(&a) && won(&b)),
        "one wins, the other is told:\n{}\n===\n{}",
        a.text(),
        b.text()
    );
    let (winner, loser_text) = if won(&a) {
        (&ana_member, &b)
    } else {
        (&beto_member, &a)
    };
    assert!(
        loser_text.text().contains(&winner.name),
        "the loser is told who has it: {}",
        loser_text.text()
    );

    // The ally hears once, from the winner, on WhatsApp.
    ally.gets(&format!("{} tomó su consulta", winner.name))
        .await;
    wa.wait_until_idle(ally.phone()).await;
    let taken = wa
        .sent_to(ally.phone())
        .iter()
        .filter(|s| s.text.contains("tomó su consulta"))
        .count();
    assert_eq!(taken, 1);
    let ticket = ticket_by_code(&bot.app, &code).await;
    assert_eq!(ticket.specialist_id, Some(winner.id));
    assert_eq!(ticket.state.as_str(), "taken");
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    assert!(wa.refusals().is_empty(), "{:?}", wa.refusals());
    bot.stop().await;
}

// ----- engine level: a WhatsApp ally, a Telegram specialist -----

struct Engine<'a> {
    app: &'a App,
}

impl Engine<'_> {
    async fn turn(&self, chat: &ChatRef, input: Inbound) -> Vec<Outbound> {
        let mut tx = self.app.store.begin().await.expect("begin");
        let out = self
            .app
            .engine
            .handle(&mut tx, chat, input)
            .await
            .expect("turn");
        tx.commit().await.expect("commit");
        out
    }

    async fn text(&self, chat: &ChatRef, text: &str) -> String {
        joined(&self.turn(chat, Inbound::Text(text.into())).await)
    }

    async fn choice(&self, chat: &ChatRef, id: &str) -> String {
        joined(&self.turn(chat, Inbound::Choice(id.into())).await)
    }

    /// Outbox rows written since `after`: (id, channel, chat id, message).
    async fn outbox_since(&self, after: i64) -> Vec<(i64, String, String, Outbound)> {
        let mut conn = self.app.store.pool.acquire().await.expect("conn");
        sqlx::query("SELECT id, channel, chat_id, payload FROM outbox WHERE id > $1 ORDER BY id")
            .bind(after)
            .fetch_all(&mut *conn)
            .await
            .expect("outbox")
            .into_iter()
            .map(|r| {
                let payload: String = r.get("payload");
                (
                    r.get("id"),
                    r.get("channel"),
                    r.get("chat_id"),
                    serde_json::from_str(&payload).expect("payload"),
                )
            })
            .collect()
    }

    async fn last_outbox_id(&self) -> i64 {
        self.outbox_since(0).await.last().map(|r| r.0).unwrap_or(0)
    }
}

fn joined(out: &[Outbound]) -> String {
    out.iter()
        .map(Outbound::text)
        .collect::<Vec<_>>()
        .join("\n---\n")
}

fn chat(channel: Channel, id: &str) -> ChatRef {
    ChatRef {
        channel,
        chat_id: id.into(),
        lang_hint: Some("es".into()),
    }
}

fn pdf_file(name: &str, bytes: Vec<u8>) -> Inbound {
    Inbound::File(IncomingFile {
        origin: FileOrigin::Document,
        name: Some(name.into()),
        content: FileContent::Bytes(bytes),
    })
}

fn sha256(bytes: &[u8]) -> String {
    contigo_bot::documents::sha256_hex(bytes)
}

async fn whatsapp_ally_and_telegram_specialist_are_relayed_through_the_outbox(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let e = Engine { app: &app };
    let ana = add_staff(&app, "Ana Torres", &[Role::Especialista], Some("9401")).await;
    add_staff(&app, "Pedro Díaz", &[Role::Uac], Some("9402")).await;
    let ally = chat(Channel::Whatsapp, "51987000111");
    let other_ally = chat(Channel::Whatsapp, "51987000222");
    let specialist = chat(Channel::Telegram, "9401");
    let reviewer = chat(Channel::Telegram, "9402");

    // The ally has a request: its code and stage go with the ticket.
    let request = {
        let mut conn = app.store.pool.acquire().await.expect("conn");
        let data = RequestData {
            access_type: Some(AccessType::Regional),
            region_code: Some("09".into()),
            resp_names: PersonName::parse("Luis Alberto").ok(),
            resp_surnames: PersonName::parse("Pérez Soto").ok(),
            ..RequestData::default()
        };
        requests::insert(
            &mut conn,
            requests::NewRequest {
                data: &data,
                access_type: AccessType::Regional,
                jurisdiction: "09",
                authority_dni: "45678912",
                stage: Stage::UacReview,
                fiscal_year: 2026,
                kind: contigo_bot::domain::request::RequestKind::New,
                previous_id: None,
                chat: ChatKey::new(Channel::Whatsapp, &ally.chat_id),
                locale: "es",
            },
            app.clock.unix(),
        )
        .await
        .expect("request")
    };

    // Two messages the bot does not understand: it offers a person.
    e.text(&ally, "xyzzy").await;
    let second = e.text(&ally, "plugh").await;
    assert!(second.contains("/especialista"), "{second}");
    let asked = e.text(&ally, "/especialista").await;
    assert!(asked.contains("¿Qué tipo de atención"), "{asked}");
    e.choice(&ally, "tk:cat:consulta").await;
    let mark = e.last_outbox_id().await;
    let opened = e.text(&ally, "¿En qué etapa está mi solicitud?").await;
    let code = ticket_code_in(&opened);
    let ticket = ticket_by_code(&app, &code).await;
    let id = ticket.id;

    // The specialist's Telegram chat gets the ticket, with the ally's context.
    let rows = e.outbox_since(mark).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let (_, channel, chat_id, Outbound::Text { text, choices }) = &rows[0] else {
        panic!("a text: {rows:?}");
    };
    assert_eq!((channel.as_str(), chat_id.as_str()), ("telegram", "9401"));
    assert!(text.contains(code.as_str()), "{text}");
    for hidden in [
        "Luis Alberto Pérez Soto",
        "¿En qué etapa está mi solicitud?",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} in {text}");
    }
    assert_eq!(choices[0].id, format!("tk:take:{id}"));

    // Only an especialista may take it.
    let refused = e.choice(&reviewer, &format!("tk:take:{id}")).await;
    assert!(refused.contains("su rol no lo permite"), "{refused}");
    let mark = e.last_outbox_id().await;
    let inside = e.choice(&specialist, &format!("tk:take:{id}")).await;
    assert!(inside.contains("Está en la consulta"), "{inside}");
    for expected in [
        request.code.as_str(),
        "Gobierno Regional",
        "Luis Alberto Pérez Soto",
        "WhatsApp",
        "revisión de requisitos",
        "¿En qué etapa está mi solicitud?",
    ] {
        assert!(inside.contains(expected), "{expected:?} in {inside}");
    }
    let rows = e.outbox_since(mark).await;
    assert_eq!(rows[0].1, "whatsapp");
    assert_eq!(rows[0].2, ally.chat_id);
    assert!(rows[0].3.text().contains("tomó su consulta"), "{rows:?}");

    // A PDF from the WhatsApp ally reaches the Telegram specialist as a document;
    // the bot itself says nothing.
    let pdf = signed_pdf();
    let mark = e.last_outbox_id().await;
    let said = e.turn(&ally, pdf_file("oficio.pdf", pdf.clone())).await;
    assert!(said.is_empty(), "{said:?}");
    let rows = e.outbox_since(mark).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_str()),
        ("telegram", "9401")
    );
    match &rows[0].3 {
        Outbound::Document {
            sha256: sha,
            file_name,
            ..
        } => {
            assert_eq!(sha, &sha256(&pdf));
            assert_eq!(file_name, "oficio.pdf");
        }
        other => panic!("a document: {other:?}"),
    }
    // Typed numbers are messages, not menu picks, while in a ticket.
    let mark = e.last_outbox_id().await;
    e.text(&ally, "2").await;
    let rows = e.outbox_since(mark).await;
    assert!(rows[0].3.text().ends_with(": 2"), "{rows:?}");

    // The specialist's reply and file reach the ally on WhatsApp.
    let mark = e.last_outbox_id().await;
    let said = e.text(&specialist, "Está en revisión de la UAC.").await;
    assert!(said.is_empty(), "{said}");
    let form = b"%PDF-1.4 formato".to_vec();
    e.turn(&specialist, pdf_file("formato.pdf", form.clone()))
        .await;
    let rows = e.outbox_since(mark).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r.1 == "whatsapp" && r.2 == ally.chat_id)
    );
    assert_eq!(
        rows[0].3.text(),
        "Ana Torres (especialista): Está en revisión de la UAC."
    );
    assert!(
        matches!(&rows[1].3, Outbound::Document { sha256: s, .. } if *s == sha256(&form)),
        "{rows:?}"
    );

    // Another ally cannot rate, or otherwise touch, this ticket.
    let nope = e.choice(&other_ally, &format!("tk:rate:{id}:1")).await;
    assert!(nope.contains("ya fue calificada"), "{nope}");

    // Closing sends the resolution and the rating question to WhatsApp.
    e.choice(&specialist, &format!("tk:close:{id}")).await;
    let mark = e.last_outbox_id().await;
    e.text(&specialist, "Su solicitud pasará a UAJ mañana.")
        .await;
    let rows = e.outbox_since(mark).await;
    let (_, channel, _, Outbound::Text { text, choices }) = &rows[0] else {
        panic!("{rows:?}");
    };
    assert_eq!(channel, "whatsapp");
    assert!(text.contains("Su solicitud pasará a UAJ mañana."), "{text}");
    assert_eq!(choices[4].id, format!("tk:rate:{id}:5"));

    // Typed on WhatsApp, "5" is the rating.
    let thanks = e.text(&ally, "5").await;
    assert!(thanks.contains("Gracias por calificar"), "{thanks}");
    e.text(&ally, "Rápido y claro.").await;
    let ticket = ticket_by_code(&app, &code).await;
    assert_eq!(ticket.rating, Some(5));
    assert_eq!(ticket.rating_comment.as_deref(), Some("Rápido y claro."));
    assert_eq!(ticket.specialist_id, Some(ana.id));
    app.store.close().await;
}

async fn two_specialists_racing_to_take_a_ticket_only_one_wins(backend: Backend) {
    let db = TestDb::new(backend).await;
    let app = App::build(settings(&db, None), monday_morning())
        .await
        .expect("app");
    let e = Engine { app: &app };
    let ana = add_staff(&app, "Ana Torres", &[Role::Especialista], Some("9601")).await;
    let beto = add_staff(&app, "Beto Ramos", &[Role::Especialista], Some("9602")).await;
    let ally = chat(Channel::Whatsapp, "51987000333");
    e.text(&ally, "/especialista").await;
    e.choice(&ally, "tk:cat:queja").await;
    let opened = e.text(&ally, "Nadie contesta el teléfono.").await;
    let ticket = ticket_by_code(&app, &ticket_code_in(&opened)).await;
    let take = format!("tk:take:{}", ticket.id);

    let a = chat(Channel::Telegram, "9601");
    let b = chat(Channel::Telegram, "9602");
    let (ra, rb) = tokio::join!(e.choice(&a, &take), e.choice(&b, &take));
    let winners = [&ra, &rb]
        .iter()
        .filter(|r| r.contains("Está en la consulta"))
        .count();
    let losers = [&ra, &rb]
        .iter()
        .filter(|r| r.contains("ya la tomó"))
        .count();
    assert_eq!((winners, losers), (1, 1), "{ra}\n===\n{rb}");
    let (winner, loser, loser_chat) = if ra.contains("Está en la consulta") {
        (&ana, &beto, &b)
    } else {
        (&beto, &ana, &a)
    };
    let fresh = ticket_by_code(&app, &ticket.code).await;
    assert_eq!(fresh.specialist_id, Some(winner.id));
    let loser_text = if loser_chat.chat_id == "9601" {
        &ra
    } else {
        &rb
    };
    assert!(loser_text.contains(&winner.name), "{loser_text}");

    // The winner hands it to the loser, who can then answer.
    let winner_chat = if winner.id == ana.id { &a } else { &b };
    let colleagues = e
        .choice(winner_chat, &format!("tk:hand:{}", ticket.id))
        .await;
    assert!(colleagues.contains("¿A quién"), "{colleagues}");
    let mark = e.last_outbox_id().await;
    e.choice(winner_chat, &format!("tk:to:{}:{}", ticket.id, loser.id))
        .await;
    let rows = e.outbox_since(mark).await;
    assert!(
        rows.iter()
            .any(|r| r.2 == loser_chat.chat_id && r.3.text().contains("le derivó")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.2 == ally.chat_id && r.3.text().contains("pasó al especialista")),
        "{rows:?}"
    );
    // The former holder can no longer write to the ally.
    let refused = e
        .choice(winner_chat, &format!("tk:close:{}", ticket.id))
        .await;
    assert!(refused.contains("no está a su cargo"), "{refused}");
    let inside = e
        .choice(loser_chat, &format!("tk:open:{}", ticket.id))
        .await;
    assert!(inside.contains("Está en la consulta"), "{inside}");
    let mut conn = app.store.pool.acquire().await.expect("conn");
    let taken: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ticket_events WHERE ticket_id = $1 AND event = 'taken'",
    )
    .bind(ticket.id)
    .fetch_one(&mut *conn)
    .await
    .expect("events")
    .get("n");
    assert_eq!(taken, 1);
    drop(conn);
    app.store.close().await;
}

backends!(
    ticket_opened_taken_answered_closed_and_rated_on_telegram,
    ticket_opened_on_saturday_says_when_the_office_opens,
    supervisor_is_alerted_once_when_a_ticket_has_no_first_answer_in_term,
    whatsapp_ally_and_telegram_specialist_are_relayed_through_the_outbox,
    two_specialists_racing_to_take_a_ticket_only_one_wins,
    whatsapp_ally_and_telegram_specialist_talk_through_a_ticket,
    two_specialists_on_telegram_race_for_a_whatsapp_allys_ticket,
);
