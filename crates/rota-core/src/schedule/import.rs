//! Recording callouts from files: a plain CSV, a PagerDuty incident list
//! (`GET /incidents`, as saved from the REST API) or an Opsgenie alert list
//! (`GET /v2/alerts`). Each incident names a responder, an instant, a length
//! and a service; the responder becomes a person (by id, `email` or exact
//! name) and the callout goes to the rota that person was on call for at
//! that instant.
//!
//! All or nothing: when any row cannot be matched, every such row is
//! reported with where it is in the file and why, and no callout is added.
//! A callout already in the schedule (same rota, person, instant, minutes
//! and service) is not added twice, so re-importing a file adds nothing.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::Value;

use super::{Callout, Schedule, resolve};
use crate::analysis::callouts::slice_at;
use crate::org::Organisation;
use crate::rotas::Coverage;

/// The longest callout accepted: a week, in minutes.
pub const MAX_MINUTES: u32 = 7 * 24 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// `at,minutes,person,service` and optionally `rota`, with a header.
    Csv,
    /// PagerDuty REST API incident list: `{ "incidents": [...] }`.
    PagerDuty,
    /// Opsgenie alert list: `{ "data": [...] }`.
    Opsgenie,
}

impl ImportFormat {
    /// Guesses the format of a file's text: JSON with `incidents` is
    /// PagerDuty's, JSON with `data` Opsgenie's, anything else CSV.
    pub fn sniff(text: &str) -> ImportFormat {
        match serde_json::from_str::<Value>(text) {
            Ok(v) if v.get("incidents").is_some() => ImportFormat::PagerDuty,
            Ok(v) if v.get("data").is_some() => ImportFormat::Opsgenie,
            _ => ImportFormat::Csv,
        }
    }
}

/// An incident as a file states it, before it is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// Where it is: `line 3`, `incidents[0] (#1234)`, `data[2] (tinyId 17)`.
    pub origin: String,
    pub at: DateTime<FixedOffset>,
    pub minutes: u32,
    /// A person id, email or name.
    pub responder: String,
    /// A service id or name.
    pub service: String,
    /// The rota, when the file names one.
    pub rota: Option<String>,
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub origin: String,
    pub why: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.why)
    }
}

fn reject(origin: impl Into<String>, why: impl Into<String>) -> Rejected {
    Rejected {
        origin: origin.into(),
        why: why.into(),
    }
}

/// What an import adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// New callouts, in file order.
    pub added: Vec<Callout>,
    /// Incidents already recorded (in the schedule or earlier in the file).
    pub already: usize,
}

/// Reads a file's incidents; every unreadable row is reported.
pub fn read_incidents(format: ImportFormat, text: &str) -> Result<Vec<Incident>, Vec<Rejected>> {
    match format {
        ImportFormat::Csv => read_csv(text),
        ImportFormat::PagerDuty => read_json(text, "incidents", pagerduty_incident),
        ImportFormat::Opsgenie => read_json(text, "data", opsgenie_alert),
    }
}

/// Reads, matches and de-duplicates a file's incidents against a schedule;
/// `Err` holds every row that cannot be imported, and then nothing is. A
/// callout is a fact: one at or after `now` has not happened yet.
pub fn import_callouts(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    format: ImportFormat,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Imported, Vec<Rejected>> {
    let incidents = read_incidents(format, text)?;
    match_incidents(org, coverage, schedule, &incidents, now)
}

fn parse_instant(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s.trim()).ok()
}

/// Whole minutes between two instants, a started minute counting as one.
fn minutes_between(from: DateTime<FixedOffset>, to: DateTime<FixedOffset>) -> Option<i64> {
    let secs = (to - from).num_seconds();
    (secs >= 0).then(|| (secs + 59) / 60)
}

fn checked_minutes(origin: &str, minutes: i64) -> Result<u32, Rejected> {
    if (0..=i64::from(MAX_MINUTES)).contains(&minutes) {
        Ok(minutes as u32)
    } else {
        Err(reject(
            origin,
            format!("{minutes} minutes is not a callout's length (0 to {MAX_MINUTES})"),
        ))
    }
}

const CSV_COLUMNS: [&str; 5] = ["at", "minutes", "person", "service", "rota"];

fn read_csv(text: &str) -> Result<Vec<Incident>, Vec<Rejected>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![reject("line 1", format!("not CSV: {e}"))]),
    };
    let mut columns: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (i, name) in header.iter().enumerate() {
        match CSV_COLUMNS.iter().find(|c| **c == name) {
            Some(c) => {
                columns.insert(c, i);
            }
            None => problems.push(reject(
                "line 1",
                format!(
                    "unknown column `{name}` (expected at, minutes, person, service and optionally rota){}",
                    crate::input::diag::nearest(name, CSV_COLUMNS.iter().copied())
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default()
                ),
            )),
        }
    }
    for required in &CSV_COLUMNS[..4] {
        if !columns.contains_key(required) {
            problems.push(reject("line 1", format!("missing column `{required}`")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(reject(format!("line {line}"), format!("not CSV: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let origin = format!("line {line}");
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .to_string()
        };
        let at = cell("at");
        let Some(at_value) = parse_instant(&at) else {
            problems.push(reject(
                &origin,
                format!("at: `{at}` is not a date-time (RFC 3339 with an offset, like 2026-12-09T02:14:00Z)"),
            ));
            continue;
        };
        let minutes = match cell("minutes").parse::<i64>() {
            Ok(m) => match checked_minutes(&origin, m) {
                Ok(m) => m,
                Err(r) => {
                    problems.push(r);
                    continue;
                }
            },
            Err(_) => {
                problems.push(reject(
                    &origin,
                    format!("minutes: `{}` is not a whole number", cell("minutes")),
                ));
                continue;
            }
        };
        let (person, service) = (cell("person"), cell("service"));
        if person.is_empty() || service.is_empty() {
            problems.push(reject(&origin, "person and service must not be empty"));
            continue;
        }
        let rota = cell("rota");
        out.push(Incident {
            origin,
            at: at_value,
            minutes,
            responder: person,
            service,
            rota: (!rota.is_empty()).then_some(rota),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn read_json(
    text: &str,
    list: &str,
    one: fn(&str, &Value) -> Result<Incident, Rejected>,
) -> Result<Vec<Incident>, Vec<Rejected>> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        vec![reject(
            format!("line {}, column {}", e.line(), e.column()),
            format!("not JSON: {e}"),
        )]
    })?;
    let Some(items) = root.get(list).and_then(Value::as_array) else {
        return Err(vec![reject(
            "the top level",
            format!("no `{list}` list: is this the right --format?"),
        )]);
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match one(&format!("{list}[{i}]"), item) {
            Ok(incident) => out.push(incident),
            Err(r) => problems.push(r),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn text<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    path.iter()
        .try_fold(v, |v, key| v.get(key))
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// A PagerDuty user reference: its email when the export includes full
/// user objects, else its summary (the user's name).
fn pagerduty_user(v: &Value) -> Option<String> {
    text(v, &["email"])
        .or_else(|| text(v, &["summary"]))
        .map(str::to_string)
}

/// One PagerDuty incident: from `created_at` to `resolved_at` (or the last
/// status change of a resolved incident); the responder is who acknowledged
/// it, else who it was assigned to, else who resolved it; the service is
/// the incident's service, by name (`summary`).
fn pagerduty_incident(at: &str, v: &Value) -> Result<Incident, Rejected> {
    let number = v
        .get("incident_number")
        .and_then(Value::as_u64)
        .map(|n| format!(" (#{n})"))
        .unwrap_or_default();
    let origin = format!("{at}{number}");
    let created = text(v, &["created_at"])
        .and_then(parse_instant)
        .ok_or_else(|| reject(&origin, "created_at is missing or not a date-time"))?;
    let resolved = text(v, &["resolved_at"]).or_else(|| {
        (text(v, &["status"]) == Some("resolved"))
            .then(|| text(v, &["last_status_change_at"]))
            .flatten()
    });
    let resolved = resolved.and_then(parse_instant).ok_or_else(|| {
        reject(
            &origin,
            "not resolved yet (no resolved_at): import it once it is over",
        )
    })?;
    let minutes = minutes_between(created, resolved)
        .ok_or_else(|| reject(&origin, "resolved before it was created"))?;
    let first = |list: &str, key: &str| {
        v.get(list)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|x| x.get(key))
            .and_then(pagerduty_user)
    };
    let responder = first("acknowledgements", "acknowledger")
        .or_else(|| first("assignments", "assignee"))
        .or_else(|| {
            v.get("last_status_change_by")
                .filter(|u| text(u, &["type"]).is_some_and(|t| t.starts_with("user")))
                .and_then(pagerduty_user)
        })
        .ok_or_else(|| {
            reject(
                &origin,
                "names no responder (no acknowledgement, assignment or user who resolved it)",
            )
        })?;
    let service = text(v, &["service", "summary"])
        .ok_or_else(|| reject(&origin, "names no service (service.summary)"))?;
    Ok(Incident {
        minutes: checked_minutes(&origin, minutes)?,
        origin,
        at: created,
        responder,
        service: service.to_string(),
        rota: None,
    })
}

/// One Opsgenie alert: from `createdAt`, lasting `report.closeTime`
/// (milliseconds); the responder is who acknowledged it, else its owner
/// (Opsgenie names users by their email); the service is a tag
/// `service:<id>`, else a tag that is a service's id.
fn opsgenie_alert(at: &str, v: &Value) -> Result<Incident, Rejected> {
    let tiny = text(v, &["tinyId"])
        .map(|t| format!(" (tinyId {t})"))
        .unwrap_or_default();
    let origin = format!("{at}{tiny}");
    let created = text(v, &["createdAt"])
        .and_then(parse_instant)
        .ok_or_else(|| reject(&origin, "createdAt is missing or not a date-time"))?;
    let close_ms = v
        .get("report")
        .and_then(|r| r.get("closeTime"))
        .and_then(Value::as_i64)
        .ok_or_else(|| {
            reject(
                &origin,
                "not closed yet (no report.closeTime): import it once it is over",
            )
        })?;
    let minutes = (close_ms.max(0) + 59_999) / 60_000;
    let responder = text(v, &["report", "acknowledgedBy"])
        .or_else(|| text(v, &["owner"]))
        .ok_or_else(|| {
            reject(
                &origin,
                "names no responder (report.acknowledgedBy or owner)",
            )
        })?;
    let tags: Vec<&str> = v
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let service = tags
        .iter()
        .find_map(|t| t.strip_prefix("service:"))
        .or_else(|| tags.first().copied().filter(|_| tags.len() == 1))
        .ok_or_else(|| reject(&origin, "names no service: tag the alert `service:<id>`"))?;
    Ok(Incident {
        minutes: checked_minutes(&origin, minutes)?,
        origin,
        at: created,
        responder: responder.to_string(),
        service: service.to_string(),
        rota: None,
    })
}

/// People and services by every name an incident may use, built once per
/// import so matching a row is a look-up, not a search.
struct Names {
    people: HashMap<String, usize>,
    emails: HashMap<String, usize>,
    person_names: HashMap<String, usize>,
    services: HashMap<String, usize>,
    service_names: HashMap<String, usize>,
}

impl Names {
    fn new(org: &Organisation) -> Names {
        let mut n = Names {
            people: HashMap::new(),
            emails: HashMap::new(),
            person_names: HashMap::new(),
            services: HashMap::new(),
            service_names: HashMap::new(),
        };
        // The first of two people with one name wins, as in file order.
        for (i, p) in org.people.iter().enumerate() {
            n.people.entry(p.id.clone()).or_insert(i);
            if let Some(e) = &p.email {
                n.emails.entry(e.to_lowercase()).or_insert(i);
            }
            n.person_names.entry(p.name.clone()).or_insert(i);
        }
        for (i, s) in org.services.iter().enumerate() {
            n.services.entry(s.id.clone()).or_insert(i);
            n.service_names.entry(s.name.clone()).or_insert(i);
        }
        n
    }

    /// A person by id, then email (ignoring case), then exact name.
    fn person(&self, who: &str) -> Option<usize> {
        let who = who.trim();
        self.people
            .get(who)
            .or_else(|| self.emails.get(&who.to_lowercase()))
            .or_else(|| self.person_names.get(who))
            .copied()
    }

    /// A service by id, then exact name.
    fn service(&self, what: &str) -> Option<usize> {
        let what = what.trim();
        self.services
            .get(what)
            .or_else(|| self.service_names.get(what))
            .copied()
    }
}

/// What makes two callouts the same one: rota, person, instant, minutes
/// and service.
type CalloutKey = (String, String, i64, u32, String);

fn key(c: &Callout) -> CalloutKey {
    (
        c.rota.clone(),
        c.person.clone(),
        c.at.timestamp(),
        c.minutes,
        c.service.clone(),
    )
}

/// Matches incidents to people, services and the rota each responder was on
/// call for, and leaves out those already recorded.
pub fn match_incidents(
    org: &Organisation,
    coverage: &Coverage,
    schedule: &Schedule,
    incidents: &[Incident],
    now: DateTime<Utc>,
) -> Result<Imported, Vec<Rejected>> {
    let resolved = resolve(org, coverage, schedule);
    // person -> (slice range, rota) of their shifts, and for a shift off
    // the slice grid its own instants, which an incident must lie within.
    type Held = (usize, usize, usize, Option<(DateTime<Utc>, DateTime<Utc>)>);
    let mut shifts: BTreeMap<usize, Vec<Held>> = BTreeMap::new();
    for a in &resolved.assignments {
        let shift = &schedule.shifts[a.shift];
        let instants = a.off_grid.then(|| {
            (
                shift.start.with_timezone(&Utc),
                shift.end.with_timezone(&Utc),
            )
        });
        shifts.entry(a.person).or_default().push((
            a.first_slice,
            a.first_slice + a.slices,
            a.rota,
            instants,
        ));
    }
    let names = Names::new(org);
    let recorded: std::collections::HashSet<CalloutKey> =
        schedule.callouts.iter().map(key).collect();
    let mut problems = Vec::new();
    let mut added: Vec<Callout> = Vec::new();
    let mut seen: std::collections::HashSet<CalloutKey> = std::collections::HashSet::new();
    let mut already = 0;
    for inc in incidents {
        let person = names.person(&inc.responder);
        let service = names.service(&inc.service);
        let mut why = Vec::new();
        if person.is_none() {
            why.push(format!(
                "responder `{}` is nobody in the organisation (matched by id, email or exact name)",
                inc.responder
            ));
        }
        if service.is_none() {
            why.push(format!(
                "service `{}` is not in the organisation{}",
                inc.service,
                crate::input::diag::nearest(
                    &inc.service,
                    org.services.iter().map(|s| s.id.as_str())
                )
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default()
            ));
        }
        let (Some(person), Some(service)) = (person, service) else {
            problems.push(reject(&inc.origin, why.join("; ")));
            continue;
        };
        let at = inc.at.with_timezone(&Utc);
        let local = at.with_timezone(&org.timezone).format("%Y-%m-%d %H:%M");
        let id = &org.people[person].id;
        if at >= now {
            problems.push(reject(
                &inc.origin,
                format!("{local} has not happened yet: a callout is recorded once it is over"),
            ));
            continue;
        }
        let Some(day) = slice_at(coverage, at) else {
            problems.push(reject(
                &inc.origin,
                format!("{local} is outside every shift of the schedule (in working hours or outside its dates)"),
            ));
            continue;
        };
        let on: Vec<usize> = shifts
            .get(&person)
            .map(|s| {
                s.iter()
                    .filter(|&&(a, b, _, instants)| {
                        a <= day && day < b && instants.is_none_or(|(s, e)| s <= at && at < e)
                    })
                    .map(|&(_, _, r, _)| r)
                    .collect()
            })
            .unwrap_or_default();
        let rota = match &inc.rota {
            Some(r) => match coverage.rota_index(r) {
                Some(i) if on.contains(&i) => i,
                Some(_) => {
                    problems.push(reject(
                        &inc.origin,
                        format!("{id} was not on call for {r} at {local}"),
                    ));
                    continue;
                }
                None => {
                    problems.push(reject(
                        &inc.origin,
                        format!("rota `{r}` is not one of the schedule's rotas"),
                    ));
                    continue;
                }
            },
            None => match on.first() {
                Some(&r) => r,
                None => {
                    problems.push(reject(
                        &inc.origin,
                        format!("{id} was not on call at {local}"),
                    ));
                    continue;
                }
            },
        };
        let callout = Callout {
            rota: coverage.rotas[rota].id.clone(),
            person: id.clone(),
            at: at.fixed_offset(),
            minutes: inc.minutes,
            service: org.services[service].id.clone(),
        };
        if recorded.contains(&key(&callout)) || !seen.insert(key(&callout)) {
            already += 1;
        } else {
            added.push(callout);
        }
    }
    if problems.is_empty() {
        Ok(Imported { added, already })
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(format: ImportFormat, text: &str) -> Vec<String> {
        match read_incidents(format, text) {
            Ok(i) => panic!("read {i:?}"),
            Err(r) => r.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn csv_columns_are_checked_by_name() {
        let got = why(ImportFormat::Csv, "at,minuts,person\n");
        assert_eq!(
            got,
            [
                "line 1: unknown column `minuts` (expected at, minutes, person, service and optionally rota); did you mean `minutes`?",
                "line 1: missing column `minutes`",
                "line 1: missing column `service`",
            ]
        );
        let got = why(
            ImportFormat::Csv,
            "service,person,minutes,at\nweb,ava,-5,2026-12-01T01:00:00Z\nweb,ava,5,yesterday\n",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("line 2: -5 minutes"), "{got:?}");
        assert!(got[1].starts_with("line 3: at: `yesterday`"), "{got:?}");
    }

    #[test]
    fn open_incidents_and_alerts_are_not_callouts_yet() {
        let pd = r#"{"incidents": [{"incident_number": 7, "created_at": "2026-12-01T01:00:00Z",
            "status": "triggered", "service": {"summary": "Web"}}]}"#;
        assert_eq!(
            why(ImportFormat::PagerDuty, pd),
            ["incidents[0] (#7): not resolved yet (no resolved_at): import it once it is over"]
        );
        let og = r#"{"data": [{"tinyId": "9", "createdAt": "2026-12-01T01:00:00Z",
            "owner": "ava@example.com", "tags": ["service:web"], "report": {"ackTime": 10}}]}"#;
        assert_eq!(
            why(ImportFormat::Opsgenie, og),
            ["data[0] (tinyId 9): not closed yet (no report.closeTime): import it once it is over"]
        );
        let broken = why(ImportFormat::PagerDuty, "{\"incidents\": [");
        assert!(broken[0].starts_with("line 1, column"), "{broken:?}");
    }

    #[test]
    fn the_format_is_sniffed_from_the_text() {
        assert_eq!(
            ImportFormat::sniff(r#"{"incidents": []}"#),
            ImportFormat::PagerDuty
        );
        assert_eq!(
            ImportFormat::sniff(r#"{"data": []}"#),
            ImportFormat::Opsgenie
        );
        assert_eq!(
            ImportFormat::sniff("at,minutes,person,service\n"),
            ImportFormat::Csv
        );
    }
}
