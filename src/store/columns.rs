//! How the store's rows read the program's types through sqlx's `Any` driver, so
//! rows are mapped by `#[derive(sqlx::FromRow)]`.
//!
//! - A code column (a channel, a stage, a role…) or a JSON text column decodes
//!   straight into the type ([`code_columns!`]) through its `TryFrom<String>`, and
//!   `Option<T>` follows for a column that may be NULL. This, rather than
//!   `#[sqlx(try_from = "String")]`: sqlx 0.8.6 reports a failed `try_from` as
//!   "unprintable error", losing which code was wrong, while a decode error keeps it.
//! - `Any` decodes a `bool` only from a value the database typed as boolean, and a
//!   date not at all; the store keeps flags as 0/1 integers and dates as ISO text
//!   (the common ground of SQLite and PostgreSQL). [`OptFlag`], [`IsoDate`],
//!   [`OptIsoDate`] and [`RoleList`] decode those stored forms; a field names one
//!   with `#[sqlx(try_from = "…")]` and gets its own type through `From` (a
//!   conversion that cannot fail).

use chrono::NaiveDate;

use crate::domain::request::{
    AccessType, AuthorityOnDdc, RequestData, RequestKind, VerificationCode,
};
use crate::domain::stage::{Role, Stage};
use crate::domain::ticket::{Category, TicketState};
use crate::message::Channel;
use crate::store::tickets::TicketContext;
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type, ValueRef};

/// `Type<Any>` of column types read as the stored type `$stored` (sqlx checks a
/// column's type against it before decoding).
macro_rules! stored_as {
    ($stored:ty: $ty:ty) => {
        impl Type<Any> for $ty {
            fn type_info() -> AnyTypeInfo {
                <$stored as Type<Any>>::type_info()
            }

            fn compatible(ty: &AnyTypeInfo) -> bool {
                <$stored as Type<Any>>::compatible(ty)
            }
        }
    };
}

/// Text columns that decode into a type through its `TryFrom<String>` (a code's
/// `parse`, or JSON), the error saying what was wrong.
macro_rules! code_columns {
    ($($ty:ty),+ $(,)?) => {$(
        stored_as!(String: $ty);

        impl<'r> Decode<'r, Any> for $ty {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <String as Decode<'r, Any>>::decode(value)?;
                Ok(<$ty>::try_from(text)?)
            }
        }
    )+};
}

code_columns!(
    Channel,
    Category,
    TicketState,
    Role,
    Stage,
    AccessType,
    RequestKind,
    VerificationCode,
    RequestData,
    AuthorityOnDdc,
    TicketContext,
);

/// `impl TryFrom<String>` for a type stored as its JSON text.
macro_rules! json_text {
    ($ty:ty) => {
        impl TryFrom<String> for $ty {
            type Error = serde_json::Error;
            fn try_from(json: String) -> Result<Self, serde_json::Error> {
                serde_json::from_str(&json)
            }
        }
    };
}
pub(crate) use json_text;

stored_as!(i64: OptFlag);
stored_as!(String: IsoDate);
stored_as!(String: OptIsoDate);
stored_as!(String: RoleList);

/// A 0/1 flag that may be NULL (not answered yet): `Option<bool>`.
pub struct OptFlag(Option<bool>);

impl<'r> Decode<'r, Any> for OptFlag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.is_null() {
            return Ok(OptFlag(None));
        }
        let n = <i64 as Decode<'r, Any>>::decode(value)?;
        Ok(OptFlag(Some(n != 0)))
    }
}

impl From<OptFlag> for Option<bool> {
    fn from(flag: OptFlag) -> Self {
        flag.0
    }
}

/// A day stored as ISO text (`2026-03-02`).
pub struct IsoDate(NaiveDate);

impl<'r> Decode<'r, Any> for IsoDate {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        let day = text
            .parse()
            .map_err(|e| format!("{text:?} is not an ISO date: {e}"))?;
        Ok(IsoDate(day))
    }
}

impl From<IsoDate> for NaiveDate {
    fn from(day: IsoDate) -> Self {
        day.0
    }
}

/// Role codes separated by commas (the staff registry's `roles`). A code this
/// version does not know is skipped, as it always was: the member keeps the roles it
/// knows, so a registry written by a later version still loads.
pub struct RoleList(Vec<Role>);

impl<'r> Decode<'r, Any> for RoleList {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        Ok(RoleList(text.split(',').filter_map(Role::parse).collect()))
    }
}

impl From<RoleList> for Vec<Role> {
    fn from(roles: RoleList) -> Self {
        roles.0
    }
}

/// A day stored as ISO text that may be NULL: `Option<NaiveDate>`.
pub struct OptIsoDate(Option<NaiveDate>);

impl<'r> Decode<'r, Any> for OptIsoDate {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        if value.is_null() {
            return Ok(OptIsoDate(None));
        }
        Ok(OptIsoDate(Some(IsoDate::decode(value)?.0)))
    }
}

impl From<OptIsoDate> for Option<NaiveDate> {
    fn from(day: OptIsoDate) -> Self {
        day.0
    }
}
