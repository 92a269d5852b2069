//! The JNE list's authority for the chosen district or region: confirmed, it fills the authority's data.

use super::*;

pub(super) fn is_listed_authority(data: &RequestData, listed: &Prefill) -> bool {
    data.authority_dni.as_ref() == Some(&listed.dni)
        && data.authority_names.as_ref() == Some(&listed.names)
        && data.authority_surnames.as_ref() == Some(&listed.surnames)
}

pub(super) fn confirm_authority(
    turn: &mut Turn<'_>,
    data: Draft,
    listed: Prefill,
    fixing: bool,
) -> State {
    let question = turn.ta(
        "jne-confirm",
        &[
            ("authority", authority_arg(turn, &data)),
            ("name", listed.full_name().into()),
            ("dni", listed.dni.masked().into()),
        ],
    );
    let choices = vec![
        turn.choice(ChoiceId::JneAuthority(true), "jne-confirm-yes"),
        turn.choice(ChoiceId::JneAuthority(false), "jne-confirm-no"),
    ];
    turn.ask(question, choices);
    State::Registration(RegistrationStep::ConfirmingAuthority {
        data,
        listed,
        fixing,
    })
}

pub(super) fn on_authority_confirmed(
    turn: &mut Turn<'_>,
    mut data: Draft,
    listed: Prefill,
    fixing: bool,
    input: Input,
) -> Step {
    let yes = match &input {
        Input::Choice(ChoiceId::JneAuthority(yes)) => Some(*yes),
        Input::Text(t) => match normalize(t).as_str() {
            "si" | "s" | "yes" | "y" => Some(true),
            "no" | "n" => Some(false),
            _ => None,
        },
        _ => None,
    };
    match yes {
        Some(true) => {
            listed.fill(&mut data);
            turn.say(turn.ta(
                "jne-filled",
                &[
                    ("authority", authority_arg(turn, &data)),
                    ("name", listed.full_name().into()),
                ],
            ));
            Step::to(advance(turn, data, fixing))
        }
        Some(false) => Step::to(advance(turn, data, fixing)),
        None => {
            turn.say(turn.t("pick-an-option"));
            Step::unclear(confirm_authority(turn, data, listed, fixing))
        }
    }
}
