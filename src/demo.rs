//! Synthetic data so a newcomer can try every query at once (`contigo-bot
//! demo-data`), also used by the benchmark and the tests. Every name is invented and
//! every DNI starts with 9, a range no real person holds in this data.

use chrono::{Datelike, Duration, NaiveDate};

use crate::domain::padron::{
    Beneficiary, Category, Collection, Files, PaymentStatus, RequestState, Status,
};
use crate::domain::request::{AccessType, RequestData};
use crate::domain::stage::{Role, Stage};
use crate::domain::ubigeo::{Ubigeo, normalize};
use crate::domain::values::{Dni, Email, FreeText, PersonName, Phone};
use crate::message::{Channel, ChatKey};
use crate::store::padron::{self, ImportError, ImportReport};
use crate::store::requests::{self, NewRequest, RequestRow};
use crate::store::{Conn, Store, StoreError, bindings, staff};

const NAMES: [&str; 12] = [
    "Demo Ana",
    "Demo Luis",
    "Demo Rosa",
    "Demo Juan",
    "Demo Elsa",
    "Demo Raúl",
    "Demo Nora",
    "Demo Iván",
    "Demo Flor",
    "Demo Hugo",
    "Demo Inés",
    "Demo Saúl",
];
const SURNAMES: [&str; 10] = [
    "Prueba Uno",
    "Prueba Dos",
    "Ficticio Tres",
    "Ficticia Cuatro",
    "Ejemplo Cinco",
    "Ejemplo Seis",
    "Inventado Siete",
    "Inventada Ocho",
    "Muestra Nueve",
    "Muestra Diez",
];
const REASONS: [&str; 4] = [
    "Certificado de discapacidad no válido",
    "No cumple condición de pobreza (SISFOH)",
    "Recibe otra pensión",
    "Datos de identidad no coinciden con RENIEC",
];

/// Districts of the demo: three in Huancavelica (the demo Gobierno Local is the
/// first), and others across several regions.
pub const DEMO_DISTRICTS: [&str; 10] = [
    "090101", "090103", "090111", "150101", "150103", "080101", "210101", "160101", "020101",
    "090201",
];

/// A small deterministic generator: the same seed gives the same padrón.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `n` synthetic beneficiaries spread over `districts`, with every status, payment
/// state, request outcome and category, and about one in eight a minor.
pub fn synthetic_padron(
    n: usize,
    districts: &[&str],
    today: NaiveDate,
    seed: u64,
) -> impl Iterator<Item = Beneficiary> {
    let districts: Vec<Ubigeo> = districts
        .iter()
        .filter_map(|d| Ubigeo::parse(d).ok())
        .collect();
    let mut rng = Lcg(seed);
    // The directive's files from a generator of their own, so the rest of a row is
    // what it was before they existed.
    let mut files_rng = Lcg(seed ^ 0x5eed_f11e);
    (0..n).filter_map(move |i| {
        let dni = Dni::parse(&format!("{:08}", 90_000_000 + i)).ok()?;
        let ubigeo = districts[i % districts.len()].clone();
        let minor = rng.below(8) == 0;
        let age_days = if minor {
            365 + rng.below(16 * 365)
        } else {
            19 * 365 + rng.below(70 * 365)
        };
        let birth_date = today - Duration::days(i64::try_from(age_days).unwrap_or(0));
        let status = match rng.below(10) {
            0 => Status::Suspendido,
            1 => Status::Desafiliado,
            _ => Status::Vigente,
        };
        let payment_status = match rng.below(10) {
            0..=4 => PaymentStatus::Autorizado,
            5..=6 => PaymentStatus::Pendiente,
            7 => PaymentStatus::Observado,
            _ => PaymentStatus::NoAutorizado,
        };
        let collector = (payment_status == PaymentStatus::Autorizado
            && (minor || rng.below(3) == 0))
            .then(|| {
                format!(
                    "{} {}",
                    NAMES[rng.below(12) as usize],
                    SURNAMES[rng.below(10) as usize]
                )
            });
        let request_state = match rng.below(4) {
            0 => None,
            1 => Some(RequestState::NoConforme),
            _ => Some(RequestState::Conforme),
        };
        let request_reason = (request_state == Some(RequestState::NoConforme))
            .then(|| REASONS[rng.below(4) as usize].to_owned());
        let request_date = request_state.map(|_| {
            NaiveDate::from_ymd_opt(today.year() - 1, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
                .unwrap_or(today)
        });
        let category = match status {
            Status::Suspendido => Category::Suspendido,
            Status::Desafiliado => Category::Desafiliado,
            Status::Vigente if rng.below(6) == 0 => Category::Reincorporado,
            Status::Vigente => Category::Continuador,
        };
        let files = synthetic_files(&mut files_rng, status, payment_status, today);
        Some(Beneficiary {
            dni,
            names: NAMES[i % NAMES.len()].to_owned(),
            surnames: SURNAMES[(i / NAMES.len()) % SURNAMES.len()].to_owned(),
            birth_date,
            ubigeo,
            status,
            payment_status,
            collector,
            request_date,
            request_state,
            request_reason,
            category,
            files,
        })
    })
}

/// The dated files of a synthetic row: the authorisation's date (and a reason when
/// not granted), the disaffiliation of a desafiliado, and the bimester's payment of
/// a vigente (about one in ten not collected).
fn synthetic_files(
    rng: &mut Lcg,
    status: Status,
    payment: PaymentStatus,
    today: NaiveDate,
) -> Files {
    let days_ago = |rng: &mut Lcg, max: u64| {
        today - Duration::days(i64::try_from(1 + rng.below(max)).unwrap_or(1))
    };
    let auth_date = Some(days_ago(rng, 700));
    let auth_reason = (!payment.granted() && payment != PaymentStatus::Pendiente)
        .then(|| REASONS[rng.below(4) as usize].to_owned());
    let (disaffiliation_date, disaffiliation_reason) = if status == Status::Desafiliado {
        (
            Some(days_ago(rng, 400)),
            Some(DISAFFILIATION_REASONS[rng.below(3) as usize].to_owned()),
        )
    } else {
        (None, None)
    };
    let collection = (status == Status::Vigente).then(|| match rng.below(10) {
        0 => Collection::NoCobrado,
        1 => Collection::Abonado,
        _ => Collection::Cobrado,
    });
    Files {
        auth_date,
        auth_reason,
        disaffiliation_date,
        disaffiliation_reason,
        collection,
        collection_date: collection.map(|_| days_ago(rng, 60)),
    }
}

const DISAFFILIATION_REASONS: [&str; 3] = [
    "Fallecimiento (dato ficticio)",
    "Recibe otra pensión (dato ficticio)",
    "Renuncia (dato ficticio)",
];

/// Where a synthetic access applies.
#[derive(Debug, Clone)]
pub enum Place<'a> {
    District(&'a str),
    Region(&'a str),
    Entity(&'a str),
}

fn value<T, E: std::fmt::Debug>(r: Result<T, E>) -> Result<T, StoreError> {
    r.map_err(|e| StoreError::Corrupt(format!("synthetic value refused: {e:?}")))
}

/// Inserts an access that is already active (what the review workflow ends in), with
/// synthetic authority and a responsible reachable at `resp_phone`.
pub async fn active_access(
    conn: &mut Conn,
    place: Place<'_>,
    resp_phone: &str,
    now: i64,
) -> Result<RequestRow, StoreError> {
    let (access_type, jurisdiction) = match &place {
        Place::District(u) => (AccessType::Local, (*u).to_owned()),
        Place::Region(r) => (AccessType::Regional, (*r).to_owned()),
        Place::Entity(n) => (AccessType::Other, format!("entity:{}", normalize(n))),
    };
    let data = RequestData {
        access_type: Some(access_type),
        ubigeo: match place {
            Place::District(u) => Some(value(Ubigeo::parse(u))?),
            _ => None,
        },
        region_code: match place {
            Place::Region(r) => Some(r.to_owned()),
            _ => None,
        },
        entity_name: match place {
            Place::Entity(n) => Some(value(FreeText::parse(n))?),
            _ => None,
        },
        entity_public: matches!(place, Place::Entity(_)).then_some(true),
        authority_names: Some(value(PersonName::parse("Autoridad Demo"))?),
        authority_surnames: Some(value(PersonName::parse("Ficticia Prueba"))?),
        authority_dni: Some(value(Dni::parse("99999901"))?),
        authority_phone: Some(value(Phone::parse("999999901"))?),
        authority_personal_email: Some(value(Email::parse("autoridad.demo@example.org"))?),
        resp_names: Some(value(PersonName::parse("Responsable Demo"))?),
        resp_surnames: Some(value(PersonName::parse("Ficticio Prueba"))?),
        resp_dni: Some(value(Dni::parse("99999902"))?),
        resp_phone: Some(value(Phone::parse(resp_phone))?),
        resp_email: Some(value(Email::parse("responsable.demo@example.org"))?),
        resp_office: Some(value(FreeText::parse("OMAPED"))?),
        resp_position: Some(value(FreeText::parse("Responsable"))?),
        ..Default::default()
    };
    let row = requests::insert(
        conn,
        NewRequest {
            data: &data,
            access_type,
            jurisdiction: &jurisdiction,
            authority_dni: "99999901",
            stage: Stage::AccountCreation,
            fiscal_year: 2026,
            kind: crate::domain::request::RequestKind::New,
            previous_id: None,
            chat: ChatKey::new(Channel::Terminal, "demo"),
            locale: "es",
        },
        now,
    )
    .await?;
    requests::move_stage(
        conn,
        row.id,
        Stage::AccountCreation,
        Stage::Active,
        None,
        "demo-data",
        None,
        now,
    )
    .await?;
    requests::get(conn, row.id)
        .await?
        .ok_or_else(|| StoreError::Corrupt("demo access vanished".into()))
}

#[derive(Debug)]
pub struct DemoSummary {
    pub padron: ImportReport,
    pub local: RequestRow,
    pub regional: RequestRow,
    pub other: RequestRow,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the database already has access requests: demo-data only fills a fresh one")]
    NotFresh,
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for DemoError {
    fn from(e: sqlx::Error) -> Self {
        DemoError::Store(StoreError::Db(e))
    }
}

/// Fills a fresh database: a padrón of 3,000, one active access per type, staff,
/// and the terminal user `terminal_user` bound to the Gobierno Local access.
pub async fn fill(
    store: &Store,
    terminal_user: &str,
    today: NaiveDate,
    now: i64,
) -> Result<DemoSummary, DemoError> {
    let mut conn = store.pool.acquire().await?;
    let existing: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM access_requests")
            .fetch_one(&mut *conn)
            .await?,
        "n",
    )?;
    if existing > 0 {
        return Err(DemoError::NotFresh);
    }
    drop(conn);
    let report = padron::replace_with(
        store,
        synthetic_padron(3000, &DEMO_DISTRICTS, today, 2026),
        today,
        now,
    )
    .await?;
    let mut tx = store.begin().await?;
    let local = active_access(
        &mut tx,
        Place::District(DEMO_DISTRICTS[0]),
        "900000001",
        now,
    )
    .await?;
    let regional = active_access(&mut tx, Place::Region("09"), "900000002", now).await?;
    let other = active_access(
        &mut tx,
        Place::Entity("Asociación Demo de Personas con Discapacidad"),
        "900000003",
        now,
    )
    .await?;
    staff::add(
        &mut tx,
        &staff::NewStaff {
            name: "Especialista Demo",
            roles: &[Role::Uac, Role::Especialista, Role::Supervisor],
            telegram_user_id: None,
            whatsapp_number: Some("51900000009"),
            terminal_user: None,
            locale: "es",
        },
        now,
    )
    .await?;
    bindings::bind(
        &mut tx,
        ChatKey::new(Channel::Terminal, terminal_user),
        local.id,
        now,
    )
    .await?;
    tx.commit().await.map_err(StoreError::Db)?;
    Ok(DemoSummary {
        padron: report,
        local,
        regional,
        other,
    })
}
