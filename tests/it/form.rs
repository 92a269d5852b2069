//! The request in fewer answers (issue 12): the JNE list's authority offered when the
//! district is chosen, the responsible's mobile shared as a Telegram contact, the
//! optional fields left to the review step, and the whole Gobierno Local request
//! counted from /start to the DDC.

use contigo_bot::message::{Channel, ChatKey};
use std::cell::Cell;

use contigo_bot::store::requests;

use crate::backends;
use crate::support::telegram::{FakeTelegram, TgChat, TgUser};
use crate::support::{Backend, Running, TestDb, monday_morning, settings};

/// A synthetic JNE list: the mayor of Acoria (090103) and the governor of Huancavelica.
pub(crate) const JNE_CSV: &str = "ubigeo,cargo,dni,nombres\n\
    090103,ALCALDE DISTRITAL,40123456,ROSA ELENA QUISPE HUAMAN\n\
    090103,REGIDOR,40999999,PEDRO ROJAS\n\
    09,GOBERNADOR REGIONAL,40765432,\"DE LA CRUZ PAREDES, JUAN CARLOS\"\n";

/// What `import autoridades` does, with the list above.
pub(crate) async fn import_jne(bot: &Running) {
    let list = contigo_bot::domain::jne::parse_csv(JNE_CSV.as_bytes()).expect("csv");
    let mut tx = bot.app.store.begin().await.expect("tx");
    contigo_bot::store::jne::replace_all(&mut tx, &list, 0)
        .await
        .expect("import");
    tx.commit().await.expect("commit");
}

/// A Telegram user whose every message and tap is counted.
struct Counted<'a> {
    chat: TgChat<'a>,
    answers: Cell<usize>,
}

impl Counted<'_> {
    async fn says(&self, text: &str, expect: &str) -> String {
        self.answers.set(self.answers.get() + 1);
        self.chat.says(text, expect).await
    }

    async fn taps(&self, label: &str, expect: &str) -> String {
        self.answers.set(self.answers.get() + 1);
        self.chat.taps(label, expect).await
    }

    async fn shares_own_contact(&self, phone: &str, expect: &str) -> String {
        self.answers.set(self.answers.get() + 1);
        let tg = self.chat.tg;
        tg.send_contact(&self.chat.user, phone, Some(self.chat.user.id));
        tg.wait_for(self.chat.user.chat_id(), expect)
            .await
            .text()
            .to_owned()
    }
}

/// Whether the last message asking something offered Telegram's "share my contact"
/// keyboard button.
fn offers_contact_button(tg: &FakeTelegram, chat_id: i64) -> bool {
    tg.sent_to(chat_id).iter().rev().any(|s| {
        let markup = &s.params["reply_markup"];
        let markup: serde_json::Value = match markup.as_str() {
            Some(raw) => serde_json::from_str(raw).unwrap_or_default(),
            None => markup.clone(),
        };
        markup["keyboard"][0][0]["request_contact"] == serde_json::json!(true)
    })
}

async fn a_local_request_with_the_jne_list_takes_at_most_15_answers(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    import_jne(&bot).await;
    let a = Counted {
        chat: TgChat {
            tg: &tg,
            user: TgUser::new(7601, "Luis").with_language("es"),
        },
        answers: Cell::new(0),
    };
    let chat_id = a.chat.user.chat_id();

    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "escribir el nombre de su distrito")
        .await;
    // Without http.public_url there is no page to open: no «Llenar formulario».
    let asked = tg.wait_for(chat_id, "tipo de acceso").await;
    assert!(
        asked.buttons.iter().flatten().all(|b| b.web_app.is_none()),
        "{:?}",
        asked.buttons
    );
    assert!(!asked.text().contains("Llenar formulario"));
    // The district typed where the access type is asked: a Gobierno Local.
    let offer = a.says("Acoria", "Según la lista del JNE").await;
    assert!(
        offer.contains("ROSA ELENA QUISPE HUAMAN (DNI ****3456)"),
        "{offer}"
    );
    assert!(!offer.contains("40123456"), "the DNI is masked: {offer}");
    let filled = a.taps("Sí", "credencial").await;
    assert!(
        filled.contains("Autoridad: ROSA ELENA QUISPE HUAMAN ✓"),
        "{filled}"
    );
    a.says("0123-2026-JNE", "celular").await;
    a.says("987654321", "correo electrónico personal").await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("Luis Alberto", "apellidos").await;
    a.says("Pérez Soto", "DNI").await;
    let phone = a.says("41234567", "celular").await;
    assert!(phone.contains("«Compartir mi número»"), "{phone}");
    assert!(offers_contact_button(&tg, chat_id));
    // Telegram sends the shared number as digits with the country code.
    a.shares_own_contact("51912345678", "correo").await;
    a.says("luis.perez@example.org", "cargo").await;
    a.says("Jefe de la OMAPED", "fecha").await;
    let summary = a.taps("Hoy", "Revise sus datos").await;
    for line in [
        "Nombres de la autoridad: ROSA ELENA",
        "Apellidos de la autoridad: QUISPE HUAMAN",
        // The JNE list's DNI stays masked to the applicant until filing.
        "DNI de la autoridad: ****3456",
        "Celular del responsable: 912345678",
        "Oficina: OMAPED",
        "Otro teléfono: (sin dato)",
    ] {
        assert!(summary.contains(line), "{line} in {summary}");
    }
    assert!(
        !summary.contains("40123456"),
        "masked until filing: {summary}"
    );
    a.taps("Enviar solicitud", "fue registrada").await;
    let doc = tg
        .wait_for(chat_id, "Declaración de Confidencialidad")
        .await;
    assert_eq!(doc.method, "sendDocument");

    let answers = a.answers.get();
    assert!(answers <= 15, "{answers} answers from /start to the DDC");

    let mut conn = bot.app.store.pool.acquire().await.expect("conn");
    let mine = requests::by_chat(
        &mut conn,
        ChatKey::new(Channel::Telegram, &chat_id.to_string()),
    )
    .await
    .expect("query");
    let data = &mine[0].data;
    assert_eq!(
        data.authority_dni.as_ref().expect("dni").as_str(),
        "40123456"
    );
    assert_eq!(
        data.resp_phone.as_ref().expect("phone").as_str(),
        "912345678"
    );
    assert_eq!(mine[0].jurisdiction, "090103");
    drop(conn);
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

async fn another_authority_than_the_listed_one_is_asked_for(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    import_jne(&bot).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7602, "Ana").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.taps("Gobierno Regional", "región").await;
    // The region's governor, listed surnames first.
    let offer = a.says("Huancavelica", "Según la lista del JNE").await;
    assert!(
        offer.contains("JUAN CARLOS DE LA CRUZ PAREDES (DNI ****5432)"),
        "{offer}"
    );
    // Typed, not tapped: anything else is asked again.
    a.says("tal vez", "elija una de las opciones").await;
    a.taps("No, es otra persona", "nombres del gobernador")
        .await;
    a.says("Rosa", "apellidos").await;
    bot.stop().await;
}

async fn a_district_with_no_listed_mayor_asks_the_names(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    import_jne(&bot).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7603, "Eva").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.taps("Gobierno Local", "distrito").await;
    // 090102 Acobambilla: only Acoria's mayor is listed.
    a.says("Acobambilla", "nombres del alcalde").await;
    // A word that is no district is not taken for one where the type is asked.
    a.says("/cancelar", "No se envió nada").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.says("hola", "elija una de las opciones").await;
    bot.stop().await;
}

/// The reply_markup a sent message carried, parsed.
fn markup_of(sent: &crate::support::telegram::Sent) -> serde_json::Value {
    let markup = &sent.params["reply_markup"];
    match markup.as_str() {
        Some(raw) => serde_json::from_str(raw).unwrap_or_default(),
        None => markup.clone(),
    }
}

/// The mobile typed instead of shared: the next question takes the "share my
/// contact" keyboard away (ReplyKeyboardRemove), and a number typed there is no
/// choice; asked again after a bad number, the keyboard comes back.
async fn a_typed_mobile_takes_the_contact_keyboard_away(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    import_jne(&bot).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7604, "Rita").with_language("es"),
    };
    let chat_id = a.user.chat_id();
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.says("Acoria", "Según la lista del JNE").await;
    a.taps("Sí", "credencial").await;
    a.says("0123-2026-JNE", "celular").await;
    a.says("987654321", "correo electrónico personal").await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("Luis Alberto", "apellidos").await;
    a.says("Pérez Soto", "DNI").await;
    a.says("41234567", "«Compartir mi número»").await;
    assert!(offers_contact_button(&tg, chat_id));
    // A bad number: asked again with the keyboard.
    a.says("12", "«Compartir mi número»").await;
    let again = tg.wait_for(chat_id, "«Compartir mi número»").await;
    assert_eq!(markup_of(&again)["keyboard"][0][0]["request_contact"], true);
    // Typed: the next question removes it.
    a.says("912345678", "correo").await;
    let next = tg.wait_for(chat_id, "correo").await;
    assert_eq!(
        markup_of(&next),
        serde_json::json!({"remove_keyboard": true}),
        "{:?}",
        next.params
    );
    // "1" there is an answer to check, not a hidden choice.
    let said = a.says("1", "correo").await;
    assert!(!said.contains("ya no está vigente"), "{said}");
    a.says("luis.perez@example.org", "cargo").await;
    a.says("Jefe de la OMAPED", "fecha").await;
    a.taps("Hoy", "Revise sus datos").await;

    // Corrected from the review: the summary that follows has its buttons, so the
    // keyboard goes away with its first line, sent on its own.
    a.taps("Corregir un dato", "¿Qué dato desea corregir?")
        .await;
    a.taps("Celular del responsable", "«Compartir mi número»")
        .await;
    a.says("923456789", "¿Están correctos?").await;
    let sent = tg.sent_to(chat_id);
    let summary = sent.last().expect("the summary");
    assert!(summary.text().contains("923456789"), "{}", summary.text());
    assert!(
        summary
            .labels()
            .concat()
            .contains(&"Enviar solicitud".to_owned())
    );
    let head = &sent[sent.len() - 2];
    assert_eq!(
        markup_of(head),
        serde_json::json!({"remove_keyboard": true}),
        "{:?}",
        head.text()
    );
    a.taps("Enviar solicitud", "fue registrada").await;
    assert!(tg.refusals().is_empty(), "{:?}", tg.refusals());
    bot.stop().await;
}

/// The responsible's chat is bound by their mobile: a landline typed (or shared) at
/// the mobile step is refused with why and where a landline goes, nothing is kept, and
/// the mobile that follows is taken.
async fn a_landline_is_refused_at_the_responsibles_mobile_step(backend: Backend) {
    let db = TestDb::new(backend).await;
    let tg = FakeTelegram::start().await;
    let bot = Running::start(settings(&db, Some(&tg.api_url())), monday_morning()).await;
    import_jne(&bot).await;
    let a = TgChat {
        tg: &tg,
        user: TgUser::new(7605, "Rosa").with_language("es"),
    };
    a.says("/start", "¿Qué desea hacer?").await;
    a.taps("Solicitar acceso", "tipo de acceso").await;
    a.says("Acoria", "Según la lista del JNE").await;
    a.taps("Sí", "credencial").await;
    a.says("0123-2026-JNE", "celular").await;
    // The authority may give a landline: only the responsible's must be a mobile.
    a.says("064 234567", "correo electrónico personal").await;
    a.says("rosa.quispe@example.org", "nombres").await;
    a.says("Luis Alberto", "apellidos").await;
    a.says("Pérez Soto", "DNI").await;
    a.says("41234567", "«Compartir mi número»").await;
    let refused = a.says("064 234567", "teléfono fijo").await;
    assert!(
        refused.contains("9 dígitos que empiezan con 9"),
        "{refused}"
    );
    assert!(refused.contains("«Otro teléfono»"), "{refused}");
    // Asked again; a Lima landline is refused the same way.
    tg.wait_for(a.user.chat_id(), "«Compartir mi número»").await;
    a.says("(01) 234-5678", "teléfono fijo").await;
    a.says("912345678", "correo").await;
    a.says("luis.perez@example.org", "cargo").await;
    a.says("Jefe de la OMAPED", "fecha").await;
    let summary = a.taps("Hoy", "Revise sus datos").await;
    assert!(
        summary.contains("Celular del responsable: 912345678"),
        "{summary}"
    );
    assert!(
        summary.contains("Teléfono de la autoridad: 064234567"),
        "{summary}"
    );
    bot.stop().await;
}

backends!(
    a_landline_is_refused_at_the_responsibles_mobile_step,
    a_typed_mobile_takes_the_contact_keyboard_away,
    a_local_request_with_the_jne_list_takes_at_most_15_answers,
    another_authority_than_the_listed_one_is_asked_for,
    a_district_with_no_listed_mayor_asks_the_names
);
