//! The specialists' tickets inbox in the console, over real HTTP: an ally's ticket
//! (opened in their Telegram chat, with a file) waits without the ally's data; the
//! specialist takes it, reads the context and the file, sees the ally's next message
//! arrive through the polling fragment, replies (the reply reaches the ally's chat),
//! hands it to a colleague, who closes it with a note. And the refusals: a form
//! without its CSRF token, a colleague who does not hold it, a UAJ member (its own inbox, not this ticket).

use contigo_bot::domain::stage::Role;
use contigo_bot::domain::ticket::TicketState;
use contigo_bot::message::{Channel, ChatKey};
use contigo_bot::store::{personal_data, staff, tickets};
use reqwest::StatusCode;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link, setup, staff_member};
use crate::support::browser::{hidden, post_slowly};
use crate::support::telegram::{FakeTelegram, TgUser};
use crate::support::{
    Backend, Running, add_staff, local_request_data, signed_pdf, submitted_request,
};

/// A specialist who has written to the bot (Telegram bots only write to those).
async fn specialist(bot: &Running, tg: &FakeTelegram, user: &TgUser, name: &str) {
    add_staff(&bot.app, name, &[Role::Especialista], user.id).await;
    tg.send_text(user, "/consultas");
    tg.wait_for(user.chat_id(), "consultas a su cargo").await;
}

/// An ally with a request opens a complaint and attaches a PDF; returns the ticket.
pub(crate) async fn ally_opens_a_ticket(
    bot: &Running,
    tg: &FakeTelegram,
    ally: &TgUser,
) -> tickets::TicketRow {
    tg.send_text(ally, "/start");
    tg.wait_for(ally.chat_id(), "¿Qué desea hacer?").await;
    submitted_request(
        &bot.app,
        &local_request_data("090101", "912345678"),
        "telegram",
        &ally.id.to_string(),
    )
    .await;
    tg.send_text(ally, "/especialista");
    tg.wait_for(ally.chat_id(), "¿Qué tipo de atención").await;
    tg.press_button(ally, "Reclamo");
    tg.wait_for(ally.chat_id(), "escriba su mensaje").await;
    tg.send_text(ally, "No me llega el correo con mi usuario.");
    tg.wait_for(ally.chat_id(), "Registré su reclamo").await;
    tg.send_document(ally, "oficio.pdf", "application/pdf", signed_pdf());
    tg.wait_for(ally.chat_id(), "Lo agregué a su consulta")
        .await;
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let open = tickets::by_state(&mut conn, TicketState::Open, None, 10)
        .await
        .expect("tickets");
    open.into_iter().next().expect("the ally's ticket")
}

async fn ticket_now(bot: &Running, id: i64) -> tickets::TicketRow {
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    tickets::get(&mut conn, id)
        .await
        .expect("read")
        .expect("ticket")
}

async fn specialist_answers_an_allys_ticket_from_the_console(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let ana = TgUser::new(9501, "Ana");
    let bruno = TgUser::new(9502, "Bruno");
    let carla = TgUser::new(9503, "Carla");
    specialist(&bot, &tg, &ana, "Ana Torres").await;
    specialist(&bot, &tg, &bruno, "Bruno Díaz").await;
    staff_member(&bot, &tg, &carla, Role::Uaj).await;
    let ally = TgUser::new(8501, "Luis");
    let ticket = ally_opens_a_ticket(&bot, &tg, &ally).await;
    let (id, code) = (ticket.id, ticket.code.clone());
    let file_message = {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        tickets::messages(&mut conn, id, 10)
            .await
            .expect("messages")
            .into_iter()
            .find(|m| m.sha256.is_some())
            .expect("the PDF's message")
            .id
    };
    let file_url = format!("/console/tickets/{id}/files/{file_message}");

    // Untaken: Ana sees what it is about, not who wrote or what. A specialist's
    // console opens on her tickets inbox.
    let mut a = logged_in(&bot, &login_link(&tg, &ana).await).await;
    let home = a.get("/console/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.body.contains("Por tomar (1)"), "{}", home.body);
    assert!(home.body.contains(&code), "{}", home.body);
    let inbox = a.get("/console/tickets").await;
    assert_eq!(inbox.status, StatusCode::OK, "{}", inbox.body);
    assert!(inbox.body.contains(&code), "{}", inbox.body);
    assert!(inbox.body.contains("Por tomar (1)"), "{}", inbox.body);
    assert!(!inbox.body.contains("Luis Pérez"), "{}", inbox.body);
    let page = a.get(&format!("/console/tickets/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Tomar"), "{}", page.body);
    assert!(
        !page.body.contains("No me llega el correo"),
        "{}",
        page.body
    );
    assert_eq!(a.get(&file_url).await.status, StatusCode::FORBIDDEN);
    let csrf = hidden(&page.body, "csrf");

    // A form without its CSRF token changes nothing.
    let forged = a
        .post(&format!("/console/tickets/{id}/take"), &[("csrf", "x")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(ticket_now(&bot, id).await.state, TicketState::Open);

    // She takes it: the context, the message and the file; the ally hears of it.
    let taken = a
        .post(&format!("/console/tickets/{id}/take"), &[("csrf", &csrf)])
        .await;
    assert_eq!(
        taken.location.as_deref(),
        Some(format!("/console/tickets/{id}").as_str())
    );
    let taken = a.follow(&taken).await;
    assert!(taken.body.contains("Tomó la consulta"), "{}", taken.body);
    assert!(
        taken.body.contains("No me llega el correo"),
        "{}",
        taken.body
    );
    assert!(taken.body.contains("Luis Pérez"), "{}", taken.body);
    assert!(taken.body.contains("oficio.pdf"), "{}", taken.body);
    tg.wait_for(ally.chat_id(), "Ana Torres tomó su consulta")
        .await;
    let pdf = a.get(&file_url).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(pdf.body.starts_with("%PDF"));

    // The ally writes again: the page's poll brings just that message.
    let last = hidden_attr(&taken.body, "data-after");
    tg.send_text(&ally, "¿Me pueden ayudar hoy?");
    tg.wait_for(ana.chat_id(), "¿Me pueden ayudar hoy?").await;
    let fresh = a
        .get(&format!("/console/tickets/{id}/messages?after={last}"))
        .await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
    assert!(
        fresh.body.contains("¿Me pueden ayudar hoy?"),
        "{}",
        fresh.body
    );
    assert!(!fresh.body.contains("No me llega"), "{}", fresh.body);
    let newest = hidden_attr(&fresh.body, "data-id");
    let none = a
        .get(&format!("/console/tickets/{id}/messages?after={newest}"))
        .await;
    assert_eq!(none.status, StatusCode::NO_CONTENT);

    // An empty reply is refused with what to do; a real one reaches the ally's chat.
    let empty = a
        .post_multipart(
            &format!("/console/tickets/{id}/reply"),
            &[("csrf", &csrf), ("text", "  ")],
            &[],
        )
        .await;
    // Post/Redirect/Get: back to the ticket with what to do.
    assert_eq!(empty.status, StatusCode::SEE_OTHER);
    let empty = a.follow(&empty).await;
    assert!(
        empty.body.contains("Escriba su respuesta"),
        "{}",
        empty.body
    );
    // Too long: refused, and what was typed comes back in the box, not lost; the
    // box itself stops at the limit.
    let long = format!("Respuesta larga {}", "x".repeat(3500));
    let refused = a
        .post_multipart(
            &format!("/console/tickets/{id}/reply"),
            &[("csrf", &csrf), ("text", &long)],
            &[],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let refused = a.follow(&refused).await;
    assert!(refused.body.contains(&long), "the typed reply is kept");
    assert!(
        refused
            .body
            .contains(r#"id="reply" name="text" rows="3" maxlength="3500""#),
        "{}",
        refused.body
    );
    let form = b"%PDF-1.4 formato sintetico de prueba".to_vec();
    let without_token = a
        .post_multipart(
            &format!("/console/tickets/{id}/reply"),
            &[("text", "Hola")],
            &[],
        )
        .await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN);
    let spent = a.once.clone().expect("the page's form token");
    let replied = a
        .post_multipart(
            &format!("/console/tickets/{id}/reply"),
            &[
                ("csrf", &csrf),
                ("text", "Revise su bandeja de spam, por favor."),
            ],
            &[("file", "formato.pdf", form.clone())],
        )
        .await;
    let shown = a.follow(&replied).await;
    assert!(
        shown.body.contains("Revise su bandeja de spam"),
        "{}",
        shown.body
    );
    let relayed = tg
        .wait_for(ally.chat_id(), "Revise su bandeja de spam")
        .await;
    assert!(
        relayed.text().starts_with("Ana Torres (especialista):"),
        "{}",
        relayed.text()
    );
    // The file follows, as a document named as the specialist's file was.
    let back = tg.wait_for(ally.chat_id(), "Archivo de Ana Torres").await;
    assert_eq!(back.method, "sendDocument");
    assert_eq!(
        back.document.as_ref().map(|d| d.0.as_str()),
        Some("formato.pdf")
    );
    assert_eq!(tg.document(&back), form);
    // The same form sent again (a reload of the POST, back, a double click): its
    // token is spent, nothing is sent, and the page says so.
    let resent = a
        .post_multipart(
            &format!("/console/tickets/{id}/reply"),
            &[
                ("csrf", &csrf),
                ("once", &spent),
                ("text", "Revise su bandeja de spam, por favor."),
            ],
            &[("file", "formato.pdf", form.clone())],
        )
        .await;
    let resent = a.follow(&resent).await;
    assert!(
        resent.body.contains("ya se había enviado"),
        "{}",
        resent.body
    );
    tg.wait_until_idle(ally.chat_id()).await;
    let copies = tg
        .sent_to(ally.chat_id())
        .iter()
        .filter(|m| m.text().contains("Revise su bandeja de spam"))
        .count();
    assert_eq!(copies, 1, "the reply reaches the ally once");
    let files = tg
        .sent_to(ally.chat_id())
        .iter()
        .filter(|m| m.text().contains("Archivo de Ana Torres"))
        .count();
    assert_eq!(files, 1, "the file reaches the ally once");
    // Over the upload limit: refused, nothing sent.
    let huge = vec![b'x'; 10 * 1024 * 1024 + 1];
    let refused = a
        .post_multipart(
            &format!("/console/tickets/{id}/reply"),
            &[("csrf", &csrf), ("text", "")],
            &[("file", "grande.bin", huge)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    let refused = a.follow(&refused).await;
    assert!(
        refused.body.contains("pesa más de 10 MB"),
        "{}",
        refused.body
    );
    // Far over it: the form is not taken, and the page says why (413).
    let far = vec![b'x'; 11 * 1024 * 1024];
    let cut = a
        .post_multipart(
            &format!("/console/tickets/{id}/reply"),
            &[("csrf", &csrf), ("text", "no debe llegar")],
            &[("file", "enorme.bin", far)],
        )
        .await;
    assert_eq!(cut.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", cut.body);
    assert!(cut.body.contains("pesa más de 10 MB"), "{}", cut.body);
    // The same connection serves the next page (the body was read to its end).
    assert_eq!(
        a.get(&format!("/console/tickets/{id}")).await.status,
        StatusCode::OK
    );
    tg.wait_until_idle(ally.chat_id()).await;
    assert!(
        !tg.sent_to(ally.chat_id())
            .iter()
            .any(|m| m.text().contains("no debe llegar")),
        "a cut-off form sends nothing"
    );
    let now = ticket_now(&bot, id).await;
    assert_eq!(now.state, TicketState::Answered);
    assert!(now.first_response_at.is_some());

    // Holding the ticket opens nothing of the ally's request at the review desk.
    let request = ticket_now(&bot, id).await.request_id.expect("a request");
    for path in [
        format!("/console/requests/{request}"),
        format!("/console/requests/{request}/files/ddc"),
    ] {
        assert_eq!(a.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }

    // Bruno does not hold it: no page, no messages, no file; Carla (UAJ) not this ticket.
    let mut b = logged_in(&bot, &login_link(&tg, &bruno).await).await;
    for path in [
        format!("/console/tickets/{id}"),
        format!("/console/tickets/{id}/messages?after=0"),
        file_url.clone(),
    ] {
        assert_eq!(b.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    // UAJ holds the cases derived to it (issue 25): its inbox opens, without this one.
    let mut c = logged_in(&bot, &login_link(&tg, &carla).await).await;
    let inbox = c.get("/console/tickets").await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(!inbox.body.contains(&code), "{}", inbox.body);
    assert_eq!(
        c.get(&format!("/console/tickets/{id}")).await.status,
        StatusCode::FORBIDDEN
    );

    // Ana hands it to Bruno; he is briefed in his chat, the ally told.
    let bruno_id = {
        let mut conn = bot.app.store.pool.acquire().await.expect("conn");
        staff::by_chat(&mut conn, ChatKey::new(Channel::Telegram, "9502"))
            .await
            .expect("staff")
            .expect("bruno")
            .id
    };
    let handed = a
        .post(
            &format!("/console/tickets/{id}/hand"),
            &[("csrf", &csrf), ("to", &bruno_id.to_string())],
        )
        .await;
    assert_eq!(handed.location.as_deref(), Some("/console/tickets"));
    let handed = a.follow(&handed).await;
    assert!(
        handed.body.contains("Derivó la consulta"),
        "{}",
        handed.body
    );
    tg.wait_for(ally.chat_id(), "pasó al especialista Bruno Díaz")
        .await;
    tg.wait_for(bruno.chat_id(), "le derivó la consulta").await;
    assert_eq!(
        a.get(&format!("/console/tickets/{id}")).await.status,
        StatusCode::FORBIDDEN
    );

    // Bruno closes it with a note: too short first, then the ally gets it to rate.
    let page = b.get(&format!("/console/tickets/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let b_csrf = hidden(&page.body, "csrf");
    let short = b
        .post(
            &format!("/console/tickets/{id}/close"),
            &[("csrf", &b_csrf), ("text", "ok")],
        )
        .await;
    assert_eq!(short.status, StatusCode::SEE_OTHER);
    let short = b.follow(&short).await;
    assert!(
        short.body.contains(">ok</textarea>"),
        "the typed note is kept: {}",
        short.body
    );
    assert!(ticket_now(&bot, id).await.state.is_active());
    let closed = b
        .post(
            &format!("/console/tickets/{id}/close"),
            &[
                ("csrf", &b_csrf),
                ("text", "Se reenvió el correo de acceso."),
            ],
        )
        .await;
    assert_eq!(closed.location.as_deref(), Some("/console/tickets"));
    let to_rate = tg
        .wait_for(ally.chat_id(), "Se reenvió el correo de acceso.")
        .await;
    assert!(to_rate.text().contains("calificaría"), "{}", to_rate.text());
    assert_eq!(ticket_now(&bot, id).await.state, TicketState::Closed);

    // The supervisor's view counts it: received, answered in term; and as CSV.
    let sara = TgUser::new(9504, "Sara");
    add_staff(&bot.app, "Sara", &[Role::Supervisor], sara.id).await;
    tg.send_text(&sara, "/start");
    tg.wait_for(sara.chat_id(), "Sara").await;
    let mut s = logged_in(&bot, &login_link(&tg, &sara).await).await;
    let view = s.get("/console/supervisor").await;
    let reclamo = view
        .body
        .split("<tr")
        .find(|row| row.contains("Reclamo"))
        .expect("a complaints row");
    assert!(reclamo.contains("\">1</td>"), "{reclamo}");
    // Supervisors read the closed ticket, with no form to act on it.
    let read = s.get(&format!("/console/tickets/{id}")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(read.body.contains("Se reenvió el correo de acceso."));
    assert!(!read.body.contains("/reply\""), "{}", read.body);
    let csv = s.get("/console/supervisor/tickets.csv?month=2026-11").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.contains("\nReclamo,1,1,1,1,0,0,0,,1,0,0\n"),
        "{}",
        csv.body
    );

    // Every console read of the ticket's personal data is in the request's record.
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let reads = personal_data::for_request(&mut conn, request)
        .await
        .expect("record");
    for what in ["ticket_context", "ticket_file", "ticket_messages"] {
        assert!(
            reads
                .iter()
                .any(|r| r.channel == "console" && r.what == what),
            "{what} recorded: {reads:?}"
        );
    }
    bot.stop().await;
}

/// The value of the first `name="…"` attribute in a piece of HTML.
fn hidden_attr(body: &str, name: &str) -> String {
    let marker = format!("{name}=\"");
    let at = body.find(&marker).expect("the attribute") + marker.len();
    body[at..].split('"').next().expect("its value").to_owned()
}

/// A close that loses a race (the ally ended the ticket after the specialist's page
/// read it as theirs) leaves nothing behind, whatever the caller commits: no note,
/// no first answer.
async fn a_close_that_loses_the_race_leaves_no_note(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let ana = TgUser::new(9511, "Ana");
    specialist(&bot, &tg, &ana, "Ana Torres").await;
    let ally = TgUser::new(8511, "Luis");
    let ticket = ally_opens_a_ticket(&bot, &tg, &ally).await;
    let now = bot.app.clock.unix();
    let mut tx = bot.app.store.begin().await.expect("tx");
    let member = staff::by_chat(
        &mut tx,
        ChatKey::new(Channel::Telegram, &ana.id.to_string()),
    )
    .await
    .expect("read")
    .expect("Ana");
    assert!(
        tickets::take(&mut tx, &ticket, member.id, "Ana Torres", now)
            .await
            .expect("take")
    );
    let held = tickets::get(&mut tx, ticket.id)
        .await
        .expect("read")
        .expect("ticket");
    let before = tickets::messages(&mut tx, ticket.id, 50)
        .await
        .expect("messages")
        .len();
    // Meanwhile the ally ends it.
    assert!(
        tickets::close(&mut tx, &held, tickets::Closer::Ally, "ally", None, now)
            .await
            .expect("ally closes")
    );
    let closed = contigo_bot::services::tickets::close_with_note(
        &mut tx,
        &member,
        &held,
        "Resuelto por correo.",
        now,
    )
    .await
    .expect("close");
    assert!(closed.is_none(), "no longer the specialist's to close");
    tx.commit().await.expect("the caller commits anyway");
    let after = ticket_now(&bot, ticket.id).await;
    assert_eq!(after.closed_by.as_deref(), Some("ally"));
    assert_eq!(after.resolution, None);
    assert_eq!(after.first_response_at, None, "no first answer recorded");
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let messages = tickets::messages(&mut conn, ticket.id, 50)
        .await
        .expect("messages");
    assert_eq!(messages.len(), before, "the note was not kept");
}

/// A phone on a slow link sends a reply with a file of 11 MB: the server reads the
/// body to its end and answers the page that says the file weighs more than 10 MB,
/// which the phone reads whole (before, the server cut the connection and the
/// phone saw a reset). Nothing is taken from the form.
async fn a_slow_upload_over_the_limit_reads_the_page_that_says_so(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let ana = TgUser::new(9511, "Ana");
    specialist(&bot, &tg, &ana, "Ana Torres").await;
    let ally = TgUser::new(8511, "Luis");
    let ticket = ally_opens_a_ticket(&bot, &tg, &ally).await;
    let a = logged_in(&bot, &login_link(&tg, &ana).await).await;
    let cookie = a.cookie.clone().expect("a session");
    let boundary = "contigo-slow-phone";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nno debe llegar\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"video.mp4\"\r\n\
         Content-Type: video/mp4\r\n\r\n"
    )
    .into_bytes();
    body.extend(std::iter::repeat_n(b'x', 11 * 1024 * 1024));
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST /console/tickets/{}/reply HTTP/1.1\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\n",
        ticket.id
    );
    let (status, page) = post_slowly(&bot.http, &head, &body)
        .await
        .expect("the whole body sent and the whole answer read, no reset");
    assert_eq!(status, 413, "{page}");
    assert!(page.contains("pesa más de 10 MB"), "{page}");
    assert!(page.contains("Archivo muy pesado"), "{page}");
    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let messages = tickets::messages(&mut conn, ticket.id, 10)
        .await
        .expect("messages");
    assert!(
        !messages.iter().any(|m| m
            .body
            .as_deref()
            .is_some_and(|b| b.contains("no debe llegar"))),
        "nothing of the form is taken"
    );
}

backends!(
    a_slow_upload_over_the_limit_reads_the_page_that_says_so,
    specialist_answers_an_allys_ticket_from_the_console,
    a_close_that_loses_the_race_leaves_no_note
);
