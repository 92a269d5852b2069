//! Notices about access requests: to the applicant on every change, to the staff
//! whose queue receives an item, reminders, and the supervisors' digest.

use chrono::NaiveDate;

use super::{Notifier, date, enqueue};
use crate::domain::correction::NextStep;
use crate::domain::observation::ObservationReason;
use crate::domain::stage::{Role, Stage};
use crate::events::Overdue;
use crate::i18n::Arg;
use crate::message::{ChatKey, Choice, ChoiceId, MenuItem, StaffItem};
use crate::store::files::{self, DocumentKind};
use crate::store::requests::{self, RequestRow};
use crate::store::staff::{self, StaffMember};
use crate::store::{Conn, StoreError};

/// What a notice to the applicant says beyond the request itself.
pub(super) struct Notice<'a> {
    pub note: Option<&'a str>,
    pub expected_account: Option<NaiveDate>,
    /// The responsible's mobile was invited on WhatsApp (an activation).
    pub invited: bool,
}

/// Tells the applicant, in their language and on their channel, what happened, what
/// comes next and by when, with the button for it.
pub(super) async fn to_applicant(
    n: &Notifier,
    conn: &mut Conn,
    row: &RequestRow,
    notice: Notice<'_>,
) -> Result<(), StoreError> {
    let Notice {
        note,
        expected_account,
        invited,
    } = notice;
    let lang = n.locales.pick(Some(&row.locale));
    let t = |key: &str| n.locales.t(lang, key);
    let mut args: Vec<(&str, Arg)> = vec![
        ("channel", row.channel.as_str().into()),
        ("code", row.code.clone().into()),
        ("jurisdiction", row.jurisdiction_label().into()),
        ("reason", note.unwrap_or_default().into()),
        ("year", i64::from(row.fiscal_year).into()),
        (
            "phone",
            row.data
                .resp_phone
                .as_ref()
                .map(|p| p.masked())
                .unwrap_or_default()
                .into(),
        ),
        ("invited", if invited { "yes" } else { "no" }.into()),
    ];
    if let Some(due) = row.stage_due_on {
        args.push(("date", date(due).into()));
    }
    if let Some(expected) = expected_account {
        args.push(("expected", date(expected).into()));
    }
    let mut key = format!("notify-{}", row.stage.as_str().replace('_', "-"));
    let menu = |item: MenuItem, key: &str| Choice::new(ChoiceId::Menu(item), t(key));
    // An access that ends with its renewal in review: where the renewal is.
    let renewal = match row.stage {
        Stage::Expired => requests::open_renewal_of(conn, row.id).await?,
        _ => None,
    };
    if let Some(renewal) = &renewal {
        key = "notify-expired-renewing".into();
        args.push(("renewal", renewal.code.clone().into()));
        args.push(("stage", t(renewal.stage.message_key()).into()));
        args.push(("next_year", i64::from(renewal.fiscal_year).into()));
    }
    // The one next step (`NextStep`), the same the menu and `/estado` offer, first.
    let step = NextStep::of(row.stage, renewal.is_some());
    args.push(("next", t(step.label_key()).into()));
    let next = menu(step.menu_item(), step.label_key());
    let choices = match row.stage {
        // Otro Aliado observed for its designation document: a way to send it, first.
        Stage::Observed if about_designation(conn, row).await? => vec![
            Choice::new(ChoiceId::SendDesignation(row.id), t("designation-send")),
            next,
            menu(MenuItem::Upload, "menu-upload"),
        ],
        Stage::Lapsed | Stage::Rejected => vec![next, menu(MenuItem::Register, "menu-register")],
        Stage::Observed => vec![next, menu(MenuItem::Upload, "menu-upload")],
        Stage::Active => vec![next, menu(MenuItem::Status, "menu-status")],
        _ => vec![next],
    };
    let text = n.locales.t_args(lang, &key, &args);
    let message = crate::message::Outbound::Text { text, choices };
    enqueue(conn, row.chat(), &message).await
}

/// Whether an Otro Aliado request's observation concerns its designation document:
/// none is on file, or the reviewer picked that prepared reason.
async fn about_designation(conn: &mut Conn, row: &RequestRow) -> Result<bool, StoreError> {
    if !row.access_type.needs_designation_doc() {
        return Ok(false);
    }
    let picked = requests::last_observation(conn, row.id)
        .await?
        .and_then(|t| t.reason)
        .is_some_and(ObservationReason::wants_designation);
    Ok(picked
        || files::latest(conn, row.id, DocumentKind::HeadDesignation)
            .await?
            .is_none())
}

/// Puts a new item in the queue of every staff member holding `role`.
pub(super) async fn to_queue(
    n: &Notifier,
    conn: &mut Conn,
    role: Role,
    row: &RequestRow,
) -> Result<(), StoreError> {
    for member in staff::with_role(conn, role).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = n.locales.pick(Some(&member.locale));
        let text = n.locales.t_args(
            lang,
            "staff-new-item",
            &[
                ("code", row.code.clone().into()),
                ("jurisdiction", row.jurisdiction_label().into()),
                ("stage", n.locales.t(lang, row.stage.message_key()).into()),
                (
                    "date",
                    row.stage_due_on.map(date).unwrap_or_default().into(),
                ),
            ],
        );
        let open = Choice::new(
            ChoiceId::OpenRequest(row.id),
            n.locales.t(lang, "staff-open"),
        );
        let message = crate::message::Outbound::Text {
            text,
            choices: vec![open],
        };
        enqueue(conn, ChatKey::new(channel, &chat_id), &message).await?;
    }
    Ok(())
}

pub(super) async fn observation_reminder(
    n: &Notifier,
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<(), StoreError> {
    remind(
        n,
        conn,
        row,
        "remind-observation",
        MenuItem::FixObservation,
        "menu-fix-observation",
    )
    .await
}

pub(super) async fn renewal_reminder(
    n: &Notifier,
    conn: &mut Conn,
    row: &RequestRow,
    renewal: Option<&RequestRow>,
) -> Result<(), StoreError> {
    // Renewal filed, DDC not back: remind to return it, not to renew again.
    if let Some(renewal) = renewal {
        return remind(
            n,
            conn,
            renewal,
            "remind-renewal-ddc",
            MenuItem::Upload,
            "menu-upload",
        )
        .await;
    }
    remind(
        n,
        conn,
        row,
        "remind-renewal",
        MenuItem::Renew,
        "menu-renew",
    )
    .await
}

async fn remind(
    n: &Notifier,
    conn: &mut Conn,
    row: &RequestRow,
    key: &str,
    item: MenuItem,
    choice_key: &str,
) -> Result<(), StoreError> {
    let lang = n.locales.pick(Some(&row.locale));
    let text = n.locales.t_args(
        lang,
        key,
        &[
            ("channel", row.channel.as_str().into()),
            ("code", row.code.clone().into()),
            ("jurisdiction", row.jurisdiction_label().into()),
            (
                "date",
                row.stage_due_on.map(date).unwrap_or_default().into(),
            ),
            ("year", i64::from(row.fiscal_year + 1).into()),
            ("fiscal_year", i64::from(row.fiscal_year).into()),
        ],
    );
    let choice = Choice::new(ChoiceId::Menu(item), n.locales.t(lang, choice_key));
    let message = crate::message::Outbound::Text {
        text,
        choices: vec![choice],
    };
    enqueue(conn, row.chat(), &message).await
}

/// Overdue items by stage, for a supervisor.
pub(super) async fn digest(
    n: &Notifier,
    conn: &mut Conn,
    supervisor: &StaffMember,
    overdue: &[Overdue],
) -> Result<(), StoreError> {
    let Some((channel, chat_id)) = supervisor.address() else {
        return Ok(());
    };
    let lang = n.locales.pick(Some(&supervisor.locale));
    let mut lines =
        vec![
            n.locales
                .t_args(lang, "digest-title", &[("count", overdue.len().into())]),
        ];
    for stage in Stage::REVIEW {
        let items: Vec<String> = overdue
            .iter()
            .filter(|o| o.request.stage == stage)
            .map(|o| {
                format!(
                    "  {} · {} · {}",
                    o.request.code,
                    o.request.jurisdiction_label(),
                    n.locales
                        .t_args(lang, "digest-late", &[("days", o.days_late.into())])
                )
            })
            .collect();
        if !items.is_empty() {
            lines.push(format!(
                "{} ({})",
                n.locales.t(lang, stage.message_key()),
                items.len()
            ));
            lines.extend(items);
        }
    }
    // A button per request (as many as a WhatsApp list holds) opens it in the chat.
    let choices = overdue
        .iter()
        .take(DIGEST_BUTTONS)
        .map(|o| {
            Choice::new(
                ChoiceId::OpenRequest(o.request.id),
                n.locales.t_args(
                    lang,
                    "digest-open",
                    &[("code", o.request.code.clone().into())],
                ),
            )
        })
        .collect();
    let message = crate::message::Outbound::Text {
        text: lines.join("\n"),
        choices,
    };
    enqueue(conn, ChatKey::new(channel, &chat_id), &message).await
}

/// The digest's buttons: a WhatsApp list's ten rows.
const DIGEST_BUTTONS: usize = 10;

/// A reviewer's items due today or late.
pub(super) async fn queue_reminder(
    n: &Notifier,
    conn: &mut Conn,
    member: &StaffMember,
    count: usize,
) -> Result<(), StoreError> {
    let Some((channel, chat_id)) = member.address() else {
        return Ok(());
    };
    let lang = n.locales.pick(Some(&member.locale));
    let text = n.locales.t_args(
        lang,
        "staff-reminder",
        &[
            ("count", count.into()),
            ("channel", channel.as_str().into()),
        ],
    );
    let choice = Choice::new(
        ChoiceId::Staff(StaffItem::Queue),
        n.locales.t(lang, "staff-menu-queue"),
    );
    let message = crate::message::Outbound::Text {
        text,
        choices: vec![choice],
    };
    enqueue(conn, ChatKey::new(channel, &chat_id), &message).await
}

/// The applicant's chat hears that the signed DDC arrived from another chat: on what
/// day, the stage it moved to and until when.
pub(super) async fn ddc_arrived_elsewhere(
    n: &Notifier,
    conn: &mut Conn,
    row: &RequestRow,
    on: NaiveDate,
) -> Result<(), StoreError> {
    let lang = n.locales.pick(Some(&row.locale));
    let mut args: Vec<(&str, Arg)> = vec![
        ("code", row.code.clone().into()),
        ("on", date(on).into()),
        ("stage", n.locales.t(lang, row.stage.message_key()).into()),
    ];
    args.push((
        "date",
        row.stage_due_on
            .map_or_else(|| "none".to_owned(), date)
            .into(),
    ));
    let text = n
        .locales
        .t_args(lang, "notify-ddc-arrived-elsewhere", &args);
    let choices = vec![Choice::new(
        ChoiceId::Menu(MenuItem::Status),
        n.locales.t(lang, "menu-status"),
    )];
    let message = crate::message::Outbound::Text { text, choices };
    enqueue(conn, row.chat(), &message).await
}
