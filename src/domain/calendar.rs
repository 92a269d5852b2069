//! Business days and office hours in America/Lima: the clock every review term,
//! reminder and first-response promise is measured with.
//!
//! Business days are Monday to Friday, less Peru's national holidays and the extra
//! non-working days the operator lists (one-off decrees, "días no laborables").

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta,
    Utc, Weekday,
};

/// Lima is UTC−5 all year: Peru last observed daylight saving time in 1994, so a fixed
/// offset is exact for every date the bot handles and needs no tz database.
const LIMA_OFFSET: FixedOffset = match FixedOffset::west_opt(5 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC-5 is a valid offset"),
};

/// `(month, day)` of the holidays with a fixed date.
const FIXED_HOLIDAYS: [(u32, u32); 14] = [
    (1, 1),   // Año Nuevo
    (5, 1),   // Día del Trabajo
    (6, 7),   // Batalla de Arica y Día de la Bandera
    (6, 29),  // San Pedro y San Pablo
    (7, 23),  // Día de la Fuerza Aérea
    (7, 28),  // Fiestas Patrias
    (7, 29),  // Fiestas Patrias
    (8, 6),   // Batalla de Junín
    (8, 30),  // Santa Rosa de Lima
    (10, 8),  // Combate de Angamos
    (11, 1),  // Todos los Santos
    (12, 8),  // Inmaculada Concepción
    (12, 9),  // Batalla de Ayacucho
    (12, 25), // Navidad
];

/// UTC−5, Lima's offset (see the module docs for why it is fixed).
pub fn lima_offset() -> FixedOffset {
    LIMA_OFFSET
}

/// The calendar date in Lima at instant `now`.
pub fn lima_date(now: DateTime<Utc>) -> NaiveDate {
    lima_datetime(now).date()
}

/// The wall-clock time in Lima at instant `now`.
pub fn lima_datetime(now: DateTime<Utc>) -> NaiveDateTime {
    now.with_timezone(&LIMA_OFFSET).naive_local()
}

/// The instant at which Lima's wall clock shows `lima`.
pub fn lima_to_utc(lima: NaiveDateTime) -> DateTime<Utc> {
    (lima - TimeDelta::seconds(i64::from(LIMA_OFFSET.local_minus_utc()))).and_utc()
}

/// A date known to be valid; saturates for years outside chrono's range (±262,000),
/// which no term computation reaches.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Easter Sunday of `year` in the Gregorian calendar (anonymous computus).
pub fn easter(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day 1..=31 by construction.
    ymd(year, month.unsigned_abs(), day.unsigned_abs())
}

/// Holy Thursday and Good Friday of `year`.
fn holy_week(year: i32) -> [NaiveDate; 2] {
    let sunday = easter(year);
    [sunday - Days::new(3), sunday - Days::new(2)]
}

/// Peru's national holidays in `year`, sorted.
pub fn national_holidays(year: i32) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = FIXED_HOLIDAYS
        .iter()
        .map(|&(m, d)| ymd(year, m, d))
        .collect();
    days.extend(holy_week(year));
    days.sort_unstable();
    days
}

fn is_national_holiday(date: NaiveDate) -> bool {
    FIXED_HOLIDAYS.contains(&(date.month(), date.day())) || holy_week(date.year()).contains(&date)
}

/// Business days: Monday to Friday, less national holidays and extra non-working days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BusinessCalendar {
    extra_non_working: BTreeSet<NaiveDate>,
}

impl BusinessCalendar {
    /// `extra_non_working` are the operator's additional days off (from `bot.toml`).
    pub fn new(extra_non_working: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self {
            extra_non_working: extra_non_working.into_iter().collect(),
        }
    }

    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
            && !is_national_holiday(date)
            && !self.extra_non_working.contains(&date)
    }

    /// `date` itself if it is a business day, else the next one.
    pub fn next_business_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_business_day(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
        d
    }

    /// The date `n` business days after `from`; `from` itself never counts, so a term
    /// of 1 day started on a Friday ends on Monday. `n = 0` gives the next business day
    /// on or after `from`.
    pub fn add_business_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return self.next_business_day_on_or_after(from);
        }
        let mut d = from;
        let mut left = n;
        while left > 0 {
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
            if self.is_business_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Business days in `(a, b]`, negative when `b` is before `a`: with `a` the due
    /// date and `b` today, the number of business days an item is overdue.
    pub fn business_days_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        if b < a {
            return -self.business_days_between(b, a);
        }
        a.iter_days()
            .skip(1)
            .take_while(|d| *d <= b)
            .filter(|d| self.is_business_day(*d))
            .count() as i64
    }
}

/// When program staff answer: business days, from `open` to `close` (Lima time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OfficeHours {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

// Evaluated at compile time through the constants below, so the panic cannot fire at run time.
const DEFAULT_OPEN: NaiveTime = hm(8, 30);
const DEFAULT_CLOSE: NaiveTime = hm(17, 30);

const fn hm(hour: u32, min: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, min, 0) {
        Some(t) => t,
        None => panic!("valid time of day"),
    }
}

impl Default for OfficeHours {
    /// 08:30 to 17:30, the public sector's usual schedule.
    fn default() -> Self {
        Self {
            open: DEFAULT_OPEN,
            close: DEFAULT_CLOSE,
        }
    }
}

impl OfficeHours {
    /// Open on a business day from `open` (inclusive) to `close` (exclusive).
    pub fn is_open(&self, cal: &BusinessCalendar, lima: NaiveDateTime) -> bool {
        let t = lima.time();
        cal.is_business_day(lima.date()) && self.open <= t && t < self.close
    }

    /// `lima` if the office is open; else today's opening if it is still ahead on a
    /// business day; else the next business day's opening.
    pub fn next_opening(&self, cal: &BusinessCalendar, lima: NaiveDateTime) -> NaiveDateTime {
        if self.is_open(cal, lima) {
            return lima;
        }
        let date = lima.date();
        if cal.is_business_day(date) && lima.time() < self.open {
            return date.and_time(self.open);
        }
        cal.add_business_days(date, 1).and_time(self.open)
    }

    /// The moment `hours` of open office time have passed since `start`, counting only
    /// time when the office is open (the first-response term of a ticket).
    pub fn add_office_hours(
        &self,
        cal: &BusinessCalendar,
        start: NaiveDateTime,
        hours: u32,
    ) -> NaiveDateTime {
        let mut left = TimeDelta::hours(i64::from(hours));
        let mut at = self.next_opening(cal, start);
        loop {
            let closing = at.date().and_time(self.close);
            let available = closing - at;
            if left <= available {
                return at + left;
            }
            left -= available;
            at = self.next_opening(cal, closing);
        }
    }
}

/// Lima month `[first day, first day of next month)` as unix seconds.
pub fn month_bounds(first: NaiveDate) -> (i64, i64) {
    let next = first
        .checked_add_months(Months::new(1))
        .unwrap_or(NaiveDate::MAX);
    let at = |d: NaiveDate| lima_to_utc(d.and_hms_opt(0, 0, 0).unwrap_or_default()).timestamp();
    (at(first), at(next))
}

/// A day of the year, written "12-01": the day the renewal window opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(try_from = "String", into = "String")]
pub struct MonthDay {
    month: u32,
    day: u32,
}

impl MonthDay {
    /// 1 December: the program's renewal window opens with the last month of the year.
    pub const DECEMBER_FIRST: MonthDay = MonthDay { month: 12, day: 1 };

    /// "12-01" (month, then day; 29 February is refused, as not every year has it).
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a day of the year written MM-DD (e.g. 12-01)");
        let (m, d) = s.trim().split_once('-').ok_or_else(bad)?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        let day: u32 = d.parse().map_err(|_| bad())?;
        // 2025 is not a leap year: a day valid in it is valid in every year.
        NaiveDate::from_ymd_opt(2025, month, day).ok_or_else(bad)?;
        Ok(MonthDay { month, day })
    }

    /// The day in a given year.
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
    }

    fn reached_on(self, date: NaiveDate) -> bool {
        (date.month(), date.day()) >= (self.month, self.day)
    }
}

impl TryFrom<String> for MonthDay {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        MonthDay::parse(&s)
    }
}

impl From<MonthDay> for String {
    fn from(d: MonthDay) -> String {
        format!("{:02}-{:02}", d.month, d.day)
    }
}

impl Default for MonthDay {
    fn default() -> Self {
        MonthDay::DECEMBER_FIRST
    }
}

/// Whether `today` is in the renewal window: from `window_from` to 31 December.
pub fn in_renewal_window(today: NaiveDate, window_from: MonthDay) -> bool {
    window_from.reached_on(today)
}

/// The fiscal year a DDC generated on `today` covers: the current one, or from the
/// renewal window on the coming one, so an authority who signs in December does
/// not sign again in January.
pub fn ddc_fiscal_year(today: NaiveDate, window_from: MonthDay) -> i32 {
    if in_renewal_window(today, window_from) {
        today.year() + 1
    } else {
        today.year()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ddc_made_in_the_renewal_window_covers_the_coming_year() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let dec = MonthDay::DECEMBER_FIRST;
        assert_eq!(ddc_fiscal_year(d(2026, 11, 30), dec), 2026);
        assert_eq!(ddc_fiscal_year(d(2026, 12, 1), dec), 2027);
        assert_eq!(ddc_fiscal_year(d(2026, 12, 31), dec), 2027);
        assert_eq!(ddc_fiscal_year(d(2027, 1, 1), dec), 2027);
        let nov = MonthDay::parse("11-15").unwrap();
        assert_eq!(ddc_fiscal_year(d(2026, 11, 24), nov), 2027);
        assert!(!in_renewal_window(d(2026, 11, 14), nov));
        assert_eq!(MonthDay::parse(" 12-01 "), Ok(dec));
        for bad in ["12", "13-01", "02-29", "12-32", "diciembre"] {
            assert!(MonthDay::parse(bad).is_err(), "{bad}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dt(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
        d(y, m, day).and_hms_opt(h, min, 0).unwrap()
    }

    fn cal() -> BusinessCalendar {
        BusinessCalendar::default()
    }

    #[test]
    fn easter_dates_match_the_church_calendar() {
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2025), d(2025, 4, 20));
        assert_eq!(easter(2026), d(2026, 4, 5));
        assert_eq!(easter(2027), d(2027, 3, 28));
        assert_eq!(easter(2000), d(2000, 4, 23));
        assert_eq!(easter(2038), d(2038, 4, 25));
        assert_eq!(easter(2285), d(2285, 3, 22));
    }

    #[test]
    fn national_holidays_include_holy_week_and_are_sorted() {
        let h = national_holidays(2026);
        assert_eq!(h.len(), 16);
        assert!(h.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(h[0], d(2026, 1, 1));
        assert_eq!(h[1], d(2026, 4, 2));
        assert_eq!(h[2], d(2026, 4, 3));
        assert_eq!(h[15], d(2026, 12, 25));
        for day in h {
            assert!(!cal().is_business_day(day), "{day}");
        }
    }

    #[test]
    fn a_one_day_term_started_on_friday_ends_on_monday() {
        // 2026-03-13 is a Friday.
        assert_eq!(cal().add_business_days(d(2026, 3, 13), 1), d(2026, 3, 16));
        assert_eq!(cal().add_business_days(d(2026, 3, 14), 1), d(2026, 3, 16));
        assert_eq!(cal().add_business_days(d(2026, 3, 11), 3), d(2026, 3, 16));
    }

    #[test]
    fn holy_week_is_skipped() {
        // 2026: Holy Thursday 2 April, Good Friday 3 April.
        assert!(!cal().is_business_day(d(2026, 4, 2)));
        assert!(!cal().is_business_day(d(2026, 4, 3)));
        assert_eq!(cal().add_business_days(d(2026, 4, 1), 1), d(2026, 4, 6));
        assert_eq!(cal().add_business_days(d(2026, 3, 31), 3), d(2026, 4, 7));
    }

    #[test]
    fn the_july_holidays_are_skipped() {
        // 2026: 23 Jul Thursday, 24 Fri, 27 Mon, 28 Tue and 29 Wed holidays.
        assert_eq!(cal().add_business_days(d(2026, 7, 22), 1), d(2026, 7, 24));
        assert_eq!(cal().add_business_days(d(2026, 7, 24), 1), d(2026, 7, 27));
        assert_eq!(cal().add_business_days(d(2026, 7, 27), 1), d(2026, 7, 30));
        assert_eq!(cal().add_business_days(d(2026, 7, 22), 3), d(2026, 7, 30));
    }

    #[test]
    fn the_december_holidays_are_skipped() {
        // 2026: 8 Dec Tuesday, 9 Dec Wednesday, 25 Dec Friday.
        assert_eq!(cal().add_business_days(d(2026, 12, 7), 1), d(2026, 12, 10));
        assert_eq!(cal().add_business_days(d(2026, 12, 24), 1), d(2026, 12, 28));
        assert_eq!(cal().add_business_days(d(2026, 12, 4), 3), d(2026, 12, 11));
    }

    #[test]
    fn a_term_ending_on_a_holiday_moves_to_the_next_working_day() {
        // 1 May 2026 is a Friday.
        assert_eq!(cal().add_business_days(d(2026, 4, 30), 1), d(2026, 5, 4));
        // 8 Oct 2026 is a Thursday.
        assert_eq!(cal().add_business_days(d(2026, 10, 7), 1), d(2026, 10, 9));
        assert_eq!(
            cal().next_business_day_on_or_after(d(2026, 10, 8)),
            d(2026, 10, 9)
        );
        assert_eq!(cal().add_business_days(d(2026, 10, 8), 0), d(2026, 10, 9));
        assert_eq!(cal().add_business_days(d(2026, 10, 9), 0), d(2026, 10, 9));
    }

    #[test]
    fn extra_non_working_days_are_honoured() {
        let extra = BusinessCalendar::new([d(2026, 3, 16)]);
        assert!(!extra.is_business_day(d(2026, 3, 16)));
        assert_eq!(extra.add_business_days(d(2026, 3, 13), 1), d(2026, 3, 17));
        assert_eq!(cal().add_business_days(d(2026, 3, 13), 1), d(2026, 3, 16));
    }

    #[test]
    fn overdue_days_count_business_days_only() {
        let c = cal();
        // Due Friday 13 March 2026; on Monday 16 it is 1 business day overdue.
        assert_eq!(c.business_days_between(d(2026, 3, 13), d(2026, 3, 16)), 1);
        assert_eq!(c.business_days_between(d(2026, 3, 13), d(2026, 3, 14)), 0);
        assert_eq!(c.business_days_between(d(2026, 3, 13), d(2026, 3, 13)), 0);
        assert_eq!(c.business_days_between(d(2026, 3, 16), d(2026, 3, 13)), -1);
        // Holy Week 2026: 1 April (Wed) to 6 April (Mon) is only the Monday.
        assert_eq!(c.business_days_between(d(2026, 4, 1), d(2026, 4, 6)), 1);
        for n in 0..40 {
            let from = d(2026, 7, 20);
            assert_eq!(
                c.business_days_between(from, c.add_business_days(from, n)),
                i64::from(n)
            );
        }
    }

    #[test]
    fn lima_is_five_hours_behind_utc() {
        let now = DateTime::parse_from_rfc3339("2026-03-14T03:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(lima_date(now), d(2026, 3, 13));
        assert_eq!(lima_datetime(now), dt(2026, 3, 13, 22, 30));
        assert_eq!(lima_to_utc(dt(2026, 3, 13, 22, 30)), now);
        assert_eq!(lima_offset().local_minus_utc(), -5 * 3600);
    }

    #[test]
    fn office_is_closed_on_saturday_until_monday_morning() {
        let hours = OfficeHours::default();
        let saturday = dt(2026, 3, 14, 10, 0);
        assert!(!hours.is_open(&cal(), saturday));
        assert_eq!(hours.next_opening(&cal(), saturday), dt(2026, 3, 16, 8, 30));
    }

    #[test]
    fn office_is_closed_at_quarter_to_six_on_friday() {
        let hours = OfficeHours::default();
        let friday_evening = dt(2026, 3, 13, 17, 45);
        assert!(!hours.is_open(&cal(), friday_evening));
        assert_eq!(
            hours.next_opening(&cal(), friday_evening),
            dt(2026, 3, 16, 8, 30)
        );
        assert!(hours.is_open(&cal(), dt(2026, 3, 13, 17, 29)));
        assert!(!hours.is_open(&cal(), dt(2026, 3, 13, 17, 30)));
    }

    #[test]
    fn office_opens_later_the_same_morning_or_after_a_holiday() {
        let hours = OfficeHours::default();
        let early = dt(2026, 3, 13, 7, 0);
        assert_eq!(hours.next_opening(&cal(), early), dt(2026, 3, 13, 8, 30));
        let open = dt(2026, 3, 13, 9, 15);
        assert_eq!(hours.next_opening(&cal(), open), open);
        // Holy Thursday morning 2026: next opening is Monday 6 April.
        assert_eq!(
            hours.next_opening(&cal(), dt(2026, 4, 2, 7, 0)),
            dt(2026, 4, 6, 8, 30)
        );
    }

    #[test]
    fn first_response_term_counts_open_hours_only() {
        let hours = OfficeHours::default();
        let c = cal();
        // Within one day.
        assert_eq!(
            hours.add_office_hours(&c, dt(2026, 3, 12, 9, 0), 4),
            dt(2026, 3, 12, 13, 0)
        );
        // Friday 15:00: 2.5 hours on Friday, 1.5 on Monday.
        assert_eq!(
            hours.add_office_hours(&c, dt(2026, 3, 13, 15, 0), 4),
            dt(2026, 3, 16, 10, 0)
        );
        // Friday 17:45 (closed): starts counting on Monday.
        assert_eq!(
            hours.add_office_hours(&c, dt(2026, 3, 13, 17, 45), 4),
            dt(2026, 3, 16, 12, 30)
        );
        // Saturday.
        assert_eq!(
            hours.add_office_hours(&c, dt(2026, 3, 14, 11, 0), 4),
            dt(2026, 3, 16, 12, 30)
        );
        // A whole working day is 9 hours.
        assert_eq!(
            hours.add_office_hours(&c, dt(2026, 3, 12, 8, 30), 9),
            dt(2026, 3, 12, 17, 30)
        );
        assert_eq!(
            hours.add_office_hours(&c, dt(2026, 3, 12, 8, 30), 10),
            dt(2026, 3, 13, 9, 30)
        );
    }

    #[test]
    fn months_run_from_lima_midnight_to_lima_midnight() {
        let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        let (from, until) = month_bounds(first);
        // 1 Nov 2026 00:00 Lima is 05:00 UTC.
        assert_eq!(from, 1_793_509_200);
        assert_eq!(until - from, 30 * 24 * 3600);
    }
}
