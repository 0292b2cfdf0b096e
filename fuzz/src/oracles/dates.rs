//! What must hold for any text given to the date parser: a date it reads has a plausible
//! year (1990..=2100, as documented); `find` gives a range inside the text on character
//! boundaries; a well-formed ISO 8601 or RFC 2822 date is read back exactly.
//!
//! Shared: the fuzz targets and the extract crate's property tests (by `#[path]`).

#![allow(dead_code)]

use chrono::{Datelike, FixedOffset, NaiveDate, TimeZone};
use tidings_extract::Published;
use tidings_extract::dates::{self, DayOrder};

use crate::hostile::dates::Exact;

fn plausible(p: &Published, text: &str) -> Result<(), String> {
    let y = p.date().year();
    if dates::plausible_year(y) {
        Ok(())
    } else {
        Err(format!(
            "{text:?} read as {p:?}, year {y} outside 1990..=2100"
        ))
    }
}

/// `parse`, `parse_with` and `find` on any text.
pub fn any(text: &str) -> Result<String, String> {
    for p in [
        dates::parse(text),
        dates::parse_with(text, DayOrder::DayFirst),
    ]
    .into_iter()
    .flatten()
    {
        plausible(&p, text)?;
    }
    let mut found = "no date";
    for order in [DayOrder::MonthFirst, DayOrder::DayFirst] {
        if let Some((p, start, end)) = dates::find(text, order) {
            found = "date";
            plausible(&p, text)?;
            if start > end || end > text.len() || text.get(start..end).is_none() {
                return Err(format!(
                    "find({text:?}) gave {start}..{end}, not a range of the text"
                ));
            }
        }
    }
    Ok(found.to_owned())
}

/// A well-formed date-time, written as ISO 8601 (as [`Published::to_iso`] writes it) and as
/// RFC 2822, is read back exactly.
pub fn exact(e: &Exact) -> Result<(), String> {
    let Some(date) = NaiveDate::from_ymd_opt(e.year, e.month, e.day) else {
        return Err(format!("generator gave an impossible date {e:?}"));
    };
    let Some(local) = date.and_hms_opt(e.hour, e.minute, e.second) else {
        return Err(format!("generator gave an impossible time {e:?}"));
    };
    let want = match e.offset_minutes {
        Some(m) => match FixedOffset::east_opt(m * 60)
            .and_then(|off| off.from_local_datetime(&local).single())
        {
            Some(t) => Published::Zoned(t),
            None => return Err(format!("generator gave an impossible offset {e:?}")),
        },
        None => Published::Local(local),
    };
    let mut texts = vec![(want.to_iso(), want)];
    if let Published::Zoned(t) = want {
        texts.push((t.to_rfc2822(), want));
        texts.push((t.format("%Y-%m-%dT%H:%M:%S%z").to_string(), want));
    }
    let plain = Published::Local(local);
    texts.push((local.format("%Y-%m-%d %H:%M:%S").to_string(), plain));
    for (text, want) in texts {
        let got = dates::parse(&text);
        let same = match (got, want) {
            (Some(Published::Zoned(a)), Published::Zoned(b)) => a == b && a.offset() == b.offset(),
            (Some(g), w) => g == w,
            (None, _) => false,
        };
        if !same {
            return Err(format!("{text:?} read as {got:?}, not {want:?}"));
        }
    }
    Ok(())
}
