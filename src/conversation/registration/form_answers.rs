//! A registration answered in one form (the Mini App, WhatsApp Flows): its answers applied to the draft.

use super::*;

/// The answer that says "the JNE list's authority is ours" in a submitted form: the
/// page shows the listed authority (DNI masked) and sends this instead of the names.
pub const JNE_AUTHORITY: &str = "jne_authority";

/// A whole submitted form applied over `data` with the chat's parsers
/// ([`form::apply_all`]); with [`JNE_AUTHORITY`] = `yes`, the authority the JNE list
/// names for the chosen district or region fills names, surnames and DNI. The Mini
/// App's page checks with it before sending, and the chat applies it again.
pub async fn apply_form(
    conn: &mut Conn,
    data: RequestData,
    answers: &std::collections::BTreeMap<String, String>,
    today: chrono::NaiveDate,
) -> Result<(RequestData, Vec<form::FieldError>), EngineError> {
    let mut answers = answers.clone();
    let jne = answers
        .remove(JNE_AUTHORITY)
        .is_some_and(|v| v.trim() == "yes");
    let (mut data, mut errors) = form::apply_all(data, &answers, today);
    if jne {
        match crate::store::jne::prefill(conn, &data).await? {
            Some(listed) => {
                listed.fill(&mut data);
                let filled = [
                    Field::AuthorityNames,
                    Field::AuthoritySurnames,
                    Field::AuthorityDni,
                ];
                errors.retain(|e| !filled.contains(&e.field));
            }
            // The district changed to one with no listed authority: ask the names.
            None if !data.is_set(Field::AuthorityNames) => errors.push(form::FieldError {
                field: Field::AuthorityNames,
                error: form::FormError::Required,
            }),
            None => {}
        }
    }
    Ok((data, errors))
}

/// A whole form submitted at once: applied with the chat's parsers; each field that
/// fails is said and asked again in the chat, one at a time, then the review step.
pub(super) async fn on_form(
    turn: &mut Turn<'_>,
    conn: &mut Conn,
    draft: Draft,
    answers: &std::collections::BTreeMap<String, String>,
) -> Result<State, EngineError> {
    let (data, errors) = apply_form(conn, *draft.data, answers, turn.today()).await?;
    let mut data = Draft {
        data: Box::new(data),
        amend: draft.amend,
        form: draft.form,
    };
    turn.say(turn.t("form-received"));
    for e in &errors {
        let line = format!(
            "• {}: {}",
            field_label(turn, &data, e.field),
            e.error.message(&|k, a| turn.ta(k, a))
        );
        turn.say(line);
        // A failed field keeps no old value, so the chat asks it again.
        form::clear(&mut data, e.field);
    }
    Ok(advance(turn, data, false))
}
