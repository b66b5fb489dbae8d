//! An RFC 5545 iCalendar writer for the event feeds schools subscribe to.
//!
//! Yandex, Google, Apple, Outlook and Thunderbird tend to drop a whole subscribed feed, silently,
//! on one small syntax fault. So the feed is built from a typed model rather than pasted strings,
//! and serialised to the letter of the RFC: CRLF line ends; content lines folded at 75 octets
//! without splitting a UTF-8 character or a TEXT escape; TEXT escaping with control characters
//! removed; a `VTIMEZONE` generated from the tz database that is right for every date the feed
//! mentions; and no floating times anywhere.
//!
//! The writer reads no clock and depends on nothing else in the crate: the same [`Calendar`]
//! always gives byte-identical output, so a rebuild that changed no event leaves the published
//! feed (and every client's cache of it) untouched.
//!
//! The model makes the classic faults unrepresentable instead of checking for them later: an
//! event is either all-day or timed as a whole ([`Timing`]), so `DTSTART`, `DTEND`, `EXDATE` and
//! `UNTIL` can never disagree in value type, and recurrence limits and exceptions are plain dates
//! that the writer turns into values of the right type. What types cannot express (an end before
//! the start, a repeated UID, a year iCalendar cannot write) is reported as an [`IcalError`].

use std::collections::HashSet;
use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp, ToSpan};

/// One published feed: a `VCALENDAR` with its time zone and events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Shown by clients as the subscribed calendar's name (`X-WR-CALNAME`).
    pub name: String,
    /// A sentence about the feed (`X-WR-CALDESC`); omitted when empty.
    pub description: String,
    /// The zone every [`Timing::Timed`] value is local to. Load it with
    /// `TimeZone::get("Europe/Moscow")`, so that it carries its IANA name: that name becomes the
    /// `TZID` of every timed value, the generated `VTIMEZONE` and `X-WR-TIMEZONE`. A zone without
    /// an IANA name (a fixed offset) has nothing clients could map to their own database, so timed
    /// values are then converted and written in UTC instead; never as floating times.
    pub timezone: TimeZone,
    /// `PRODID`, e.g. `-//Методический отдел//nastavnik//RU`; must not be empty.
    pub prodid: String,
    /// The web page of this calendar on the site (RFC 7986 `URL`).
    pub url: Option<String>,
    /// Written in the given order.
    pub events: Vec<Event>,
}

/// One `VEVENT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Globally unique and stable across rebuilds: clients match updates to the events they
    /// already show by UID, so a changed UID duplicates an event and a shared one loses one.
    pub uid: String,
    /// When this iCalendar object was created. The caller passes it (usually the source's
    /// modification time) because the writer never reads the clock.
    pub dtstamp: Timestamp,
    /// When the event's source last changed (`LAST-MODIFIED`).
    pub last_modified: Option<Timestamp>,
    /// `SEQUENCE`: raise it when the date, time or status changes, so clients take the update.
    pub sequence: u32,
    /// When the event happens.
    pub timing: Timing,
    /// The title (`SUMMARY`).
    pub summary: String,
    /// Plain text; newlines are kept.
    pub description: Option<String>,
    /// Plain text, e.g. the address.
    pub location: Option<String>,
    /// The event's page on the site. Characters a URI cannot hold (spaces, Cyrillic, quotes)
    /// are percent-encoded as UTF-8.
    pub url: Option<String>,
    /// `STATUS`; omitted when `None`.
    pub status: Option<Status>,
    /// `CATEGORIES`; empty entries are skipped.
    pub categories: Vec<String>,
    /// `ORGANIZER`; see [`Organizer`].
    pub organizer: Option<Organizer>,
    /// A yearly repetition on the start's month and day, with its limit and exceptions.
    pub recurrence: Option<YearlyRule>,
}

/// When an event happens; all-day and timed events are separate variants so that every date
/// value of one event (start, end, exceptions, recurrence limit) has the same value type, which
/// RFC 5545 requires and clients enforce by dropping the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Whole days, written as `VALUE=DATE`.
    AllDay {
        /// The first day.
        start: Date,
        /// The day after the last one (exclusive, as iCalendar counts); `None` means a single
        /// day, and `DTEND` is then written as the next day because some clients otherwise
        /// show the event as lasting zero days.
        end: Option<Date>,
    },
    /// Local date-times in [`Calendar::timezone`].
    Timed {
        /// The start.
        start: DateTime,
        /// The exclusive end; `None` (or an end equal to the start) is an instant.
        end: Option<DateTime>,
    },
}

/// `RRULE:FREQ=YEARLY` with its limit and exceptions.
///
/// Both are plain dates because a yearly event's occurrences are days: the writer gives them
/// the value type of the start (`DATE`, or the start's local time, which `EXDATE` must match
/// exactly to cancel an occurrence, and UTC for `UNTIL`, as RFC 5545 §3.3.10 demands with
/// `TZID`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearlyRule {
    /// The last day an occurrence may start on (inclusive); `None` repeats forever.
    pub until: Option<Date>,
    /// Days of occurrences that do not take place; written sorted and without duplicates.
    pub exdates: Vec<Date>,
}

/// `STATUS` of a `VEVENT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Will take place.
    Confirmed,
    /// Planned, not yet certain.
    Tentative,
    /// Will not take place; kept in the feed so that clients strike it out instead of keeping
    /// a stale copy.
    Cancelled,
}

/// The organiser of an event.
///
/// `ORGANIZER` must be a calendar address, and clients treat any URI there as a mailbox they
/// may write to; so without an e-mail address the property is left out rather than invented.
/// Put the organiser's name into the description as well if it must always be visible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Organizer {
    /// The display name (`CN`), e.g. `МБОУ "Школа № 5"`.
    pub name: String,
    /// The bare address, without `mailto:`.
    pub email: Option<String>,
}

/// Why a [`Calendar`] could not be written. Each names the event by its UID; the messages are
/// Russian because they may reach editors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IcalError {
    /// `PRODID` is required and must say something.
    EmptyProdid,
    /// The event at this position (0-based) has an empty UID.
    EmptyUid {
        /// Position in [`Calendar::events`].
        index: usize,
    },
    /// Two events share a UID; clients would keep only one of them.
    DuplicateUid {
        /// The repeated UID.
        uid: String,
    },
    /// iCalendar writes years with exactly four digits and the Gregorian calendar from year 1.
    YearOutOfRange {
        /// The event's UID.
        uid: String,
        /// The year that cannot be written.
        year: i16,
    },
    /// The end is before the start (or equal, for all-day events).
    EndNotAfterStart {
        /// The event's UID.
        uid: String,
    },
    /// The recurrence limit is before the first occurrence.
    UntilBeforeStart {
        /// The event's UID.
        uid: String,
    },
    /// A local time at the very edge of the representable range has no UTC equivalent.
    OutOfTimeRange {
        /// The event's UID; the TZID if the zone's own definition could not be written.
        uid: String,
    },
}

impl fmt::Display for IcalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyProdid => write!(f, "у календаря не задан PRODID"),
            Self::EmptyUid { index } => {
                write!(f, "у события № {} пустой UID", index + 1)
            }
            Self::DuplicateUid { uid } => write!(
                f,
                "UID «{uid}» встречается у двух событий: календарные программы покажут только одно"
            ),
            Self::YearOutOfRange { uid, year } => write!(
                f,
                "событие «{uid}»: год {year} нельзя записать в iCalendar (допустимы 1–9999)"
            ),
            Self::EndNotAfterStart { uid } => {
                write!(f, "событие «{uid}»: окончание раньше начала")
            }
            Self::UntilBeforeStart { uid } => write!(
                f,
                "событие «{uid}»: повторение заканчивается раньше первого проведения"
            ),
            Self::OutOfTimeRange { uid } => {
                write!(f, "событие «{uid}»: время нельзя перевести в UTC")
            }
        }
    }
}

impl std::error::Error for IcalError {}

/// RFC 5545 §3.1: content lines SHOULD NOT be longer than 75 octets, excluding the line break.
const MAX_LINE_OCTETS: usize = 75;

/// How far past its last explicit date an open-ended yearly event is covered by `VTIMEZONE`
/// observances. Zones without daylight saving (all of Russia since 2014) have no transitions
/// there, so this only lengthens the feed of a zone that still changes its clocks; past the
/// horizon such clients would apply the last observance.
const OPEN_RECURRENCE_HORIZON_YEARS: i16 = 10;

/// How feeds tell clients to poll (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`).
const REFRESH: &str = "PT12H";

/// One `VEVENT` written once, for a calendar in a given zone, so that every feed carrying the
/// event shares its text: a site's event is in the feed of all events, its series', its
/// organizations' and its own, and writing it once instead of four times was most of the
/// calendar's time. [`Calendar::to_ics_after`] puts written events into a feed byte for byte as
/// [`Calendar::to_ics`] would write them, and reports their faults the same way.
#[derive(Clone, Debug)]
pub struct WrittenEvent {
    /// The UID as given, for [`IcalError::DuplicateUid`].
    uid: String,
    /// The UID escaped as written: what a feed compares for duplicates.
    escaped_uid: String,
    /// The folded lines (CRLF) and the dates they mention, or why the event cannot be written.
    body: Result<(String, Coverage), IcalError>,
}

impl Event {
    /// Writes this event for calendars in `timezone`; only a [`Calendar`] with the same zone may
    /// carry it.
    pub fn write(&self, timezone: &TimeZone) -> WrittenEvent {
        let zone = Zone {
            tz: timezone,
            tzid: timezone.iana_name(),
        };
        let mut coverage = Coverage::default();
        let body = event_lines(self, &zone, &mut coverage).map(|lines| {
            let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 4).sum());
            for line in &lines {
                push_folded(&mut text, line);
            }
            (text, coverage)
        });
        WrittenEvent {
            uid: self.uid.clone(),
            escaped_uid: escape_text(&self.uid),
            body,
        }
    }
}

impl Calendar {
    /// Serialises the calendar as an iCalendar stream (CRLF, folded, UTF-8).
    ///
    /// # Errors
    /// See [`IcalError`]; nothing is written partially.
    pub fn to_ics(&self) -> Result<String, IcalError> {
        self.to_ics_after(&[])
    }

    /// Like [`Calendar::to_ics`], with `written` (each made by [`Event::write`] with this
    /// calendar's zone) before [`Calendar::events`]: the same bytes as if they had been the
    /// first of its events, and the same error for the first faulty one.
    ///
    /// # Errors
    /// See [`IcalError`]; nothing is written partially.
    pub fn to_ics_after(&self, written: &[&WrittenEvent]) -> Result<String, IcalError> {
        // Checked after escaping: a PRODID of control characters only would be written empty.
        let prodid = escape_text(&self.prodid);
        if prodid.trim().is_empty() {
            return Err(IcalError::EmptyProdid);
        }
        let zone = Zone {
            tz: &self.timezone,
            tzid: self.timezone.iana_name(),
        };
        let own: Vec<WrittenEvent>;
        let mut events: Vec<&WrittenEvent> = written.to_vec();
        if !self.events.is_empty() {
            own = self
                .events
                .iter()
                .map(|e| e.write(&self.timezone))
                .collect();
            events.extend(own.iter());
        }
        let mut seen = HashSet::new();
        let mut coverage = Coverage::default();
        for (index, event) in events.iter().enumerate() {
            if event.escaped_uid.is_empty() {
                return Err(IcalError::EmptyUid { index });
            }
            if !seen.insert(event.escaped_uid.as_str()) {
                return Err(IcalError::DuplicateUid {
                    uid: event.uid.clone(),
                });
            }
            let (_, covered) = event.body.as_ref().map_err(Clone::clone)?;
            coverage.merge(covered);
        }

        let mut out = String::with_capacity(
            4096 + events
                .iter()
                .map(|e| e.body.as_ref().map_or(0, |(text, _)| text.len()))
                .sum::<usize>(),
        );
        let mut line = |text: &str| push_folded(&mut out, text);
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line(&format!("PRODID:{prodid}"));
        line("CALSCALE:GREGORIAN");
        line("METHOD:PUBLISH");
        let name = escape_text(&self.name);
        if !name.is_empty() {
            // RFC 7986 NAME is typed TEXT everywhere; X-WR-CALNAME is what older clients read,
            // and some parsers leave X- values raw, escapes included.
            line(&format!("NAME:{name}"));
            line(&format!("X-WR-CALNAME:{name}"));
        }
        let description = escape_text(&self.description);
        if !description.is_empty() {
            line(&format!("X-WR-CALDESC:{description}"));
        }
        if let Some(tzid) = zone.tzid {
            line(&format!("X-WR-TIMEZONE:{}", escape_text(tzid)));
        }
        if let Some(url) = self.url.as_deref().map(uri_value).filter(|u| !u.is_empty()) {
            line(&format!("URL:{url}"));
        }
        line(&format!("REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}"));
        line(&format!("X-PUBLISHED-TTL:{REFRESH}"));
        if let Some(tzid) = zone.tzid {
            for text in vtimezone(zone.tz, tzid, &coverage)? {
                line(&text);
            }
        }
        for event in &events {
            if let Ok((text, _)) = &event.body {
                out.push_str(text);
            }
        }
        push_folded(&mut out, "END:VCALENDAR");
        Ok(out)
    }
}

/// The calendar's zone and, when it has one, the IANA name used as `TZID`.
struct Zone<'a> {
    tz: &'a TimeZone,
    tzid: Option<&'a str>,
}

impl Zone<'_> {
    /// `NAME;TZID=…:local` or, for a zone without a name, `NAME:utcZ`.
    fn datetime_prop(&self, name: &str, dt: DateTime, uid: &str) -> Result<String, IcalError> {
        match self.tzid {
            Some(tzid) => Ok(format!(
                "{name};TZID={}:{}",
                param_value(tzid),
                local_value(dt, uid)?
            )),
            None => Ok(format!("{name}:{}", utc_value(self.to_utc(dt, uid)?, uid)?)),
        }
    }

    /// The instant of a local time; in a gap of a spring-forward transition, the later
    /// reading, as RFC 5545 §3.3.5 prescribes for nonexistent local times.
    fn to_utc(&self, dt: DateTime, uid: &str) -> Result<Timestamp, IcalError> {
        self.tz
            .to_ambiguous_timestamp(dt)
            .compatible()
            .map_err(|_| IcalError::OutOfTimeRange {
                uid: uid.to_owned(),
            })
    }
}

/// The span of local date-times the feed mentions, which its `VTIMEZONE` must describe.
#[derive(Clone, Copy, Debug, Default)]
struct Coverage {
    earliest: Option<DateTime>,
    latest: Option<DateTime>,
}

impl Coverage {
    fn include(&mut self, dt: DateTime) {
        self.earliest = Some(self.earliest.map_or(dt, |e| e.min(dt)));
        self.latest = Some(self.latest.map_or(dt, |l| l.max(dt)));
    }

    /// Widens this span to cover `other` too.
    fn merge(&mut self, other: &Coverage) {
        if let Some(earliest) = other.earliest {
            self.include(earliest);
        }
        if let Some(latest) = other.latest {
            self.include(latest);
        }
    }
}

/// The unfolded content lines of one `VEVENT`, recording its dates in `coverage`.
fn event_lines(
    event: &Event,
    zone: &Zone<'_>,
    coverage: &mut Coverage,
) -> Result<Vec<String>, IcalError> {
    let uid = event.uid.as_str();
    let mut lines = vec![
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(uid)),
        format!("DTSTAMP:{}", utc_value(event.dtstamp, uid)?),
    ];
    let mut latest = match event.timing {
        Timing::AllDay { start, end } => {
            let end = match end {
                Some(end) if end <= start => {
                    return Err(IcalError::EndNotAfterStart {
                        uid: uid.to_owned(),
                    });
                }
                Some(end) => end,
                // Only 9999-12-31 has no next day, and it is rejected as DTEND's year anyway.
                None => start.tomorrow().map_err(|_| IcalError::YearOutOfRange {
                    uid: uid.to_owned(),
                    year: start.year(),
                })?,
            };
            lines.push(format!("DTSTART;VALUE=DATE:{}", date_value(start, uid)?));
            lines.push(format!("DTEND;VALUE=DATE:{}", date_value(end, uid)?));
            coverage.include(start.to_datetime(jiff::civil::Time::midnight()));
            end.to_datetime(jiff::civil::Time::midnight())
        }
        Timing::Timed { start, end } => {
            lines.push(zone.datetime_prop("DTSTART", start, uid)?);
            coverage.include(start);
            match end {
                Some(end) if end < start => {
                    return Err(IcalError::EndNotAfterStart {
                        uid: uid.to_owned(),
                    });
                }
                // RFC 5545 §3.6.1: a timed event without DTEND ends at its start, which is
                // exactly what an end equal to the start means; an equal DTEND is invalid.
                Some(end) if end == start => start,
                Some(end) => {
                    lines.push(zone.datetime_prop("DTEND", end, uid)?);
                    end
                }
                None => start,
            }
        }
    };
    if let Some(rule) = &event.recurrence {
        lines.extend(recurrence_lines(event, rule, zone, &mut latest)?);
        if rule.until.is_none() {
            // Occurrences go on for ever; cover a horizon past the last explicit date.
            latest = latest
                .checked_add(OPEN_RECURRENCE_HORIZON_YEARS.years())
                .unwrap_or(DateTime::MAX);
        }
    }
    coverage.include(latest);

    push_text(&mut lines, "SUMMARY", Some(&event.summary));
    push_text(&mut lines, "DESCRIPTION", event.description.as_deref());
    push_text(&mut lines, "LOCATION", event.location.as_deref());
    if let Some(url) = event
        .url
        .as_deref()
        .map(uri_value)
        .filter(|u| !u.is_empty())
    {
        lines.push(format!("URL:{url}"));
    }
    if let Some(status) = event.status {
        let status = match status {
            Status::Confirmed => "CONFIRMED",
            Status::Tentative => "TENTATIVE",
            Status::Cancelled => "CANCELLED",
        };
        lines.push(format!("STATUS:{status}"));
    }
    let categories: Vec<String> = event
        .categories
        .iter()
        .map(|c| escape_text(c))
        .filter(|c| !c.is_empty())
        .collect();
    if !categories.is_empty() {
        lines.push(format!("CATEGORIES:{}", categories.join(",")));
    }
    let organizer = event.organizer.as_ref().and_then(|o| {
        let email = o.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
        email.map(|email| (o, email))
    });
    if let Some((organizer, email)) = organizer {
        let cn = param_value(&organizer.name);
        let cn = if cn.is_empty() {
            String::new()
        } else {
            format!(";CN={cn}")
        };
        lines.push(format!(
            "ORGANIZER{cn}:{}",
            uri_value(&format!("mailto:{email}"))
        ));
    }
    lines.push(format!("SEQUENCE:{}", event.sequence));
    if let Some(modified) = event.last_modified {
        lines.push(format!("LAST-MODIFIED:{}", utc_value(modified, uid)?));
    }
    lines.push("END:VEVENT".to_owned());
    Ok(lines)
}

/// `RRULE` and `EXDATE` lines in the value type of the event's start; extends `latest` to the
/// last date they mention.
fn recurrence_lines(
    event: &Event,
    rule: &YearlyRule,
    zone: &Zone<'_>,
    latest: &mut DateTime,
) -> Result<Vec<String>, IcalError> {
    let uid = event.uid.as_str();
    let (start_date, time) = match event.timing {
        Timing::AllDay { start, .. } => (start, None),
        Timing::Timed { start, .. } => (start.date(), Some(start.time())),
    };
    let at = |date: Date| date.to_datetime(time.unwrap_or(jiff::civil::Time::midnight()));
    let mut lines = Vec::new();
    match rule.until {
        Some(until) if until < start_date => {
            return Err(IcalError::UntilBeforeStart {
                uid: uid.to_owned(),
            });
        }
        Some(until) => {
            let value = match time {
                None => date_value(until, uid)?,
                // §3.3.10: with a TZID start, UNTIL MUST be UTC.
                Some(_) => utc_value(zone.to_utc(at(until), uid)?, uid)?,
            };
            lines.push(format!("RRULE:FREQ=YEARLY;UNTIL={value}"));
            *latest = (*latest).max(at(until));
        }
        None => lines.push("RRULE:FREQ=YEARLY".to_owned()),
    }
    let mut exdates = rule.exdates.clone();
    exdates.sort_unstable();
    exdates.dedup();
    for date in exdates {
        // One property per date: every client reads that, not all read value lists.
        lines.push(match time {
            None => format!("EXDATE;VALUE=DATE:{}", date_value(date, uid)?),
            Some(_) => zone.datetime_prop("EXDATE", at(date), uid)?,
        });
        *latest = (*latest).max(at(date));
    }
    Ok(lines)
}

/// Adds `NAME:escaped` unless the text is absent or empty after cleaning.
fn push_text(lines: &mut Vec<String>, name: &str, text: Option<&str>) {
    if let Some(text) = text {
        let text = escape_text(text);
        if !text.is_empty() {
            lines.push(format!("{name}:{text}"));
        }
    }
}

/// The `VTIMEZONE` for the zone, with one observance for the offset in force at the earliest
/// covered time and one per transition up to the latest. Each observance is a single onset
/// (no RRULE, no RDATE): plain facts from the tz database that every client reads the same way,
/// including the changes no rule describes (Moscow's UTC+4 from 2011 to 2014).
fn vtimezone(tz: &TimeZone, tzid: &str, coverage: &Coverage) -> Result<Vec<String>, IcalError> {
    // An empty feed still describes its zone (a VCALENDAR needs at least one component); the
    // epoch is a date every client accepts and no event depends on.
    let epoch = jiff::civil::date(1970, 1, 1).at(0, 0, 0, 0);
    let earliest = coverage.earliest.unwrap_or(epoch);
    let latest = coverage.latest.unwrap_or(earliest);
    let instant = |dt: DateTime, fallback: Timestamp| {
        tz.to_ambiguous_timestamp(dt)
            .compatible()
            .unwrap_or(fallback)
    };
    let first = instant(earliest, Timestamp::MIN);
    let last = instant(latest, Timestamp::MAX);
    let tz_error = || IcalError::OutOfTimeRange {
        uid: tzid.to_owned(),
    };

    let mut lines = vec![
        "BEGIN:VTIMEZONE".to_owned(),
        format!("TZID:{}", escape_text(tzid)),
        // libical (Thunderbird, Evolution) maps the zone by this name.
        format!("X-LIC-LOCATION:{}", escape_text(tzid)),
    ];
    let mut observance = |onset: Timestamp, from: Offset, to: Offset, abbr: &str, dst: bool| {
        // The onset is written in the local time in force before it (RFC 5545 §3.6.5).
        let local = from.to_datetime(onset);
        let kind = if dst { "DAYLIGHT" } else { "STANDARD" };
        lines.push(format!("BEGIN:{kind}"));
        lines.push(format!(
            "DTSTART:{}",
            local_value(local, tzid).map_err(|_| tz_error())?
        ));
        lines.push(format!("TZOFFSETFROM:{}", offset_value(from)));
        lines.push(format!("TZOFFSETTO:{}", offset_value(to)));
        let abbr = escape_text(abbr);
        if !abbr.is_empty() {
            lines.push(format!("TZNAME:{abbr}"));
        }
        lines.push(format!("END:{kind}"));
        Ok::<(), IcalError>(())
    };

    // `preceding` is strictly before its argument; a transition exactly at `first` is the one
    // in force, so look from just after it.
    let probe = first
        .checked_add(SignedDuration::from_nanos(1))
        .unwrap_or(first);
    match tz.preceding(probe).next() {
        Some(t) => {
            let before = tz.to_offset(before_instant(t.timestamp()));
            observance(
                t.timestamp(),
                before,
                t.offset(),
                t.abbreviation(),
                t.dst().is_dst(),
            )?;
        }
        None => {
            let info = tz.to_offset_info(first);
            let year_start = jiff::civil::date(earliest.year(), 1, 1).at(0, 0, 0, 0);
            let onset_local = year_start.min(epoch);
            let onset = info
                .offset()
                .to_timestamp(onset_local)
                .map_err(|_| tz_error())?;
            observance(
                onset,
                info.offset(),
                info.offset(),
                info.abbreviation(),
                info.dst().is_dst(),
            )?;
        }
    }
    for t in tz.following(probe).take_while(|t| t.timestamp() <= last) {
        let before = tz.to_offset(before_instant(t.timestamp()));
        observance(
            t.timestamp(),
            before,
            t.offset(),
            t.abbreviation(),
            t.dst().is_dst(),
        )?;
    }
    lines.push("END:VTIMEZONE".to_owned());
    Ok(lines)
}

/// The instant just before a transition, to read the offset it changes from.
fn before_instant(ts: Timestamp) -> Timestamp {
    ts.checked_sub(SignedDuration::from_nanos(1)).unwrap_or(ts)
}

fn check_year(year: i16, uid: &str) -> Result<(), IcalError> {
    if (1..=9999).contains(&year) {
        Ok(())
    } else {
        Err(IcalError::YearOutOfRange {
            uid: uid.to_owned(),
            year,
        })
    }
}

/// `DATE`: `YYYYMMDD`.
fn date_value(d: Date, uid: &str) -> Result<String, IcalError> {
    check_year(d.year(), uid)?;
    Ok(format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()))
}

/// `DATE-TIME` without a zone designator, `YYYYMMDDTHHMMSS`; fractions of a second dropped
/// because iCalendar has none.
fn local_value(dt: DateTime, uid: &str) -> Result<String, IcalError> {
    Ok(format!(
        "{}T{:02}{:02}{:02}",
        date_value(dt.date(), uid)?,
        dt.hour(),
        dt.minute(),
        dt.second()
    ))
}

/// `DATE-TIME` in UTC, `YYYYMMDDTHHMMSSZ`.
fn utc_value(ts: Timestamp, uid: &str) -> Result<String, IcalError> {
    Ok(format!(
        "{}Z",
        local_value(Offset::UTC.to_datetime(ts), uid)?
    ))
}

/// `UTC-OFFSET`: `±HHMM`, with seconds only when there are some (old local mean times).
fn offset_value(offset: Offset) -> String {
    let total = offset.seconds();
    // §3.3.14: -0000 is not allowed, so zero is written as +0000.
    let sign = if total < 0 { '-' } else { '+' };
    let abs = total.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// A `TEXT` value: CRLF and lone CR become LF, LF is written `\n`, backslash, semicolon and
/// comma are escaped, and the control characters TEXT cannot hold are dropped (TAB is kept:
/// TEXT allows it).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\t' => out.push('\t'),
            c if c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (`CN`, `TZID`). RFC 5545 gives parameter values no escapes and forbids
/// double quotes in them, yet parsers disagree at the edges: Python's `icalendar` and `ical.js`
/// both read backslash escapes there and decode RFC 6868 `^` escapes, strict parsers do neither.
/// So the value is made to mean the same to all of them: ASCII quotes become Russian «ёлочки»
/// (how such names are printed anyway; `^'` would show literally in clients without RFC 6868),
/// backslashes become slashes, `^` is doubled as RFC 6868 requires, line breaks become spaces,
/// other control characters are dropped, whitespace at either end is trimmed (parsers strip it
/// from unquoted values), and the value is quoted when it contains `:`, `;` or `,`.
fn param_value(value: &str) -> String {
    let value = value.trim();
    let mut out = String::with_capacity(value.len());
    let mut prev: Option<char> = None;
    for c in value.chars() {
        let mapped = match c {
            '"' => {
                let opening = prev.is_none_or(|p| p.is_whitespace() || "([{«„".contains(p));
                if opening { '«' } else { '»' }
            }
            '\\' => '/',
            '\r' | '\n' => ' ',
            '^' => {
                out.push('^');
                '^'
            }
            c if c.is_ascii_control() && c != '\t' => continue,
            c => c,
        };
        out.push(mapped);
        prev = Some(mapped);
    }
    // Trim again: a control character may have hidden whitespace from the first trim.
    let out = out.trim();
    if out.contains([':', ';', ',']) {
        format!("\"{out}\"")
    } else {
        out.to_owned()
    }
}

/// A `URI` value: trimmed, with every byte a URI cannot hold literally (controls, spaces,
/// quotes, non-ASCII) percent-encoded, so a page address with Cyrillic or a stray newline
/// cannot break the line structure. URI values are not TEXT and take no backslash escapes.
fn uri_value(uri: &str) -> String {
    const ALLOWED: &[u8] = b"-._~:/?#[]@!$&'()*+,;=%";
    let mut out = String::with_capacity(uri.len());
    for &b in uri.trim().as_bytes() {
        if b.is_ascii_alphanumeric() || ALLOWED.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Appends one content line folded at 75 octets (RFC 5545 §3.1), each physical line ending in
/// CRLF. A continuation line starts with one space, which counts toward its 75. Folds fall
/// only between whole characters, and never between a backslash and the character it escapes,
/// because some clients unescape per physical line.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let mut len = c.len_utf8();
        if c == '\\' {
            len += rest[len..].chars().next().map_or(0, char::len_utf8);
        }
        if width + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push_str(&rest[..len]);
        width += len;
        rest = &rest[len..];
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn moscow() -> TimeZone {
        TimeZone::get("Europe/Moscow").expect("bundled tzdb has Europe/Moscow")
    }

    fn stamp() -> Timestamp {
        "2024-09-01T09:30:00Z".parse().expect("valid timestamp")
    }

    fn event(uid: &str, timing: Timing) -> Event {
        Event {
            uid: uid.to_owned(),
            dtstamp: stamp(),
            last_modified: None,
            sequence: 0,
            timing,
            summary: "Семинар наставников".to_owned(),
            description: None,
            location: None,
            url: None,
            status: None,
            categories: Vec::new(),
            organizer: None,
            recurrence: None,
        }
    }

    fn all_day(uid: &str, start: Date, end: Option<Date>) -> Event {
        event(uid, Timing::AllDay { start, end })
    }

    fn timed(uid: &str, start: DateTime, end: Option<DateTime>) -> Event {
        event(uid, Timing::Timed { start, end })
    }

    fn calendar(tz: TimeZone, events: Vec<Event>) -> Calendar {
        Calendar {
            name: "Наставничество: события".to_owned(),
            description: "Календарь методического отдела".to_owned(),
            timezone: tz,
            prodid: "-//Методический отдел//nastavnik//RU".to_owned(),
            url: Some("https://example.ru/nastavnichestvo/kalendar/".to_owned()),
            events,
        }
    }

    fn ics(cal: &Calendar) -> String {
        cal.to_ics().expect("calendar serialises")
    }

    /// Undoes folding: CRLF followed by one space or tab joins the lines.
    fn unfold(text: &str) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        for physical in text.split("\r\n") {
            match physical.strip_prefix([' ', '\t']) {
                Some(cont) if !lines.is_empty() => {
                    lines.last_mut().expect("checked non-empty").push_str(cont)
                }
                _ => lines.push(physical.to_owned()),
            }
        }
        if lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    fn unescape(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// What escaping is allowed to change: line breaks normalised, controls other than TAB gone.
    fn normalised(text: &str) -> String {
        text.replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|&c| c == '\n' || c == '\t' || !c.is_ascii_control())
            .collect()
    }

    /// The unfolded lines of the first VEVENT.
    fn vevent(text: &str) -> Vec<String> {
        unfold(text)
            .into_iter()
            .skip_while(|l| l != "BEGIN:VEVENT")
            .take_while(|l| l != "END:VEVENT")
            .collect()
    }

    /// Parses our own VTIMEZONE back into (onset in local time before it, offset before,
    /// offset after), to check it against the tz database.
    fn observances(text: &str) -> Vec<(DateTime, i32, i32)> {
        let lines = unfold(text);
        let mut result = Vec::new();
        let mut current: Option<(Option<DateTime>, i32, i32)> = None;
        let parse_offset = |v: &str| {
            let sign = if v.starts_with('-') { -1 } else { 1 };
            let digits: Vec<i32> = v.as_bytes()[1..]
                .chunks(2)
                .map(|p| std::str::from_utf8(p).unwrap().parse().unwrap())
                .collect();
            sign * (digits[0] * 3600 + digits[1] * 60 + digits.get(2).copied().unwrap_or(0))
        };
        for line in lines {
            if line == "BEGIN:STANDARD" || line == "BEGIN:DAYLIGHT" {
                current = Some((None, 0, 0));
            } else if line == "END:STANDARD" || line == "END:DAYLIGHT" {
                let (dt, from, to) = current.take().unwrap();
                result.push((dt.unwrap(), from, to));
            } else if let Some(cur) = current.as_mut() {
                if let Some(v) = line.strip_prefix("DTSTART:") {
                    cur.0 = Some(DateTime::strptime("%Y%m%dT%H%M%S", v).unwrap());
                } else if let Some(v) = line.strip_prefix("TZOFFSETFROM:") {
                    cur.1 = parse_offset(v);
                } else if let Some(v) = line.strip_prefix("TZOFFSETTO:") {
                    cur.2 = parse_offset(v);
                }
            }
        }
        result
    }

    /// The offset a client reading our VTIMEZONE applies to a UTC instant: that of the latest
    /// observance whose onset (local time before it, i.e. onset - from in UTC) is not later.
    fn offset_from_vtimezone(obs: &[(DateTime, i32, i32)], at: Timestamp) -> Option<i32> {
        obs.iter()
            .filter_map(|&(local, from, to)| {
                let onset = Offset::from_seconds(from).ok()?.to_timestamp(local).ok()?;
                (onset <= at).then_some((onset, to))
            })
            .max_by_key(|&(onset, _)| onset)
            .map(|(_, to)| to)
    }

    #[test]
    fn folds_ascii_at_75_octets_with_leading_space() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "x".repeat(200));
        push_folded(&mut out, &line);
        let physical: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(physical[0].len(), 75);
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        assert!(
            physical[1..physical.len() - 1]
                .iter()
                .all(|l| l.len() == 75)
        );
        assert_eq!(unfold(&out), vec![line]);
        assert!(out.ends_with("\r\n"));
        assert!(!out.replace("\r\n", "").contains(['\r', '\n']));
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        push_folded(&mut out, "VERSION:2.0");
        assert_eq!(out, "VERSION:2.0\r\n");
        let mut out = String::new();
        let exact = format!("SUMMARY:{}", "a".repeat(75 - 8));
        push_folded(&mut out, &exact);
        assert_eq!(out, format!("{exact}\r\n"));
    }

    #[test]
    fn folding_never_splits_cyrillic() {
        let mut out = String::new();
        // "SUMMARY:" is 8 octets, odd, so a naive split at 75 would cut a 2-octet letter.
        let line = format!("SUMMARY:{}", "Наставничество ".repeat(12));
        push_folded(&mut out, &line);
        for physical in out.split_terminator("\r\n") {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        // Every physical line is a whole &str; the first one stops short at 74 octets.
        assert_eq!(out.split_terminator("\r\n").next().unwrap().len(), 74);
        assert_eq!(unfold(&out), vec![line]);
    }

    #[test]
    fn folding_keeps_escape_pairs_together() {
        // Put the backslash of `\,` at octet 75, where a plain fold would leave it alone.
        let line = format!("SUMMARY:{}\\,b", "a".repeat(74 - 8));
        assert_eq!(line.find('\\'), Some(74));
        let mut out = String::new();
        push_folded(&mut out, &line);
        let physical: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(physical[0].len(), 74);
        assert_eq!(physical[1], " \\,b");
    }

    #[test]
    fn escapes_text_special_characters() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("колонка: «да»"), "колонка: «да»");
    }

    #[test]
    fn removes_control_characters_but_keeps_tab() {
        assert_eq!(escape_text("a\u{0}b\u{7}c\u{1b}d\u{7f}e\tf"), "abcde\tf");
    }

    #[test]
    fn quotes_param_values_with_separators() {
        assert_eq!(param_value("Europe/Moscow"), "Europe/Moscow");
        assert_eq!(param_value("Школа № 5"), "Школа № 5");
        assert_eq!(param_value("ИМЦ: отдел"), "\"ИМЦ: отдел\"");
        assert_eq!(param_value("a;b"), "\"a;b\"");
        assert_eq!(param_value("a,b"), "\"a,b\"");
    }

    #[test]
    fn param_values_never_contain_double_quotes_or_breaks() {
        assert_eq!(param_value("МБОУ \"Школа № 5\""), "МБОУ «Школа № 5»");
        assert_eq!(param_value("\"Лицей\", корпус 2"), "\"«Лицей», корпус 2\"");
        assert_eq!(param_value("строка\r\nдругая\u{0}"), "строка  другая");
        assert_eq!(param_value(" \u{0} Школа\n"), "Школа");
        assert_eq!(param_value("ИМЦ\\отдел ^n"), "ИМЦ/отдел ^^n");
    }

    #[test]
    fn uris_are_percent_encoded_where_needed() {
        assert_eq!(
            uri_value(" https://example.ru/a b/?q=1&x=y#frag "),
            "https://example.ru/a%20b/?q=1&x=y#frag"
        );
        assert_eq!(
            uri_value("https://пример.рф/"),
            "https://%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D1%80%D1%84/"
        );
        assert_eq!(
            uri_value("https://x.ru/\r\nBEGIN:VEVENT"),
            "https://x.ru/%0D%0ABEGIN:VEVENT"
        );
        assert_eq!(uri_value("https://x.ru/a%20b"), "https://x.ru/a%20b");
    }

    #[test]
    fn offsets_are_formatted_per_rfc() {
        let off = |s| Offset::from_seconds(s).unwrap();
        assert_eq!(offset_value(off(3 * 3600)), "+0300");
        assert_eq!(offset_value(off(0)), "+0000");
        assert_eq!(offset_value(off(-(3 * 3600 + 30 * 60))), "-0330");
        assert_eq!(offset_value(off(2 * 3600 + 30 * 60 + 17)), "+023017");
    }

    #[test]
    fn calendar_header_has_every_required_property() {
        let text = ics(&calendar(
            moscow(),
            vec![all_day("a@x", date(2022, 10, 10), None)],
        ));
        let lines = unfold(&text);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        for expected in [
            "VERSION:2.0",
            "PRODID:-//Методический отдел//nastavnik//RU",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "NAME:Наставничество: события",
            "X-WR-CALNAME:Наставничество: события",
            "X-WR-CALDESC:Календарь методического отдела",
            "X-WR-TIMEZONE:Europe/Moscow",
            "URL:https://example.ru/nastavnichestvo/kalendar/",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
            "X-PUBLISHED-TTL:PT12H",
        ] {
            assert!(lines.iter().any(|l| l == expected), "missing {expected}");
        }
        // The zone is defined before any event uses it.
        let tz_at = lines.iter().position(|l| l == "BEGIN:VTIMEZONE").unwrap();
        let ev_at = lines.iter().position(|l| l == "BEGIN:VEVENT").unwrap();
        assert!(tz_at < ev_at);
    }

    #[test]
    fn every_line_ends_with_crlf() {
        let mut ev = timed("a@x", date(2022, 10, 10).at(15, 0, 0, 0), None);
        ev.description = Some("строка 1\nстрока 2\r\nстрока 3\rи ещё".repeat(10));
        let text = ics(&calendar(moscow(), vec![ev]));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        assert_eq!(text.matches('\r').count(), text.matches("\r\n").count());
    }

    #[test]
    fn all_day_event_has_date_values_and_exclusive_end() {
        let text = ics(&calendar(
            moscow(),
            vec![all_day("a@x", date(2022, 10, 10), None)],
        ));
        let ev = vevent(&text);
        assert!(ev.contains(&"DTSTART;VALUE=DATE:20221010".to_owned()));
        assert!(ev.contains(&"DTEND;VALUE=DATE:20221011".to_owned()));

        let multi = all_day("b@x", date(2022, 12, 30), Some(date(2023, 1, 3)));
        let ev = vevent(&ics(&calendar(moscow(), vec![multi])));
        assert!(ev.contains(&"DTSTART;VALUE=DATE:20221230".to_owned()));
        assert!(ev.contains(&"DTEND;VALUE=DATE:20230103".to_owned()));
    }

    #[test]
    fn timed_event_uses_tzid_and_utc_stamps() {
        let mut ev = timed(
            "a@x",
            date(2022, 10, 10).at(15, 0, 0, 0),
            Some(date(2022, 10, 10).at(16, 30, 0, 0)),
        );
        ev.last_modified = Some("2024-08-31T21:05:09.75Z".parse().unwrap());
        let ev = vevent(&ics(&calendar(moscow(), vec![ev])));
        assert!(ev.contains(&"UID:a@x".to_owned()));
        assert!(ev.contains(&"DTSTAMP:20240901T093000Z".to_owned()));
        assert!(ev.contains(&"DTSTART;TZID=Europe/Moscow:20221010T150000".to_owned()));
        assert!(ev.contains(&"DTEND;TZID=Europe/Moscow:20221010T163000".to_owned()));
        assert!(ev.contains(&"LAST-MODIFIED:20240831T210509Z".to_owned()));
    }

    #[test]
    fn instant_event_has_no_dtend() {
        let at = date(2022, 10, 10).at(15, 0, 0, 0);
        for end in [None, Some(at)] {
            let ev = vevent(&ics(&calendar(moscow(), vec![timed("a@x", at, end)])));
            assert!(!ev.iter().any(|l| l.starts_with("DTEND")));
        }
    }

    #[test]
    fn event_properties_are_written() {
        let mut ev = all_day("a@x", date(2022, 10, 10), None);
        ev.summary = "Встреча; итоги, планы".to_owned();
        ev.description = Some("Первая строка\nвторая \\ строка".to_owned());
        ev.location = Some("ул. Ленина, 1".to_owned());
        ev.url = Some("https://example.ru/sobytiya/vstrecha/".to_owned());
        ev.status = Some(Status::Cancelled);
        ev.sequence = 3;
        ev.categories = vec![
            "Семинар".to_owned(),
            String::new(),
            "Наставники, молодые".to_owned(),
        ];
        ev.organizer = Some(Organizer {
            name: "МБОУ \"Школа № 5\"".to_owned(),
            email: Some("school5@example.ru".to_owned()),
        });
        let ev = vevent(&ics(&calendar(moscow(), vec![ev])));
        for expected in [
            "SUMMARY:Встреча\\; итоги\\, планы",
            "DESCRIPTION:Первая строка\\nвторая \\\\ строка",
            "LOCATION:ул. Ленина\\, 1",
            "URL:https://example.ru/sobytiya/vstrecha/",
            "STATUS:CANCELLED",
            "SEQUENCE:3",
            "CATEGORIES:Семинар,Наставники\\, молодые",
            "ORGANIZER;CN=МБОУ «Школа № 5»:mailto:school5@example.ru",
        ] {
            assert!(
                ev.iter().any(|l| l == expected),
                "missing {expected} in {ev:#?}"
            );
        }
    }

    #[test]
    fn status_values() {
        for (status, text) in [
            (Status::Confirmed, "STATUS:CONFIRMED"),
            (Status::Tentative, "STATUS:TENTATIVE"),
            (Status::Cancelled, "STATUS:CANCELLED"),
        ] {
            let mut ev = all_day("a@x", date(2022, 10, 10), None);
            ev.status = Some(status);
            assert!(vevent(&ics(&calendar(moscow(), vec![ev]))).contains(&text.to_owned()));
        }
    }

    #[test]
    fn organizer_without_email_is_left_out() {
        let mut ev = all_day("a@x", date(2022, 10, 10), None);
        ev.organizer = Some(Organizer {
            name: "ИМЦ".to_owned(),
            email: None,
        });
        let ev = vevent(&ics(&calendar(moscow(), vec![ev])));
        assert!(!ev.iter().any(|l| l.starts_with("ORGANIZER")));
    }

    #[test]
    fn empty_optional_texts_are_left_out() {
        let mut ev = all_day("a@x", date(2022, 10, 10), None);
        ev.description = Some(String::new());
        ev.location = Some("\u{0}".to_owned());
        ev.url = Some("  ".to_owned());
        let ev = vevent(&ics(&calendar(moscow(), vec![ev])));
        assert!(!ev.iter().any(|l| {
            l.starts_with("DESCRIPTION") || l.starts_with("LOCATION") || l.starts_with("URL")
        }));
        assert!(!ev.iter().any(|l| l.starts_with("STATUS")));
    }

    #[test]
    fn moscow_now_has_one_standard_observance() {
        let text = ics(&calendar(
            moscow(),
            vec![timed("a@x", date(2025, 3, 15).at(10, 0, 0, 0), None)],
        ));
        let lines = unfold(&text);
        let start = lines.iter().position(|l| l == "BEGIN:VTIMEZONE").unwrap();
        let end = lines.iter().position(|l| l == "END:VTIMEZONE").unwrap();
        assert_eq!(
            lines[start..=end],
            [
                "BEGIN:VTIMEZONE",
                "TZID:Europe/Moscow",
                "X-LIC-LOCATION:Europe/Moscow",
                "BEGIN:STANDARD",
                "DTSTART:20141026T020000",
                "TZOFFSETFROM:+0400",
                "TZOFFSETTO:+0300",
                "TZNAME:MSK",
                "END:STANDARD",
                "END:VTIMEZONE",
            ]
        );
    }

    #[test]
    fn moscow_2010_to_2015_has_every_transition() {
        let events = vec![
            timed("a@x", date(2010, 1, 20).at(10, 0, 0, 0), None),
            timed("b@x", date(2015, 2, 1).at(10, 0, 0, 0), None),
        ];
        let obs = observances(&ics(&calendar(moscow(), events)));
        let dt = |y, m, d, h| date(y, m, d).at(h, 0, 0, 0);
        assert_eq!(
            obs,
            vec![
                (dt(2009, 10, 25, 3), 4 * 3600, 3 * 3600),
                (dt(2010, 3, 28, 2), 3 * 3600, 4 * 3600),
                (dt(2010, 10, 31, 3), 4 * 3600, 3 * 3600),
                (dt(2011, 3, 27, 2), 3 * 3600, 4 * 3600),
                (dt(2014, 10, 26, 2), 4 * 3600, 3 * 3600),
            ]
        );
        let text = ics(&calendar(
            moscow(),
            vec![timed("a@x", date(2010, 7, 1).at(10, 0, 0, 0), None)],
        ));
        assert!(unfold(&text).contains(&"TZNAME:MSD".to_owned()));
        assert!(unfold(&text).contains(&"BEGIN:DAYLIGHT".to_owned()));
    }

    #[test]
    fn vtimezone_matches_tzdb_for_every_event_date() {
        for zone in [
            "Europe/Moscow",
            "Europe/Berlin",
            "America/New_York",
            "Asia/Yekaterinburg",
        ] {
            let tz = TimeZone::get(zone).unwrap();
            let mut events = Vec::new();
            let mut moments = Vec::new();
            for (i, year) in (2008..=2016).enumerate() {
                for (j, month) in [1, 3, 4, 7, 10, 11, 12].into_iter().enumerate() {
                    let start = date(year, month, 28).at(12, 0, 0, 0);
                    events.push(timed(&format!("{i}-{j}@x"), start, None));
                    moments.push(start);
                }
            }
            let obs = observances(&ics(&calendar(tz.clone(), events)));
            // Besides the event times, probe a minute either side of every transition covered,
            // where a wrong onset convention would show.
            let first = tz.to_ambiguous_timestamp(moments[0]).compatible().unwrap();
            let last = tz.to_ambiguous_timestamp(moments[moments.len() - 1]);
            let last = last.compatible().unwrap();
            let mut instants: Vec<Timestamp> = moments
                .iter()
                .map(|&m| tz.to_ambiguous_timestamp(m).compatible().unwrap())
                .collect();
            for t in tz.following(first).take_while(|t| t.timestamp() <= last) {
                instants.push(t.timestamp() - SignedDuration::from_mins(1));
                instants.push(t.timestamp() + SignedDuration::from_mins(1));
            }
            assert!(
                instants.len() > moments.len(),
                "{zone} changed offset in 2008-2016"
            );
            for at in instants {
                assert_eq!(
                    offset_from_vtimezone(&obs, at),
                    Some(tz.to_offset(at).seconds()),
                    "{zone} at {at}"
                );
            }
        }
    }

    #[test]
    fn open_ended_recurrence_is_covered_past_its_start() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        let mut ev = timed("a@x", date(2024, 7, 1).at(10, 0, 0, 0), None);
        ev.recurrence = Some(YearlyRule::default());
        let obs = observances(&ics(&calendar(tz.clone(), vec![ev])));
        for year in 2024..2034 {
            let at = tz
                .to_ambiguous_timestamp(date(year, 7, 1).at(10, 0, 0, 0))
                .compatible()
                .unwrap();
            assert_eq!(offset_from_vtimezone(&obs, at), Some(7200), "{year}");
        }
    }

    #[test]
    fn calendar_without_events_still_has_a_component() {
        let text = ics(&calendar(moscow(), Vec::new()));
        let lines = unfold(&text);
        assert!(lines.contains(&"BEGIN:VTIMEZONE".to_owned()));
        assert!(lines.contains(&"TZOFFSETTO:+0300".to_owned()));
    }

    #[test]
    fn all_day_yearly_rule_uses_dates() {
        let mut ev = all_day("a@x", date(2022, 10, 5), None);
        ev.recurrence = Some(YearlyRule {
            until: Some(date(2030, 10, 5)),
            exdates: vec![date(2025, 10, 5), date(2023, 10, 5), date(2025, 10, 5)],
        });
        let ev = vevent(&ics(&calendar(moscow(), vec![ev])));
        let rule: Vec<&String> = ev
            .iter()
            .filter(|l| l.starts_with("RRULE") || l.starts_with("EXDATE"))
            .collect();
        assert_eq!(
            rule,
            [
                "RRULE:FREQ=YEARLY;UNTIL=20301005",
                "EXDATE;VALUE=DATE:20231005",
                "EXDATE;VALUE=DATE:20251005",
            ]
        );
    }

    #[test]
    fn timed_yearly_rule_has_utc_until_and_tzid_exdates() {
        let mut ev = timed("a@x", date(2022, 10, 5).at(10, 0, 0, 0), None);
        ev.recurrence = Some(YearlyRule {
            until: Some(date(2030, 10, 5)),
            exdates: vec![date(2024, 10, 5)],
        });
        let ev = vevent(&ics(&calendar(moscow(), vec![ev])));
        assert!(ev.contains(&"RRULE:FREQ=YEARLY;UNTIL=20301005T070000Z".to_owned()));
        assert!(ev.contains(&"EXDATE;TZID=Europe/Moscow:20241005T100000".to_owned()));

        let mut open = timed("b@x", date(2022, 10, 5).at(10, 0, 0, 0), None);
        open.recurrence = Some(YearlyRule::default());
        let ev = vevent(&ics(&calendar(moscow(), vec![open])));
        assert!(ev.contains(&"RRULE:FREQ=YEARLY".to_owned()));
        assert!(!ev.iter().any(|l| l.starts_with("EXDATE")));
    }

    #[test]
    fn until_in_the_old_utc_plus_4_years_converts_with_that_offset() {
        let mut ev = timed("a@x", date(2010, 10, 5).at(10, 0, 0, 0), None);
        ev.recurrence = Some(YearlyRule {
            until: Some(date(2013, 10, 5)),
            exdates: Vec::new(),
        });
        let ev = vevent(&ics(&calendar(moscow(), vec![ev])));
        assert!(ev.contains(&"RRULE:FREQ=YEARLY;UNTIL=20131005T060000Z".to_owned()));
    }

    #[test]
    fn never_writes_floating_times() {
        let date_time_props = ["DTSTART", "DTEND", "EXDATE", "DTSTAMP", "LAST-MODIFIED"];
        let mut ev = timed(
            "a@x",
            date(2022, 10, 5).at(10, 0, 0, 0),
            Some(date(2022, 10, 5).at(11, 0, 0, 0)),
        );
        ev.last_modified = Some(stamp());
        ev.recurrence = Some(YearlyRule {
            until: Some(date(2025, 10, 5)),
            exdates: vec![date(2023, 10, 5)],
        });
        let fixed = TimeZone::fixed(Offset::from_hours(3).unwrap());
        for tz in [moscow(), fixed] {
            for line in vevent(&ics(&calendar(tz, vec![ev.clone()]))) {
                let Some((name, value)) = line.split_once(':') else {
                    continue;
                };
                if date_time_props
                    .iter()
                    .any(|p| name.split(';').next() == Some(p))
                {
                    assert!(
                        name.contains("TZID=")
                            || name.contains("VALUE=DATE")
                            || value.ends_with('Z'),
                        "floating: {line}"
                    );
                }
            }
        }
    }

    #[test]
    fn fixed_offset_zone_writes_utc() {
        let fixed = TimeZone::fixed(Offset::from_hours(3).unwrap());
        let mut ev = timed("a@x", date(2022, 10, 5).at(10, 0, 0, 0), None);
        ev.recurrence = Some(YearlyRule {
            until: Some(date(2025, 10, 5)),
            exdates: vec![date(2023, 10, 5)],
        });
        let text = ics(&calendar(fixed, vec![ev]));
        let lines = unfold(&text);
        assert!(
            !lines
                .iter()
                .any(|l| l.contains("TZID") || l.contains("TIMEZONE"))
        );
        assert!(lines.contains(&"DTSTART:20221005T070000Z".to_owned()));
        assert!(lines.contains(&"EXDATE:20231005T070000Z".to_owned()));
        assert!(lines.contains(&"RRULE:FREQ=YEARLY;UNTIL=20251005T070000Z".to_owned()));
    }

    #[test]
    fn output_is_deterministic() {
        let mut events = Vec::new();
        for i in 0i8..20 {
            let mut ev = timed(
                &format!("{i}@x"),
                date(2020 + i16::from(i) / 5, 3, 1 + i).at(9, 0, 0, 0),
                None,
            );
            ev.categories = vec![format!("к{i}")];
            events.push(ev);
        }
        let cal = calendar(moscow(), events);
        assert_eq!(ics(&cal), ics(&cal.clone()));
    }

    #[test]
    fn written_events_give_the_same_feed_and_faults() {
        let at = date(2022, 10, 10).at(15, 0, 0, 0);
        let mut yearly = timed("y@x", at, Some(date(2022, 10, 10).at(16, 0, 0, 0)));
        yearly.recurrence = Some(YearlyRule {
            until: None,
            exdates: vec![date(2024, 10, 10)],
        });
        let events = vec![
            all_day("a@x", date(2021, 3, 1), Some(date(2021, 3, 3))),
            yearly,
            timed("b@x", date(2019, 6, 1).at(9, 0, 0, 0), None),
        ];
        let whole = ics(&calendar(moscow(), events.clone()));
        // The first two written beforehand, the last one the calendar's own.
        let written: Vec<WrittenEvent> = events[..2].iter().map(|e| e.write(&moscow())).collect();
        let refs: Vec<&WrittenEvent> = written.iter().collect();
        let shared = calendar(moscow(), events[2..].to_vec());
        assert_eq!(shared.to_ics_after(&refs).expect("feed"), whole);

        // Faults of written events are found in their place, as in `to_ics`.
        let backwards = all_day("c@x", date(2022, 10, 10), Some(date(2022, 10, 10)));
        let faulty = [events[0].write(&moscow()), backwards.write(&moscow())];
        let refs: Vec<&WrittenEvent> = faulty.iter().collect();
        assert_eq!(
            calendar(moscow(), vec![]).to_ics_after(&refs),
            Err(IcalError::EndNotAfterStart { uid: "c@x".into() })
        );
        let twice = [events[0].write(&moscow())];
        let refs: Vec<&WrittenEvent> = twice.iter().collect();
        assert_eq!(
            calendar(moscow(), vec![events[0].clone()]).to_ics_after(&refs),
            Err(IcalError::DuplicateUid { uid: "a@x".into() })
        );
        let empty = [all_day("\u{1}", date(2022, 10, 10), None).write(&moscow())];
        let refs: Vec<&WrittenEvent> = empty.iter().collect();
        assert_eq!(
            calendar(moscow(), vec![]).to_ics_after(&refs),
            Err(IcalError::EmptyUid { index: 0 })
        );
    }

    #[test]
    fn rejects_faults_clients_would_drop() {
        let ok = all_day("a@x", date(2022, 10, 10), None);
        let err = |cal: Calendar| cal.to_ics().unwrap_err();

        let mut cal = calendar(moscow(), vec![ok.clone()]);
        cal.prodid = " ".to_owned();
        assert_eq!(err(cal), IcalError::EmptyProdid);

        let empty = all_day("\u{1}", date(2022, 10, 10), None);
        assert_eq!(
            err(calendar(moscow(), vec![ok.clone(), empty])),
            IcalError::EmptyUid { index: 1 }
        );
        assert_eq!(
            err(calendar(moscow(), vec![ok.clone(), ok.clone()])),
            IcalError::DuplicateUid { uid: "a@x".into() }
        );

        let backwards = all_day("b@x", date(2022, 10, 10), Some(date(2022, 10, 10)));
        assert_eq!(
            err(calendar(moscow(), vec![backwards])),
            IcalError::EndNotAfterStart { uid: "b@x".into() }
        );
        let at = date(2022, 10, 10).at(15, 0, 0, 0);
        let backwards = timed("c@x", at, Some(date(2022, 10, 10).at(14, 0, 0, 0)));
        assert_eq!(
            err(calendar(moscow(), vec![backwards])),
            IcalError::EndNotAfterStart { uid: "c@x".into() }
        );

        let mut early = timed("d@x", at, None);
        early.recurrence = Some(YearlyRule {
            until: Some(date(2021, 1, 1)),
            exdates: Vec::new(),
        });
        assert_eq!(
            err(calendar(moscow(), vec![early])),
            IcalError::UntilBeforeStart { uid: "d@x".into() }
        );

        let ancient = all_day("e@x", date(-5, 1, 1), None);
        assert_eq!(
            err(calendar(moscow(), vec![ancient])),
            IcalError::YearOutOfRange {
                uid: "e@x".into(),
                year: -5
            }
        );
        let last_day = all_day("f@x", date(9999, 12, 31), None);
        assert!(matches!(
            err(calendar(moscow(), vec![last_day])),
            IcalError::YearOutOfRange { .. }
        ));
        let edge = timed("g@x", DateTime::MAX, None);
        assert_eq!(
            err(calendar(
                TimeZone::fixed(Offset::from_hours(-3).unwrap()),
                vec![edge]
            )),
            IcalError::OutOfTimeRange { uid: "g@x".into() }
        );
    }

    #[test]
    fn errors_read_in_russian() {
        let e = IcalError::EndNotAfterStart { uid: "x".into() };
        assert_eq!(e.to_string(), "событие «x»: окончание раньше начала");
    }

    /// Positions in the unfolded line where a fold was made.
    fn fold_points(folded: &str) -> (String, Vec<usize>) {
        let mut logical = String::new();
        let mut points = Vec::new();
        for (i, physical) in folded.split_terminator("\r\n").enumerate() {
            if i > 0 {
                points.push(logical.len());
                logical.push_str(&physical[1..]);
            } else {
                logical.push_str(physical);
            }
        }
        (logical, points)
    }

    proptest! {
        #[test]
        fn folding_and_escaping_round_trip(text in any::<String>(), prefix_len in 0usize..4) {
            // Vary the name length so folds land at every offset of multi-octet characters.
            let name = format!("X-{}", "A".repeat(prefix_len));
            let line = format!("{name}:{}", escape_text(&text));
            let mut out = String::new();
            push_folded(&mut out, &line);

            prop_assert!(out.ends_with("\r\n"));
            for physical in out.as_bytes().split(|&b| b == b'\n') {
                if physical.is_empty() { continue; }
                let physical = physical.strip_suffix(b"\r").expect("LF only after CR");
                prop_assert!(physical.len() <= MAX_LINE_OCTETS);
                prop_assert!(std::str::from_utf8(physical).is_ok());
                prop_assert!(!physical.contains(&b'\r'));
            }
            let (logical, points) = fold_points(&out);
            prop_assert_eq!(&logical, &line);
            // Each backslash starts an escape in TEXT; no fold may follow one directly.
            let value_start = name.len() + 1;
            let mut i = value_start;
            while i < logical.len() {
                let c = logical[i..].chars().next().unwrap();
                if c == '\\' {
                    prop_assert!(!points.contains(&(i + 1)), "fold splits escape at {}", i);
                    i += 1 + logical[i + 1..].chars().next().map_or(0, char::len_utf8);
                } else {
                    i += c.len_utf8();
                }
            }
            prop_assert_eq!(unescape(&logical[value_start..]), normalised(&text));
        }

        #[test]
        fn escaped_text_has_no_raw_separators_or_controls(text in any::<String>()) {
            let escaped = escape_text(&text);
            prop_assert!(!escaped.chars().any(|c| c.is_ascii_control() && c != '\t'));
            let mut chars = escaped.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    let next = chars.next();
                    prop_assert!(matches!(next, Some('\\' | ';' | ',' | 'n')), "bad escape {:?}", next);
                } else {
                    prop_assert!(c != ';' && c != ',');
                }
            }
        }

        #[test]
        fn param_values_are_always_valid(text in any::<String>()) {
            let value = param_value(&text);
            let inner = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
            let body = inner.unwrap_or(&value);
            prop_assert!(!body.contains('"'));
            prop_assert!(!body.chars().any(|c| c.is_ascii_control() && c != '\t'));
            prop_assert!(!body.contains('\\'));
            if inner.is_none() {
                prop_assert!(!body.contains([':', ';', ',']));
            }
            // Decoding RFC 6868 gives the original back, up to the documented substitutions.
            let quotes = |c: char| if matches!(c, '"' | '«' | '»') { '"' } else { c };
            let decoded: String = body.replace("^^", "^").chars().map(quotes).collect();
            let expected: String = text
                .trim()
                .chars()
                .filter(|&c| !c.is_ascii_control() || matches!(c, '\t' | '\r' | '\n'))
                .map(|c| match c {
                    '\\' => '/',
                    '\r' | '\n' => ' ',
                    c => quotes(c),
                })
                .collect::<String>()
                .trim()
                .to_owned();
            prop_assert_eq!(decoded, expected);
        }

        #[test]
        fn whole_calendar_lines_stay_within_limits(summary in any::<String>(), location in "\\PC{0,200}") {
            let mut ev = timed("a@x", date(2024, 5, 17).at(18, 30, 0, 0), None);
            ev.summary = summary.clone();
            ev.location = Some(location);
            ev.organizer = Some(Organizer { name: summary, email: Some("a@b.ru".into()) });
            let text = ics(&calendar(moscow(), vec![ev]));
            for physical in text.split_terminator("\r\n") {
                prop_assert!(physical.len() <= MAX_LINE_OCTETS);
                prop_assert!(!physical.contains(['\r', '\n']));
            }
            prop_assert!(text.ends_with("END:VCALENDAR\r\n"));
        }
    }
}
