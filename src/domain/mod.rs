//! The program's rules as plain types, with no I/O: validated values (DNI, phone,
//! email, names, ubigeo), the INEI district catalog, the business calendar of
//! America/Lima, the review stage machine of Directive 06-2020-MIDIS/PNPDS-DE and the
//! one access policy (who may see or do what to which record).

pub mod calendar;
pub mod correction;
pub mod fields;
pub mod form;
pub mod form_kind;
pub mod jne;
pub mod kb;
pub mod lessons;
pub mod observation;
pub mod padron;
pub mod policy;
pub mod reading;
pub mod request;
pub mod stage;
pub mod ticket;
pub mod ubigeo;
pub mod values;

pub use calendar::{
    BusinessCalendar, OfficeHours, easter, lima_date, lima_datetime, lima_offset, lima_to_utc,
    national_holidays,
};
pub use stage::{Action, Actor, Role, Stage, Terms, TransitionError, transition};
pub use ubigeo::{Catalog, CatalogError, District, Ubigeo, normalize};
pub use values::{Dni, DocNumber, Email, FreeText, PersonName, Phone, ValueError, parse_date};
