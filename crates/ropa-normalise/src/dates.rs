//! Dates as registers write them (`01/05/2018`, `1er juin 2021`, `20221121`) → ISO 8601.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use regex::Regex;
use ropa_model::text::{lower_same_len, re};
use std::sync::LazyLock;

static NUMERIC_DMY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\b"));
static ISO: LazyLock<Regex> = LazyLock::new(|| re(r"\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b"));
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})\b"));
/// `1er juin 2021`, `1. Juni 2021`, `1 de junio de 2021`, `1° giugno 2021`, `1 juni 2021`.
/// The patterns of months in words are written in lower case and looked for in the text
/// lowered at the same offsets ([`lower_same_len`]): built several times faster than with
/// `(?i)`, and what they capture is read case-blind.
static WORDS_DMY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b([0-9]{1,2})(?:er|st|nd|rd|th|°|º|\.)?\s+(?:de\s+)?(\p{L}+)\.?\s+(?:de\s+|del\s+)?([0-9]{4})\b",
    )
});
static WORDS_MDY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([a-z]+)\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})\b"));

fn month(word: &str) -> Option<u32> {
    let w = ropa_model::text::fold(word);
    const MONTHS: [(&[&str], u32); 12] = [
        (
            &[
                "janvier", "janv", "jan", "january", "januar", "jaenner", "janner", "enero",
                "gennaio", "januari",
            ],
            1,
        ),
        (
            &[
                "fevrier", "fevr", "fev", "feb", "february", "februar", "febrero", "febbraio",
                "februari",
            ],
            2,
        ),
        (
            &["mars", "mar", "march", "marz", "maerz", "marzo", "maart"],
            3,
        ),
        (&["avril", "avr", "apr", "april", "abril", "aprile"], 4),
        (&["mai", "may", "mayo", "maggio", "mei"], 5),
        (&["juin", "jun", "june", "juni", "junio", "giugno"], 6),
        (
            &["juillet", "juil", "jul", "july", "juli", "julio", "luglio"],
            7,
        ),
        (&["aout", "aug", "august", "agosto", "augustus"], 8),
        (
            &[
                "septembre",
                "sept",
                "sep",
                "september",
                "septiembre",
                "setiembre",
                "settembre",
            ],
            9,
        ),
        (
            &["octobre", "oct", "october", "oktober", "octubre", "ottobre"],
            10,
        ),
        (&["novembre", "nov", "november", "noviembre"], 11),
        (
            &[
                "decembre",
                "dec",
                "december",
                "dezember",
                "diciembre",
                "dicembre",
            ],
            12,
        ),
    ];
    MONTHS
        .iter()
        .find(|(names, _)| names.contains(&w.as_str()))
        .map(|(_, m)| *m)
}

/// The years a register's dates fall in: digits dated outside them are not a date.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2200;

/// The day written as year, month and day, when the calendar has it (no 30 February)
/// and its year is one a register's date falls in.
fn civil(y: &str, m: u32, d: &str) -> Option<Date> {
    let y: i16 = y.parse().ok()?;
    let d: i8 = d.parse().ok()?;
    let day = Date::new(y, i8::try_from(m).ok()?, d).ok()?;
    YEARS.contains(&y).then_some(day)
}

/// The first date written anywhere in the text, as `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    first_date(text).map(|d| d.to_string())
}

/// The first date written anywhere in the text, in any of the forms the patterns know.
fn first_date(text: &str) -> Option<Date> {
    let mut found: Vec<(usize, Date)> = Vec::new();
    let mut push = |start: usize, d: Option<Date>| {
        if let Some(d) = d {
            found.push((start, d));
        }
    };
    for c in NUMERIC_DMY.captures_iter(text) {
        let m = c[2].parse().ok();
        push(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| civil(&c[3], m, &c[1])),
        );
    }
    for c in ISO.captures_iter(text) {
        let m = c[2].parse().ok();
        push(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| civil(&c[1], m, &c[3])),
        );
    }
    for c in COMPACT.captures_iter(text) {
        let m = c[2].parse().ok();
        push(
            c.get(0).map_or(0, |m| m.start()),
            m.and_then(|m| civil(&c[1], m, &c[3])),
        );
    }
    let lower = lower_same_len(text);
    for c in WORDS_DMY.captures_iter(&lower) {
        push(
            c.get(0).map_or(0, |m| m.start()),
            month(&c[2]).and_then(|m| civil(&c[3], m, &c[1])),
        );
    }
    for c in WORDS_MDY.captures_iter(&lower) {
        push(
            c.get(0).map_or(0, |m| m.start()),
            month(&c[1]).and_then(|m| civil(&c[3], m, &c[2])),
        );
    }
    found
        .into_iter()
        .min_by_key(|(start, _)| *start)
        .map(|(_, d)| d)
}

/// `Feb 2025`, `février 2025`, `Januar 2025`: a month written in words before its year.
static WORDS_MY: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\p{L}+)\.?\s+([0-9]{4})\b"));
/// `02/2025`, `2.2025`, `2025-02` (no day after).
static NUMERIC_MY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\b([0-9]{1,2})[/.]([0-9]{4})\b|\b([0-9]{4})-([0-9]{1,2})\b(?:[^-0-9]|$)")
});

/// The month a text dates itself to when it gives no day (`Last reviewed: Feb 2025`), as
/// its year and month; the first one written.
pub fn find_month(text: &str) -> Option<(i64, u32)> {
    let mut found: Vec<(usize, (i64, u32))> = Vec::new();
    let year = |y: &str| {
        y.parse::<i16>()
            .ok()
            .filter(|y| YEARS.contains(y))
            .map(i64::from)
    };
    for c in WORDS_MY.captures_iter(&lower_same_len(text)) {
        if let (Some(m), Some(y)) = (month(&c[1]), year(&c[2])) {
            found.push((c.get(0).map_or(0, |m| m.start()), (y, m)));
        }
    }
    for c in NUMERIC_MY.captures_iter(text) {
        let (m, y) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
            (Some(m), Some(y), _, _) | (_, _, Some(y), Some(m)) => (m.as_str(), y.as_str()),
            _ => continue,
        };
        if let (Ok(m @ 1..=12), Some(y)) = (m.parse::<u32>(), year(y)) {
            found.push((c.get(0).map_or(0, |m| m.start()), (y, m)));
        }
    }
    found
        .into_iter()
        .min_by_key(|(at, _)| *at)
        .map(|(_, ym)| ym)
}

/// The last day of a month, as `YYYY-MM-DD`: a review dated only by its month is read as
/// done by the month's end (the reading that never calls a record stale too soon).
pub fn month_end((y, m): (i64, u32)) -> Option<String> {
    let first = day_of((y, m, 1))?;
    Some(first.last_of_month().to_string())
}

/// Today's date in UTC, as `YYYY-MM-DD`.
pub fn today() -> String {
    TimeZone::UTC
        .to_datetime(Timestamp::now())
        .date()
        .to_string()
}

#[cfg(test)]
mod month_tests {
    use super::*;

    #[test]
    fn a_month_and_its_year_date_a_review() {
        assert_eq!(find_month("Feb 2025"), Some((2025, 2)));
        assert_eq!(find_month("revu en février 2025"), Some((2025, 2)));
        assert_eq!(find_month("Stand: 03/2024"), Some((2024, 3)));
        assert_eq!(find_month("2023-11"), Some((2023, 11)));
        assert_eq!(find_month("Version 2 2025"), None);
        assert_eq!(find_month("2023-11-04"), None);
        assert_eq!(month_end((2024, 2)).as_deref(), Some("2024-02-29"));
    }
}

/// Parses an ISO date `YYYY-MM-DD` into its parts.
pub fn parse_iso(s: &str) -> Option<(i64, u32, u32)> {
    parse_day(s).map(parts)
}

/// An ISO date `YYYY-MM-DD` (or with fewer digits, `2024-3-1`), when the calendar has it.
fn parse_day(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    day_of((y, m, d))
}

/// The day of a year, month and day, when the calendar has it (years -9999 to 9999).
fn day_of((y, m, d): (i64, u32, u32)) -> Option<Date> {
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// A day as its year, month and day, the shape [`parse_iso`] and [`months_before`] give.
fn parts(day: Date) -> (i64, u32, u32) {
    (
        i64::from(day.year()),
        u32::from(day.month().unsigned_abs()),
        u32::from(day.day().unsigned_abs()),
    )
}

/// The same day `months` months earlier (clamped to the month's last day: 31 March less
/// a month is 28 or 29 February); a date the calendar does not have is returned as it is.
pub fn months_before(date: (i64, u32, u32), months: u32) -> (i64, u32, u32) {
    day_of(date).map_or(date, |day| {
        let earlier = Span::new()
            .try_months(i64::from(months))
            .map_or(Date::MIN, |span| day.saturating_sub(span));
        parts(earlier)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_shown_in_words() {}

    #[test]
    fn register_dates() {
        assert_eq!(find_date("01/05/2018").as_deref(), Some("2018-05-01"));
        assert_eq!(find_date("1er juin 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(find_date("01.05.2018").as_deref(), Some("2018-05-01"));
        assert_eq!(find_date("1. Juni 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(
            find_date("1 de junio de 2021").as_deref(),
            Some("2021-06-01")
        );
        assert_eq!(find_date("1° giugno 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(find_date("11 maart 2024").as_deref(), Some("2024-03-11"));
        assert_eq!(
            find_date("20221121 : Réécriture").as_deref(),
            Some("2022-11-21")
        );
        assert_eq!(find_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(find_date("June 1, 2021").as_deref(), Some("2021-06-01"));
        assert_eq!(find_date("31/02/2020"), None);
        assert_eq!(find_date("Aucune"), None);
    }

    #[test]
    fn months_before_clamps_to_the_month_end() {
        assert_eq!(months_before((2026, 3, 31), 13), (2025, 2, 28));
        assert_eq!(months_before((2024, 3, 31), 1), (2024, 2, 29));
        assert_eq!(months_before((2024, 2, 29), 12), (2023, 2, 28));
        assert_eq!(months_before((2025, 1, 15), 12), (2024, 1, 15));
        assert_eq!(months_before((2026, 2, 30), 12), (2026, 2, 30));
    }

    #[test]
    fn february_29_only_in_leap_years() {
        for (text, day) in [
            ("29/02/2024", Some("2024-02-29")),
            ("29/02/2000", Some("2000-02-29")),
            ("2023-02-29", None),
            ("29/02/1900", None),
            ("29 février 2025", None),
            ("29. Februar 2028", Some("2028-02-29")),
            ("20230229", None),
        ] {
            assert_eq!(find_date(text).as_deref(), day, "{text}");
        }
        assert_eq!(parse_iso("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_iso("2023-02-29"), None);
    }

    #[test]
    fn february_30_is_refused() {
        assert_eq!(find_date("2026-02-30"), None);
        assert_eq!(find_date("30/02/2026"), None);
        assert_eq!(find_date("30 février 2026"), None);
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(parse_iso("2026-04-31"), None);
        assert_eq!(parse_iso("2026-13-01"), None);
        assert_eq!(parse_iso(" 2026-4-30 "), Some((2026, 4, 30)));
    }

    #[test]
    fn today_is_an_iso_date() {
        let day = today();
        assert_eq!(parse_day(&day).map(|d| d.to_string()), Some(day));
    }
}
