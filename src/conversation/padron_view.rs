//! A beneficiary of the padrón as the chat shows them: the ally's lookup and the
//! lessons' practice (on invented data) say it the same way.

use super::Turn;
use crate::domain::padron::{Beneficiary, Status};

/// "Nombres Apellidos".
pub(super) fn full_name(b: &Beneficiary) -> String {
    format!("{} {}", b.names, b.surnames)
}

pub(super) fn describe(turn: &Turn<'_>, b: &Beneficiary) -> String {
    let mut lines = vec![
        turn.ta(
            "padron-person",
            &[
                ("name", full_name(b).into()),
                ("dni", b.dni.as_str().into()),
                ("age", b.age(turn.today()).into()),
            ],
        ),
        turn.ta(
            "padron-person-status",
            &[("status", turn.t(&b.status.message_key()).into())],
        ),
        turn.ta(
            "padron-person-payment",
            &[
                ("payment", turn.t(&b.payment_status.message_key()).into()),
                (
                    "collector",
                    b.collector
                        .clone()
                        .unwrap_or_else(|| turn.t("padron-no-collector"))
                        .into(),
                ),
            ],
        ),
    ];
    match (b.request_state, b.request_date) {
        (Some(state), date) => lines.push(
            turn.ta(
                "padron-person-request",
                &[
                    ("state", turn.t(&state.message_key()).into()),
                    (
                        "date",
                        date.map(|d| turn.date(d)).unwrap_or_default().into(),
                    ),
                    (
                        "reason",
                        b.request_reason
                            .clone()
                            .unwrap_or_else(|| turn.t("padron-no-reason"))
                            .into(),
                    ),
                ],
            ),
        ),
        (None, _) => lines.push(turn.t("padron-person-no-request")),
    }
    if b.status == Status::Vigente && b.age(turn.today()) < 18 && b.collector.is_none() {
        lines.push(turn.t("padron-person-minor-warning"));
    }
    lines.join("\n")
}
