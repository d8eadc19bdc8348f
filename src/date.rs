//! Calendar dates as the input contract writes them (`2004-03-01`) and as the
//! United Nations prints them (`1 March 2004`; date ranges and the rest of
//! the editorial style are [`crate::style`]'s). Depends on no other module.

use std::fmt;

/// A proleptic Gregorian calendar date. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    #[error("expected a date written YYYY-MM-DD")]
    Shape,
    /// Well formed, but no such day (`2003-02-30`).
    #[error("{}", no_such_day(*.year, *.month, *.day))]
    NoSuchDay { year: i32, month: u8, day: u8 },
    /// The year 0000: the calendar has none (1 BC is followed by AD 1).
    #[error("there is no year 0")]
    YearZero,
}

/// `February 2003 has no day 30`, `there is no month 13`.
fn no_such_day(year: i32, month: u8, day: u8) -> String {
    match MONTHS.get(usize::from(month).wrapping_sub(1)) {
        Some(name) => format!("{name} {year} has no day {day}"),
        None => format!("there is no month {month}"),
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        if year == 0 {
            return Err(DateError::YearZero);
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay { year, month, day });
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(DateError::Shape);
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        Date::new(num(0..4) as i32, num(5..7) as u8, num(8..10) as u8)
    }

    /// `22 July 2003`: day, month, year, no comma, no ordinal (the United
    /// Nations Editorial Manual).
    pub fn un_style(&self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }

    /// `July`.
    pub fn month_name(&self) -> &'static str {
        MONTHS[usize::from(self.month - 1)]
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today where the user is: the date [`TODAY_VAR`] fixes, else the
    /// local date from the system clock and time zone (`TZ`, else the
    /// system's), as `date` prints it. A deadline of "today" in Vienna or
    /// New York is that calendar day there, not in UTC. Falls back to
    /// the date in UTC if the local time is unknown. An unreadable
    /// [`TODAY_VAR`] is refused by the program before any command runs
    /// ([`today_from_env`]), so here it can only be a date or unset.
    pub fn today() -> Date {
        if let Ok(Some(fixed)) = today_from_env() {
            return fixed;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        local_date(secs).unwrap_or_else(|| Date::from_days_since_epoch(secs.div_euclid(86_400)))
    }

    /// Seconds since the Unix epoch at midnight UTC: the PDF creation timestamp.
    pub fn unix_timestamp(&self) -> i64 {
        self.days_since_epoch() * 86_400
    }
}

/// The variable that fixes "today" (`YYYY-MM-DD`) for every command: what
/// `status` counts days from and what a reply's date is compared with. It
/// makes a run repeatable (the tests set it) and lets a user see the report
/// as it will stand on a later day.
pub const TODAY_VAR: &str = "SGREPORT_TODAY";

/// [`TODAY_VAR`] set to something that is not a date: an error, never the
/// system's date without a word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{TODAY_VAR} is {value:?}: {reason}")]
pub struct BadToday {
    pub value: String,
    pub reason: DateError,
}

/// The date [`TODAY_VAR`] fixes: `None` when it is unset or empty.
pub fn today_from_env() -> Result<Option<Date>, BadToday> {
    today_from(std::env::var(TODAY_VAR).ok())
}

/// The date [`TODAY_VAR`]'s `value` fixes (none when unset, not Unicode or
/// blank). Apart from the reading of the variable, so that it is tested
/// without changing the environment other tests read.
fn today_from(value: Option<String>) -> Result<Option<Date>, BadToday> {
    match value {
        Some(value) if !value.trim().is_empty() => Date::parse(value.trim())
            .map(Some)
            .map_err(|reason| BadToday { value, reason }),
        _ => Ok(None),
    }
}

/// The local calendar date at `secs` after the epoch (`localtime_r`, which
/// reads `TZ` and the system's zone), or `None` if the C library cannot tell.
#[cfg(unix)]
pub fn local_date(secs: i64) -> Option<Date> {
    // time_t is 32 bits on some platforms.
    #[allow(clippy::useless_conversion)]
    let t: libc::time_t = secs.try_into().ok()?;
    // SAFETY: `tm` is plain old data that localtime_r fills in; both pointers
    // are valid for the call. tzset makes a changed TZ count.
    let tm = unsafe {
        extern "C" {
            fn tzset();
        }
        tzset();
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            return None;
        }
        tm
    };
    Date::new(
        tm.tm_year + 1900,
        u8::try_from(tm.tm_mon + 1).ok()?,
        u8::try_from(tm.tm_mday).ok()?,
    )
    .ok()
}

#[cfg(not(unix))]
pub fn local_date(_secs: i64) -> Option<Date> {
    None
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_un_style() {
        let d = Date::parse("2004-03-01").unwrap();
        assert_eq!(d.un_style(), "1 March 2004");
        assert_eq!(d.to_string(), "2004-03-01");
    }

    #[test]
    fn rejects_impossible_days() {
        assert_eq!(
            Date::parse("2003-02-30").unwrap_err().to_string(),
            "February 2003 has no day 30"
        );
        assert!(Date::parse("2004-02-29").is_ok());
        assert_eq!(Date::parse("2004-3-1"), Err(DateError::Shape));
        assert_eq!(Date::parse("0000-01-01"), Err(DateError::YearZero));
        assert!(Date::parse("0001-01-01").is_ok());
        assert_eq!(
            Date::parse("2003-04-31").unwrap_err().to_string(),
            "April 2003 has no day 31"
        );
        assert!(Date::parse("2003-05-31").is_ok());
        // Leap years: every fourth, but not a century unless a fourth one.
        assert!(Date::parse("2003-02-29").is_err());
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2000-02-29").is_ok());
    }

    #[test]
    fn today_is_the_date_the_variable_fixes_and_a_bad_one_is_refused() {
        let day = Date::parse("2004-03-01").unwrap();
        assert_eq!(today_from(Some(" 2004-03-01 ".into())), Ok(Some(day)));
        assert_eq!(today_from(Some("  ".into())), Ok(None));
        assert_eq!(today_from(None), Ok(None));
        assert_eq!(
            today_from(Some("2004-02-30".into()))
                .unwrap_err()
                .to_string(),
            "SGREPORT_TODAY is \"2004-02-30\": February 2004 has no day 30"
        );
    }

    #[test]
    fn only_exactly_yyyy_mm_dd_is_a_date() {
        // Each breaks one part of the shape only; none may be read as
        // 1 March 2004 (or as another day).
        for bad in [
            "2004-03-011",
            "2004-03-01 ",
            "2004/03-01",
            "2004-03/01",
            "2004-+3-01",
            "2004-03-+1",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError::Shape), "{bad:?}");
        }
        assert_eq!(Date::parse("2o04-03-01"), Err(DateError::Shape));
    }

    #[test]
    fn days_count_through_the_years_before_the_era() {
        // A draft's masthead may give any year (`1 March -5`): the day
        // count runs on without a jump across the proleptic calendar's
        // 400-year eras, years 0 and below included.
        assert_eq!(
            Date::from_days_since_epoch(-719_468),
            Date {
                year: 0,
                month: 3,
                day: 1
            }
        );
        let before = Date::new(-401, 12, 31).unwrap().days_since_epoch();
        for days in before..before + 2 * 146_097 {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days, "{d:?}");
        }
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2004-03-01").unwrap().unix_timestamp(),
            1_078_099_200
        );
    }

    #[test]
    fn days_back_to_dates() {
        for s in [
            "1970-01-01",
            "1969-12-31",
            "2000-02-29",
            "2004-03-01",
            "2100-12-31",
        ] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
    }

    #[test]
    fn the_local_date_is_within_a_day_of_utc_whatever_the_zone() {
        // Noon UTC on 1 March 2004: the same, previous or next day in any
        // zone (no clock is read).
        let noon = Date::parse("2004-03-01").unwrap().unix_timestamp() + 12 * 3600;
        let local = local_date(noon);
        #[cfg(unix)]
        let local = Some(local.expect("the C library gives the local date"));
        if let Some(local) = local {
            let gap =
                local.days_since_epoch() - Date::parse("2004-03-01").unwrap().days_since_epoch();
            assert!(gap.abs() <= 1, "{local}");
        }
    }
}
