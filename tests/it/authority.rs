//! The JNE list re-checks accesses (issue 24): an `import autoridades` that names a
//! new mayor for a district with an active access flags it once, with the term for
//! the new authority's DDC, and UAC sees it on the console's desk; a district whose
//! mayor did not change is not flagged. All names and numbers are invented.

use contigo_bot::demo::Place;
use contigo_bot::domain::stage::Role;

use crate::backends;
use crate::console::{PUBLIC_URL, logged_in, login_link, setup};
use crate::padron::access;
use crate::support::reads::outbox_payloads;
use crate::support::telegram::TgUser;
use crate::support::{Backend, add_staff};

/// The list after the elections: Acoria (090103) has a new mayor; Huancavelica
/// (090101) keeps the demo authority.
const NEW_LIST: &str = "ubigeo,cargo,dni,nombres\n\
    090103,ALCALDE DISTRITAL,40111222,CARMEN NUEVA ALCALDESA\n\
    090101,ALCALDE PROVINCIAL,99999901,AUTORIDAD DEMO FICTICIA\n";

async fn import(bot: &crate::support::Running, csv: &str) -> Vec<String> {
    let list = contigo_bot::domain::jne::parse_csv(csv.as_bytes()).expect("csv");
    let mut tx = bot.app.store.begin().await.expect("tx");
    contigo_bot::store::jne::replace_all(&mut tx, &list, bot.app.clock.unix())
        .await
        .expect("import");
    let found = contigo_bot::services::authority::recheck(
        &mut tx,
        &bot.app.engine.calendar,
        bot.app.settings.terms.new_authority_ddc,
        contigo_bot::domain::lima_date(bot.app.clock.now()),
        bot.app.clock.unix(),
    )
    .await
    .expect("recheck");
    bot.app
        .notifier
        .send(&mut tx, contigo_bot::services::authority::events(&found))
        .await
        .expect("notify");
    tx.commit().await.expect("commit");
    found
        .iter()
        .map(|f| {
            format!(
                "{} {} {}",
                f.request.code, f.change.listed_names, f.change.due_on
            )
        })
        .collect()
}

async fn a_new_mayor_on_the_jne_list_flags_the_access_on_uacs_desk(backend: Backend) {
    let (_db, tg, bot) = setup(backend, PUBLIC_URL).await;
    let acoria = access(&bot.app, Place::District("090103"), "987650041").await;
    let huancavelica = access(&bot.app, Place::District("090101"), "987650042").await;
    // The responsible's WhatsApp chat is bound to the access; UAC is registered.
    let chat = crate::padron::whatsapp("51987650041");
    crate::padron::says(&bot.app, &chat, "/padron").await;
    let uac = TgUser::new(9401, "Ulda");
    crate::console::staff_member(&bot, &tg, &uac, Role::Uac).await;

    // Monday 23 Nov 2026 + 10 business days = Monday 7 Dec 2026.
    let found = import(&bot, NEW_LIST).await;
    assert_eq!(
        found,
        vec![format!("{} CARMEN NUEVA ALCALDESA 2026-12-07", acoria.code)]
    );
    // The responsible hears it in the bound chat, with the term.
    let told: Vec<String> = outbox_payloads(&bot.app, "whatsapp", "51987650041")
        .await
        .into_iter()
        .filter(|p| p.contains("nueva autoridad"))
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains("CARMEN NUEVA ALCALDESA"), "{}", told[0]);
    assert!(told[0].contains("hasta el 07/12/2026"), "{}", told[0]);
    // UAC hears it in its chat, with the request to open.
    let staff = tg
        .wait_for(uac.chat_id(), "Cambio de autoridad según el JNE")
        .await;
    assert!(staff.text().contains(&acoria.code), "{}", staff.text());
    assert!(
        staff.text().contains("la nueva DDC vence el 07/12/2026"),
        "{}",
        staff.text()
    );
    // The same list again: nothing new to tell.
    assert!(import(&bot, NEW_LIST).await.is_empty());
    assert_eq!(
        outbox_payloads(&bot.app, "whatsapp", "51987650041")
            .await
            .iter()
            .filter(|p| p.contains("nueva autoridad"))
            .count(),
        1
    );
    let mut ulda = logged_in(&bot, &login_link(&tg, &uac).await).await;
    let desk = ulda.get("/console/desk").await;
    assert!(
        desk.body
            .contains("1 acceso con otra autoridad según el JNE"),
        "{}",
        desk.body
    );
    assert!(desk.body.contains(&acoria.code), "{}", desk.body);
    assert!(
        desk.body
            .contains("la lista del JNE nombra a CARMEN NUEVA ALCALDESA; la DDC firmada por la nueva autoridad vence el 07&#x2f;12&#x2f;2026"),
        "{}",
        desk.body
    );
    assert!(!desk.body.contains(&huancavelica.code), "{}", desk.body);

    // A specialist's desk does not list it.
    let esp = TgUser::new(9402, "Eva");
    add_staff(&bot.app, "Eva Especialista", &[Role::Especialista], esp.id).await;
    let mut eva = logged_in(&bot, &login_link(&tg, &esp).await).await;
    let other = eva.get("/console/").await;
    assert!(
        !other.body.contains("otra autoridad según el JNE"),
        "{}",
        other.body
    );
    bot.stop().await;
}

/// The e-mail copy of an authority change: the responsible and the authority each
/// receive it through a local SMTP server, naming the new authority and the term;
/// the district whose mayor did not change gets none.
async fn the_authority_change_reaches_both_by_email(backend: Backend) {
    use crate::support::smtp::FakeSmtp;
    use crate::support::{Running, TestDb, monday_morning, settings};
    let db = TestDb::new(backend).await;
    let smtp = FakeSmtp::start().await;
    let mut s = settings(&db, None);
    smtp.send_from(&mut s);
    let bot = Running::start(s, monday_morning()).await;
    let acoria = access(&bot.app, Place::District("090103"), "987650043").await;
    access(&bot.app, Place::District("090101"), "987650044").await;
    import(&bot, NEW_LIST).await;
    for address in ["responsable.demo@example.org", "autoridad.demo@example.org"] {
        let mail = smtp.wait_for(address, "Nueva autoridad en Acoria").await;
        // A long subject is folded over header lines.
        let subject = mail
            .data
            .replace("\r\n ", " ")
            .lines()
            .find_map(|l| l.strip_prefix("Subject: ").map(str::to_owned))
            .unwrap_or_default();
        assert!(subject.contains("se necesita una nueva DDC"), "{subject}");
        assert!(subject.contains(&acoria.code), "{subject}");
        let body = mail.plain_body();
        assert!(body.contains("CARMEN NUEVA ALCALDESA"), "{body}");
        assert!(body.contains("07/12/2026"), "{body}");
        assert_eq!(mail.from, "no-responder@example.org");
    }
    // One copy each: the unchanged district wrote none.
    let changed: Vec<_> = smtp
        .mails()
        .into_iter()
        .filter(|m| m.subject().contains("Nueva autoridad"))
        .collect();
    assert_eq!(
        changed.len(),
        2,
        "{:?}",
        changed.iter().map(|m| m.subject()).collect::<Vec<_>>()
    );
    bot.stop().await;
}

backends!(
    a_new_mayor_on_the_jne_list_flags_the_access_on_uacs_desk,
    the_authority_change_reaches_both_by_email,
);
