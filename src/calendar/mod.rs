//! The calendar: the iCalendar writer (views and feeds come with the calendar work).

pub mod ical;
