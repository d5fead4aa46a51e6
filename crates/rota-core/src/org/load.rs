//! Reads an organisation file into an [`Organisation`], checking everything
//! docs/format.md asks for and reporting every problem with its location.

use std::collections::HashMap;

use super::model::*;
use super::quick;
use super::records::Records;
use crate::input::decode::{At, Fields, Reader, TABLES_PER_PIECE, read_text, read_toml_in_pieces};
use crate::input::diag::{Diagnostics, nearest};
use crate::money::Money;
use chrono::{NaiveTime, Weekday};
use chrono_tz::Tz;

/// The largest standby or callout rate accepted, in major units.
const MAX_PAY: f64 = 1_000_000.0;
/// The largest hourly exposure (of a service or a band's maximum) accepted:
/// a trillion an hour is beyond any business, and keeps exposure arithmetic
/// and its display exact.
const MAX_EXPOSURE: f64 = 1e12;
/// The most expected callouts per week of one service: twenty an hour,
/// day and night. Above it, money from callouts could leave the range
/// totals are exact in.
const MAX_CALLOUTS_PER_WEEK: f64 = 3360.0;
/// The largest peak multiplier of exposure.
const MAX_EXPOSURE_MULTIPLIER: f64 = 1000.0;

const TOP_KEYS: &[&str] = &[
    "organisation",
    "working_hours",
    "holidays",
    "pay",
    "rotation",
    "rules",
    "bands",
    "domains",
    "teams",
    "people",
    "services",
    "peaks",
    "rotas",
];
const ORGANISATION_KEYS: &[&str] = &["name", "timezone", "currency"];
const WORKING_HOURS_KEYS: &[&str] = &["days", "start", "end"];
const HOLIDAY_KEYS: &[&str] = &["date", "name"];
const PAY_KEYS: &[&str] = &[
    "weeknight",
    "weekend_day",
    "holiday",
    "callout",
    "callout_minimum_minutes",
    "callout_weekend_multiplier",
    "callout_holiday_multiplier",
    "secondary_share",
];
const ROTATION_KEYS: &[&str] = &["handoff", "handoff_day"];
const RULES_KEYS: &[&str] = &[
    "min_rota_size",
    "max_oncall_share",
    "max_consecutive_slices",
    "min_rest_slices",
    "min_participation",
    "max_callouts_per_slice",
    "min_daily_rest_hours",
    "max_callout_nights_per_week",
    "min_rota_size_secondary",
];
const BAND_KEYS: &[&str] = &[
    "name",
    "max_hourly_exposure",
    "availability",
    "on_call",
    "secondary",
];
const DOMAIN_KEYS: &[&str] = &["id", "name"];
const TEAM_KEYS: &[&str] = &["id", "name", "domain"];
const PERSON_KEYS: &[&str] = &[
    "id",
    "name",
    "team",
    "on_call",
    "time_off",
    "email",
    "employee_id",
    "joined",
    "left",
    "off_call",
    "moved",
];
const TIME_OFF_KEYS: &[&str] = &["from", "to", "reason"];
const OFF_CALL_KEYS: &[&str] = &["from", "to"];
const MOVED_KEYS: &[&str] = &["on", "from"];
const EXPOSURE_CHANGED_KEYS: &[&str] = &["on", "from"];
const SERVICE_KEYS: &[&str] = &[
    "id",
    "name",
    "team",
    "hourly_exposure",
    "callouts_per_week",
    "availability",
    "exposure_changed",
];
const PEAK_KEYS: &[&str] = &["name", "from", "to", "services", "exposure_multiplier"];
const ROTA_KEYS: &[&str] = &[
    "id",
    "name",
    "teams",
    "members",
    "handoff",
    "handoff_day",
    "secondary",
];

/// Every table the loader reads, by its path in the file, with the keys it
/// accepts there; a test holds these lists to what the loader reads and to
/// docs/format.md.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const TABLES: [(&str, &[&str]); 18] = [
    ("", TOP_KEYS),
    ("organisation", ORGANISATION_KEYS),
    ("working_hours", WORKING_HOURS_KEYS),
    ("holidays", HOLIDAY_KEYS),
    ("pay", PAY_KEYS),
    ("rotation", ROTATION_KEYS),
    ("rules", RULES_KEYS),
    ("bands", BAND_KEYS),
    ("domains", DOMAIN_KEYS),
    ("teams", TEAM_KEYS),
    ("people", PERSON_KEYS),
    ("people.time_off", TIME_OFF_KEYS),
    ("people.off_call", OFF_CALL_KEYS),
    ("people.moved", MOVED_KEYS),
    ("services", SERVICE_KEYS),
    ("services.exposure_changed", EXPOSURE_CHANGED_KEYS),
    ("peaks", PEAK_KEYS),
    ("rotas", ROTA_KEYS),
];

/// Reads and checks an organisation file's text. `file` is the name used in
/// messages. Returns every problem found when there is any.
pub fn parse_organisation(file: &str, text: &str) -> Result<Organisation, Diagnostics> {
    parse_organisation_in(file, text, TABLES_PER_PIECE)
}

/// [`parse_organisation`], reading teams, people and services `per_piece`
/// tables at a time (0: the whole file at once).
pub(crate) fn parse_organisation_in(
    file: &str,
    text: &str,
    per_piece: usize,
) -> Result<Organisation, Diagnostics> {
    read_toml_in_pieces(
        file,
        text,
        "an organisation: [organisation], [pay], [[bands]], [[teams]] …",
        TOP_KEYS,
        &[(
            "schedule",
            "this is a schedule file, not an organisation file (give the organisation file \
             it names, and the schedule with --schedule)",
        )],
        &["teams", "people", "services"],
        per_piece,
        |reader, root| Builder::new(reader).build(root),
    )
}

/// Reads a file from disk; unreadable or non-UTF-8 files get one clear message.
pub fn load_organisation(path: &std::path::Path) -> Result<(Organisation, String), Diagnostics> {
    let text = read_text(path, "a TOML organisation file")?;
    let org = parse_organisation(&path.display().to_string(), &text)?;
    Ok((org, text))
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn suggest_id(s: &str) -> Option<String> {
    let fixed: String = s
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    (is_id(&fixed) && fixed != s).then_some(fixed)
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    if s.len() != 5 {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

struct Builder<'r, 'a> {
    r: &'r mut Reader<'a>,
}

/// The people of a piece in rota's own layout (see [`quick`]) when every
/// one of them has a valid new id and a known team; `None` otherwise, and
/// then nothing is recorded: the full reader reads the piece and reports.
/// `at` is where the piece starts in the file.
fn quick_people(
    r: &Reader<'_>,
    piece: &str,
    at: usize,
    ids: &mut IdTable,
    teams: &IdTable,
) -> Option<Vec<Person>> {
    let people = quick::people(piece)?;
    let mut fresh = std::collections::HashSet::new();
    let ok = people.iter().all(|p| {
        let id = p.id.unwrap_or_default();
        is_id(id)
            && !ids.ids.contains_key(id)
            && fresh.insert(id)
            && p.team.is_some_and(|t| teams.ids.contains_key(t))
    });
    if !ok {
        return None;
    }
    #[cfg(test)]
    tests::QUICK_PIECES.with(|n| n.set(n.get() + 1));
    Some(
        people
            .into_iter()
            .map(|p| {
                let id = p.id.unwrap_or_default().to_string();
                ids.ids.insert(id.clone(), ids.order.len());
                ids.order.push(id.clone());
                Person {
                    id,
                    name: p.name.unwrap_or_default().to_string(),
                    team: p.team.map_or(0, |t| teams.ids[t]),
                    on_call: p.on_call.unwrap_or(true),
                    time_off: p.time_off.unwrap_or_default(),
                    line: r.line_of(&Some(at + p.offset..at + p.offset)),
                    email: None,
                    employee_id: None,
                    dated: PersonDates::default(),
                }
            })
            .collect(),
    )
}

/// Ids of one kind, with where each was defined, for references and duplicates.
struct IdTable {
    kind: &'static str,
    ids: HashMap<String, usize>,
    order: Vec<String>,
}

impl IdTable {
    fn new(kind: &'static str) -> Self {
        IdTable {
            kind,
            ids: HashMap::new(),
            order: Vec::new(),
        }
    }
}

impl<'r, 'a> Builder<'r, 'a> {
    fn new(r: &'r mut Reader<'a>) -> Self {
        Builder { r }
    }

    /// Reads a required id, checks its format and uniqueness, and renames the
    /// table's path to `kind.id` so later messages name it.
    fn id(&mut self, t: &mut Fields<'_>, table: &mut IdTable, base: &str) -> Option<String> {
        let at = self.r.string(t, "id", true)?;
        if !is_id(&at.value) {
            self.r.report(
                &at.span,
                &t.child("id"),
                format!("`{}` is not a valid id", at.value),
                Some("lower-case letters, digits and '-'".into()),
                None,
                suggest_id(&at.value),
            );
            return None;
        }
        if table.ids.contains_key(&at.value) {
            self.r.report(
                &at.span,
                &t.child("id"),
                format!("duplicate {} id `{}`", table.kind, at.value),
                Some(format!("a {} id used once", table.kind)),
                None,
                None,
            );
            return None;
        }
        table.ids.insert(at.value.clone(), table.order.len());
        table.order.push(at.value.clone());
        t.rename(format!("{base}.{}", at.value));
        Some(at.value)
    }

    /// Resolves a reference, suggesting the nearest known id when it fails.
    fn resolve(&mut self, at: &At<String>, field: &str, table: &IdTable) -> Option<usize> {
        if let Some(&i) = table.ids.get(&at.value) {
            return Some(i);
        }
        self.r.report(
            &at.span,
            field,
            format!("unknown {} `{}`", table.kind, at.value),
            None,
            None,
            nearest(&at.value, table.order.iter().map(String::as_str)),
        );
        None
    }

    fn non_negative(&mut self, t: &Fields<'_>, key: &str, required: bool) -> Option<f64> {
        let at = self.r.number(t, key, required)?;
        if at.value < 0.0 {
            self.r.report(
                &at.span,
                &t.child(key),
                "must not be negative",
                Some("a number >= 0".into()),
                Some(at.value.to_string()),
                None,
            );
            return None;
        }
        Some(at.value)
    }

    /// A pay rate: not negative, and small enough that a year of totals
    /// across a large organisation stays exact.
    fn amount(&mut self, t: &Fields<'_>, key: &str, required: bool) -> Option<f64> {
        self.bounded(t, key, required, MAX_PAY, "an amount")
    }

    /// A number from 0 to `max`: every input that money or exposure is
    /// computed from is bounded, so no total can leave the range it is
    /// exact in.
    fn bounded(
        &mut self,
        t: &Fields<'_>,
        key: &str,
        required: bool,
        max: f64,
        what: &str,
    ) -> Option<f64> {
        let value = self.non_negative(t, key, required)?;
        if value > max {
            let span = self.r.number(t, key, false).and_then(|a| a.span);
            self.r.report(
                &span,
                &t.child(key),
                "out of range",
                Some(format!("{what} from 0 to {max}")),
                Some(value.to_string()),
                None,
            );
            return None;
        }
        Some(value)
    }

    fn in_range(
        &mut self,
        t: &Fields<'_>,
        key: &str,
        ok: impl Fn(f64) -> bool,
        expected: &str,
    ) -> Option<f64> {
        let at = self.r.number(t, key, false)?;
        if !ok(at.value) {
            self.r.report(
                &at.span,
                &t.child(key),
                "out of range",
                Some(expected.to_string()),
                Some(at.value.to_string()),
                None,
            );
            return None;
        }
        Some(at.value)
    }

    fn count(&mut self, t: &Fields<'_>, key: &str, min: i64, max: i64) -> Option<u32> {
        let at = self.r.integer(t, key)?;
        if at.value < min || at.value > max {
            self.r.report(
                &at.span,
                &t.child(key),
                "out of range",
                Some(format!("a whole number from {min} to {max}")),
                Some(at.value.to_string()),
                None,
            );
            return None;
        }
        Some(at.value as u32)
    }

    fn weekday(&mut self, at: &At<String>, field: &str) -> Option<Weekday> {
        let options: Vec<(&str, Weekday)> = WEEKDAY_NAMES
            .iter()
            .map(|n| (*n, parse_weekday(n).expect("known weekday name")))
            .collect();
        self.r.choice(at, field, "day", &options)
    }

    fn handoff(&mut self, t: &Fields<'_>) -> Option<Handoff> {
        let at = self.r.string(t, "handoff", false)?;
        let options: Vec<(&str, Handoff)> = Handoff::ALL.iter().map(|h| (h.as_str(), *h)).collect();
        self.r.choice(&at, &t.child("handoff"), "handoff", &options)
    }

    fn build(mut self, root: &Fields<'_>) -> Option<Organisation> {
        let organisation = self.r.table(root, "organisation", ORGANISATION_KEYS, true);
        let (name, timezone, currency) = match &organisation {
            Some(t) => (
                self.r.string(t, "name", true).map(|a| a.value),
                self.timezone(t),
                self.currency(t),
            ),
            None => (None, None, None),
        };
        let working_hours = self.working_hours(root);
        let holidays = self.holidays(root);
        let pay = self.pay(root);
        let rotation = self.rotation(root);
        let rules = self.rules(root);
        let bands = self.bands(root);
        let mut domain_ids = IdTable::new("domain");
        let domains = self.domains(root, &mut domain_ids);
        let mut team_ids = IdTable::new("team");
        let teams = self.teams(root, &mut team_ids, &domain_ids);
        let mut person_ids = IdTable::new("person");
        let people = self.people(root, &mut person_ids, &team_ids);
        let mut service_ids = IdTable::new("service");
        let services = self.services(root, &mut service_ids, &team_ids);
        let peaks = self.peaks(root, &service_ids);
        let rotas = self.rotas(root, &team_ids, &person_ids, &domain_ids);

        Some(Organisation {
            name: name?,
            timezone: timezone?,
            currency: currency?,
            working_hours: working_hours?,
            holidays,
            pay: pay?,
            rotation,
            rules,
            bands: bands?,
            domains: Records::new(domains),
            teams: Records::new(teams),
            people: Records::new(people),
            services: Records::new(services),
            peaks,
            rotas,
        })
    }

    fn timezone(&mut self, t: &Fields<'_>) -> Option<Tz> {
        let at = self.r.string(t, "timezone", true)?;
        match at.value.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let suggestion =
                    nearest(&at.value, chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()));
                self.r.report(
                    &at.span,
                    &t.child("timezone"),
                    format!("unknown time zone `{}`", at.value),
                    Some("an IANA time zone name like Europe/London".into()),
                    None,
                    suggestion,
                );
                None
            }
        }
    }

    fn currency(&mut self, t: &Fields<'_>) -> Option<String> {
        let at = self.r.string(t, "currency", true)?;
        if at.value.len() == 3 && at.value.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(at.value);
        }
        let upper = at.value.trim().to_uppercase();
        let suggestion =
            (upper.len() == 3 && upper.bytes().all(|b| b.is_ascii_uppercase())).then_some(upper);
        self.r.report(
            &at.span,
            &t.child("currency"),
            format!("`{}` is not a currency code", at.value),
            Some("an ISO 4217 code like GBP".into()),
            None,
            suggestion,
        );
        None
    }

    fn time(&mut self, t: &Fields<'_>, key: &str) -> Option<At<NaiveTime>> {
        let at = self.r.string(t, key, true)?;
        match parse_time(&at.value) {
            Some(time) => Some(At {
                value: time,
                span: at.span,
            }),
            None => {
                self.r.report(
                    &at.span,
                    &t.child(key),
                    "not a time of day",
                    Some("HH:MM, 24-hour, like 09:00".into()),
                    Some(format!("\"{}\"", at.value)),
                    None,
                );
                None
            }
        }
    }

    fn working_hours(&mut self, root: &Fields<'_>) -> Option<WorkingHours> {
        let t = self
            .r
            .table(root, "working_hours", WORKING_HOURS_KEYS, true)?;
        let mut days = [false; 7];
        let mut days_ok = true;
        match self.r.strings(&t, "days") {
            Some(list) => {
                for at in &list {
                    match self.weekday(at, &t.child("days")) {
                        Some(d) => days[d.num_days_from_monday() as usize] = true,
                        None => days_ok = false,
                    }
                }
            }
            None if !t.has("days") => {
                self.r.report(
                    &t.span,
                    &t.child("days"),
                    "missing required key",
                    Some("an array of days like [\"mon\", \"tue\"]".into()),
                    None,
                    None,
                );
                days_ok = false;
            }
            None => days_ok = false,
        }
        let start = self.time(&t, "start");
        let end = self.time(&t, "end");
        let (start, end) = (start?, end?);
        if start.value >= end.value {
            self.r.report(
                &end.span,
                &t.child("end"),
                "working hours end before they start",
                Some(format!("a time after {}", start.value.format("%H:%M"))),
                Some(end.value.format("%H:%M").to_string()),
                None,
            );
            return None;
        }
        days_ok.then_some(WorkingHours {
            days,
            start: start.value,
            end: end.value,
        })
    }

    fn holidays(&mut self, root: &Fields<'_>) -> Vec<Holiday> {
        let mut out: Vec<Holiday> = Vec::new();
        for t in self.r.tables(root, "holidays", HOLIDAY_KEYS) {
            let date = self.r.date(&t, "date", true);
            let name = self.r.string(&t, "name", true);
            if let (Some(date), Some(name)) = (date, name) {
                if out.iter().any(|h| h.date == date.value) {
                    self.r.report(
                        &date.span,
                        &t.child("date"),
                        format!("holiday {} is listed twice", date.value),
                        None,
                        None,
                        None,
                    );
                    continue;
                }
                out.push(Holiday {
                    date: date.value,
                    name: name.value,
                });
            }
        }
        out.sort_by_key(|h| h.date);
        out
    }

    fn pay(&mut self, root: &Fields<'_>) -> Option<Pay> {
        let t = self.r.table(root, "pay", PAY_KEYS, true)?;
        let weeknight = self.amount(&t, "weeknight", true);
        let weekend_day = self.amount(&t, "weekend_day", true);
        let holiday = self.amount(&t, "holiday", true);
        let callout = self.amount(&t, "callout", false);
        let minimum = self.count(&t, "callout_minimum_minutes", 1, 1440);
        let minimum_ok = minimum.is_some() || !t.has("callout_minimum_minutes");
        let weekend = self.multiplier(&t, "callout_weekend_multiplier");
        let holiday_x = self.multiplier(&t, "callout_holiday_multiplier");
        let secondary_share = if t.has("secondary_share") {
            self.in_range(
                &t,
                "secondary_share",
                |v| (0.0..=1.0).contains(&v),
                "a share of the standby rates from 0 to 1, like 0.5",
            )
            .map(Multiplier::from_f64)
        } else {
            Some(Multiplier::UNIT)
        };
        Some(Pay {
            weeknight: Money::from_major(weeknight?),
            weekend_day: Money::from_major(weekend_day?),
            holiday: Money::from_major(holiday?),
            callout: Money::from_major(callout.unwrap_or(0.0)),
            callout_minimum_minutes: minimum_ok.then_some(minimum)?,
            callout_weekend_multiplier: weekend?,
            callout_holiday_multiplier: holiday_x?,
            secondary_share: secondary_share?,
        })
    }

    /// An optional callout pay multiplier, 1 when absent; from 1 to 10 so a
    /// typo (15 for 1.5) cannot pass, and kept to a ten-thousandth.
    fn multiplier(&mut self, t: &Fields<'_>, key: &str) -> Option<Multiplier> {
        if !t.has(key) {
            return Some(Multiplier::UNIT);
        }
        self.in_range(
            t,
            key,
            |v| (1.0..=10.0).contains(&v),
            "a multiplier from 1 to 10, like 1.5",
        )
        .map(Multiplier::from_f64)
    }

    fn rotation(&mut self, root: &Fields<'_>) -> Rotation {
        let mut rotation = Rotation {
            handoff: Handoff::Weekly,
            handoff_day: Weekday::Mon,
        };
        if let Some(t) = self.r.table(root, "rotation", ROTATION_KEYS, false) {
            if let Some(h) = self.handoff(&t) {
                rotation.handoff = h;
            }
            if let Some(at) = self.r.string(&t, "handoff_day", false)
                && let Some(d) = self.weekday(&at, &t.child("handoff_day"))
            {
                rotation.handoff_day = d;
            }
        }
        rotation
    }

    fn rules(&mut self, root: &Fields<'_>) -> Rules {
        let mut rules = Rules::default();
        let Some(t) = self.r.table(root, "rules", RULES_KEYS, false) else {
            return rules;
        };
        if let Some(v) = self.count(&t, "min_rota_size", 1, 1000) {
            rules.min_rota_size = v;
        }
        if let Some(v) = self.in_range(
            &t,
            "max_oncall_share",
            |v| v > 0.0 && v <= 1.0,
            "a share above 0 and at most 1, like 0.25",
        ) {
            rules.max_oncall_share = v;
        }
        if let Some(v) = self.count(&t, "max_consecutive_slices", 1, 366) {
            rules.max_consecutive_slices = v;
        }
        if let Some(v) = self.count(&t, "min_rest_slices", 0, 366) {
            rules.min_rest_slices = v;
        }
        if let Some(v) = self.in_range(
            &t,
            "min_participation",
            |v| (0.0..=1.0).contains(&v),
            "a share from 0 to 1, like 0.5",
        ) {
            rules.min_participation = v;
        }
        if let Some(v) = self.in_range(
            &t,
            "max_callouts_per_slice",
            |v| v >= 0.0,
            "a number >= 0, like 2.0",
        ) {
            rules.max_callouts_per_slice = v;
        }
        if let Some(v) = self.in_range(
            &t,
            "min_daily_rest_hours",
            |v| (0.0..=24.0).contains(&v),
            "hours from 0 to 24, like 11",
        ) {
            rules.min_daily_rest_hours = v;
        }
        if let Some(v) = self.count(&t, "max_callout_nights_per_week", 0, 7) {
            rules.max_callout_nights_per_week = v;
        }
        if let Some(v) = self.count(&t, "min_rota_size_secondary", 2, 1000) {
            rules.min_rota_size_secondary = v;
        }
        rules
    }

    fn level(&mut self, t: &Fields<'_>, key: &str) -> Option<Level> {
        let at = self.r.string(t, key, true)?;
        let options: Vec<(&str, Level)> = Level::ALL.iter().map(|l| (l.as_str(), *l)).collect();
        self.r.choice(&at, &t.child(key), "on-call level", &options)
    }

    fn bands(&mut self, root: &Fields<'_>) -> Option<Vec<Band>> {
        let tables = self.r.tables(root, "bands", BAND_KEYS);
        if tables.is_empty() {
            self.r.report(
                &root.span,
                "bands",
                "no exposure bands",
                Some("at least one [[bands]] entry".into()),
                None,
                None,
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        let mut previous: Option<f64> = None;
        for t in &tables {
            let name = self.r.string(t, "name", true);
            let max = self.bounded(
                t,
                "max_hourly_exposure",
                true,
                MAX_EXPOSURE,
                "an hourly exposure",
            );
            let availability = self.availability(t, true);
            let on_call = self.level(t, "on_call");
            let secondary = self.r.boolean(t, "secondary");
            if let (Some(at), Some(Level::None)) = (&secondary, on_call)
                && at.value
            {
                self.r.report(
                    &at.span,
                    &t.child("secondary"),
                    "a band without on-call has no rota to need a secondary",
                    Some("on_call = \"domain\" or \"team\", or no secondary".into()),
                    Some("true".into()),
                    None,
                );
                ok = false;
            }
            let secondary = secondary.is_some_and(|a| a.value);
            if let (Some(max), Some(prev)) = (max, previous)
                && max <= prev
            {
                let span = self
                    .r
                    .number(t, "max_hourly_exposure", false)
                    .and_then(|a| a.span);
                self.r.report(
                    &span,
                    &t.child("max_hourly_exposure"),
                    "band maxima must strictly increase",
                    Some(format!("more than {prev}")),
                    Some(max.to_string()),
                    None,
                );
                ok = false;
            }
            if max.is_some() {
                previous = max;
            }
            match (name, max, availability, on_call) {
                (Some(name), Some(max), Some(availability), Some(on_call)) => out.push(Band {
                    name: name.value,
                    max_hourly_exposure: max,
                    availability,
                    on_call,
                    secondary,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn availability(&mut self, t: &Fields<'_>, required: bool) -> Option<f64> {
        let at = self.r.number(t, "availability", required)?;
        if at.value <= 0.0 || at.value >= 100.0 {
            self.r.report(
                &at.span,
                &t.child("availability"),
                "availability is a percentage strictly between 0 and 100",
                Some("a percentage like 99.9".into()),
                Some(at.value.to_string()),
                None,
            );
            return None;
        }
        Some(at.value)
    }

    fn domains(&mut self, root: &Fields<'_>, ids: &mut IdTable) -> Vec<Domain> {
        let mut out = Vec::new();
        for mut t in self.r.tables(root, "domains", DOMAIN_KEYS) {
            let id = self.id(&mut t, ids, "domains");
            let name = self.r.string(&t, "name", true);
            if let (Some(id), Some(name)) = (id, name) {
                out.push(Domain {
                    id,
                    name: name.value,
                });
            }
        }
        out
    }

    fn teams(&mut self, root: &Fields<'_>, ids: &mut IdTable, domains: &IdTable) -> Vec<Team> {
        let mut out = Vec::new();
        self.r.each_table(root, "teams", TEAM_KEYS, |r, mut t| {
            let mut b = Builder::new(r);
            let line = b.r.line_of(&t.span);
            let id = b.id(&mut t, ids, "teams");
            let name = b.r.string(&t, "name", true);
            let domain =
                b.r.string(&t, "domain", true)
                    .and_then(|at| b.resolve(&at, &t.child("domain"), domains));
            if let (Some(id), Some(name), Some(domain)) = (id, name, domain) {
                out.push(Team {
                    id,
                    name: name.value,
                    domain,
                    line,
                });
            }
        });
        out
    }

    fn people(&mut self, root: &Fields<'_>, ids: &mut IdTable, teams: &IdTable) -> Vec<Person> {
        let out = std::cell::RefCell::new(Vec::new());
        let ids = std::cell::RefCell::new(ids);
        let mut emails = IdTable::new("email");
        let mut employee_ids = IdTable::new("employee id");
        let quick = |r: &Reader<'_>, piece: &str, at: usize| {
            quick_people(r, piece, at, &mut ids.borrow_mut(), teams)
                .map(|people| out.borrow_mut().extend(people))
                .is_some()
        };
        self.r
            .each_table_or(root, "people", PERSON_KEYS, quick, |r, mut t| {
                let mut b = Builder::new(r);
                let line = b.r.line_of(&t.span);
                let id = b.id(&mut t, &mut ids.borrow_mut(), "people");
                let name = b.r.string(&t, "name", true);
                let team =
                    b.r.string(&t, "team", true)
                        .and_then(|at| b.resolve(&at, &t.child("team"), teams));
                let on_call = b.r.boolean(&t, "on_call").is_none_or(|a| a.value);
                let time_off = b.time_off(&t);
                let email = b.person_label(&t, "email", &mut emails);
                let employee_id = b.person_label(&t, "employee_id", &mut employee_ids);
                let dated = b.person_dates(&t, teams, team);
                if let (
                    Some(id),
                    Some(name),
                    Some(team),
                    Some(time_off),
                    Some(email),
                    Some(employee_id),
                    Some(dated),
                ) = (id, name, team, time_off, email, employee_id, dated)
                {
                    out.borrow_mut().push(Person {
                        id,
                        name: name.value,
                        team,
                        on_call,
                        time_off,
                        line,
                        email,
                        employee_id,
                        dated,
                    });
                }
            });
        out.into_inner()
    }

    /// A person's optional `email` or `employee_id`: `Some(None)` when
    /// absent, `None` when wrong. Both must be unique, since imports and
    /// payroll look people up by them; an email needs one `@` with text on
    /// both sides and no spaces (compared case-insensitively, as mail is).
    fn person_label(
        &mut self,
        t: &Fields<'_>,
        key: &str,
        seen: &mut IdTable,
    ) -> Option<Option<String>> {
        if !t.has(key) {
            return Some(None);
        }
        let at = self.r.string(t, key, false)?;
        let value = at.value.trim();
        let bad = if key == "email" {
            let mut parts = value.split('@');
            let ok = matches!(
                (parts.next(), parts.next(), parts.next()),
                (Some(a), Some(b), None) if !a.is_empty() && !b.is_empty()
            ) && !value.chars().any(|c| c.is_whitespace() || c.is_control());
            (!ok).then_some(("not an email address", "an address like ava@example.com"))
        } else {
            let ok = !value.is_empty()
                && value.chars().count() <= 64
                && !value.chars().any(char::is_control);
            (!ok).then_some((
                "not an employee id",
                "1 to 64 characters, no control characters",
            ))
        };
        if let Some((what, expected)) = bad {
            self.r.report(
                &at.span,
                &t.child(key),
                what,
                Some(expected.into()),
                Some(format!("\"{}\"", at.value)),
                None,
            );
            return None;
        }
        let key_value = if key == "email" {
            value.to_lowercase()
        } else {
            value.to_string()
        };
        if seen.ids.contains_key(&key_value) {
            self.r.report(
                &at.span,
                &t.child(key),
                format!("duplicate {} `{value}`", seen.kind),
                Some(format!("each person's {} different", seen.kind)),
                None,
                None,
            );
            return None;
        }
        seen.ids.insert(key_value.clone(), seen.order.len());
        seen.order.push(key_value);
        Some(Some(value.to_string()))
    }

    fn time_off(&mut self, person: &Fields<'_>) -> Option<Vec<TimeOff>> {
        let mut out = Vec::new();
        let mut ok = true;
        for t in self.r.tables(person, "time_off", TIME_OFF_KEYS) {
            let from = self.r.date(&t, "from", true);
            let to = self.r.date(&t, "to", true);
            let reason = self.r.string(&t, "reason", false).map(|a| a.value);
            match (from, to) {
                (Some(from), Some(to)) if from.value <= to.value => out.push(TimeOff {
                    from: from.value,
                    to: to.value,
                    reason: reason.unwrap_or_default(),
                }),
                (Some(from), Some(to)) => {
                    self.r.report(
                        &to.span,
                        &t.child("to"),
                        "time off ends before it starts",
                        Some(format!("a date on or after {}", from.value)),
                        Some(to.value.to_string()),
                        None,
                    );
                    ok = false;
                }
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A person's dated changes: `joined`, `left`, `off_call` and `moved`.
    /// `team` is the person's team now, when it resolved.
    fn person_dates(
        &mut self,
        t: &Fields<'_>,
        teams: &IdTable,
        team: Option<usize>,
    ) -> Option<PersonDates> {
        let mut ok = true;
        let joined = self.r.date(t, "joined", false);
        let left = self.r.date(t, "left", false);
        ok &= joined.is_some() || !t.has("joined");
        ok &= left.is_some() || !t.has("left");
        if let (Some(j), Some(l)) = (&joined, &left)
            && l.value <= j.value
        {
            self.r.report(
                &l.span,
                &t.child("left"),
                "they leave before they join",
                Some(format!("a date after {}", j.value)),
                Some(l.value.to_string()),
                None,
            );
            ok = false;
        }
        let mut off_call = Vec::new();
        for o in self.r.tables(t, "off_call", OFF_CALL_KEYS) {
            let from = self.r.date(&o, "from", false);
            let to = self.r.date(&o, "to", false);
            let bad = (o.has("from") && from.is_none()) || (o.has("to") && to.is_none());
            if bad {
                ok = false;
                continue;
            }
            if from.is_none() && to.is_none() {
                self.r.report(
                    &o.span,
                    &o.child("from"),
                    "an opt-out needs a date",
                    Some(
                        "from = \"YYYY-MM-DD\", to = \"YYYY-MM-DD\" or both; on_call = false opts out for good"
                            .into(),
                    ),
                    None,
                    None,
                );
                ok = false;
                continue;
            }
            if let (Some(f), Some(e)) = (&from, &to)
                && e.value < f.value
            {
                self.r.report(
                    &e.span,
                    &o.child("to"),
                    "the opt-out ends before it starts",
                    Some(format!("a date on or after {}", f.value)),
                    Some(e.value.to_string()),
                    None,
                );
                ok = false;
                continue;
            }
            off_call.push(OffCall {
                from: from.map(|a| a.value),
                to: to.map(|a| a.value),
            });
        }
        off_call.sort_by_key(|o| (o.from, o.to));
        let mut moves: Vec<TeamMove> = Vec::new();
        let mut spans = Vec::new();
        for m in self.r.tables(t, "moved", MOVED_KEYS) {
            let on = self.r.date(&m, "on", true);
            let from = self
                .r
                .string(&m, "from", true)
                .and_then(|at| self.resolve(&at, &m.child("from"), teams));
            let (Some(on), Some(from)) = (on, from) else {
                ok = false;
                continue;
            };
            if let Some(last) = moves.last()
                && on.value <= last.on
            {
                self.r.report(
                    &on.span,
                    &m.child("on"),
                    "moves must be listed oldest first, one per date",
                    Some(format!("a date after {}", last.on)),
                    Some(on.value.to_string()),
                    None,
                );
                ok = false;
                continue;
            }
            moves.push(TeamMove { on: on.value, from });
            spans.push((m.span.clone(), m.child("from")));
        }
        // Each move must change the team: the team after a move is the next
        // move's `from`, or the person's team after the last.
        if let Some(team) = team {
            let after: Vec<usize> = moves.iter().skip(1).map(|m| m.from).chain([team]).collect();
            for ((m, to), (span, field)) in moves.iter().zip(after).zip(&spans) {
                if m.from == to {
                    self.r.report(
                        span,
                        field,
                        format!("the move on {} stays in the same team", m.on),
                        Some("the team they left".into()),
                        None,
                        None,
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(PersonDates {
            joined: joined.map(|a| a.value),
            left: left.map(|a| a.value),
            off_call,
            moves,
        })
    }

    /// A service's `exposure_changed = [ { on, from } ]`, oldest first.
    fn exposure_changes(&mut self, t: &Fields<'_>) -> Option<Vec<ExposureChange>> {
        let mut ok = true;
        let mut out: Vec<ExposureChange> = Vec::new();
        for c in self.r.tables(t, "exposure_changed", EXPOSURE_CHANGED_KEYS) {
            let on = self.r.date(&c, "on", true);
            let from = self.non_negative(&c, "from", true);
            let (Some(on), Some(from)) = (on, from) else {
                ok = false;
                continue;
            };
            if let Some(last) = out.last()
                && on.value <= last.on
            {
                self.r.report(
                    &on.span,
                    &c.child("on"),
                    "exposure changes must be listed oldest first, one per date",
                    Some(format!("a date after {}", last.on)),
                    Some(on.value.to_string()),
                    None,
                );
                ok = false;
                continue;
            }
            out.push(ExposureChange { on: on.value, from });
        }
        ok.then_some(out)
    }

    fn services(&mut self, root: &Fields<'_>, ids: &mut IdTable, teams: &IdTable) -> Vec<Service> {
        let mut out = Vec::new();
        self.r
            .each_table(root, "services", SERVICE_KEYS, |r, mut t| {
                let mut b = Builder::new(r);
                let line = b.r.line_of(&t.span);
                let id = b.id(&mut t, ids, "services");
                let name = b.r.string(&t, "name", true);
                let team =
                    b.r.string(&t, "team", true)
                        .and_then(|at| b.resolve(&at, &t.child("team"), teams));
                let exposure = b.bounded(
                    &t,
                    "hourly_exposure",
                    true,
                    MAX_EXPOSURE,
                    "an hourly exposure",
                );
                let callouts = b.bounded(
                    &t,
                    "callouts_per_week",
                    false,
                    MAX_CALLOUTS_PER_WEEK,
                    "a number of callouts",
                );
                let callouts_ok = callouts.is_some() || !t.has("callouts_per_week");
                let availability = b.availability(&t, false);
                let availability_ok = availability.is_some() || !t.has("availability");
                let changes = b.exposure_changes(&t);
                match (id, name, team, exposure, changes) {
                    (
                        Some(id),
                        Some(name),
                        Some(team),
                        Some(hourly_exposure),
                        Some(exposure_changes),
                    ) if callouts_ok && availability_ok => out.push(Service {
                        id,
                        name: name.value,
                        team,
                        hourly_exposure,
                        callouts_per_week: callouts.unwrap_or(0.0),
                        availability,
                        line,
                        exposure_changes,
                    }),
                    _ => {}
                }
            });
        out
    }

    fn peaks(&mut self, root: &Fields<'_>, services: &IdTable) -> Vec<Peak> {
        let mut out = Vec::new();
        for t in self.r.tables(root, "peaks", PEAK_KEYS) {
            let name = self.r.string(&t, "name", true);
            let from = self.r.date(&t, "from", true);
            let to = self.r.date(&t, "to", true);
            let multiplier = self.r.number(&t, "exposure_multiplier", true);
            let mut ok = true;
            let listed = self.r.strings(&t, "services").map(|list| {
                list.iter()
                    .filter_map(|at| {
                        let i = self.resolve(at, &t.child("services"), services);
                        ok &= i.is_some();
                        i
                    })
                    .collect::<Vec<_>>()
            });
            if let (Some(from), Some(to)) = (&from, &to)
                && from.value > to.value
            {
                self.r.report(
                    &to.span,
                    &t.child("to"),
                    "peak ends before it starts",
                    Some(format!("a date on or after {}", from.value)),
                    Some(to.value.to_string()),
                    None,
                );
                ok = false;
            }
            if let Some(m) = &multiplier
                && (m.value <= 0.0 || m.value > MAX_EXPOSURE_MULTIPLIER)
            {
                self.r.report(
                    &m.span,
                    &t.child("exposure_multiplier"),
                    if m.value <= 0.0 {
                        "the multiplier must be positive"
                    } else {
                        "out of range"
                    },
                    Some(format!(
                        "a number above 0 and at most {MAX_EXPOSURE_MULTIPLIER}, like 3.0"
                    )),
                    Some(m.value.to_string()),
                    None,
                );
                ok = false;
            }
            if let (Some(name), Some(from), Some(to), Some(m), true) =
                (name, from, to, multiplier, ok)
            {
                out.push(Peak {
                    name: name.value,
                    from: from.value,
                    to: to.value,
                    services: listed,
                    exposure_multiplier: m.value,
                });
            }
        }
        out
    }

    /// Whether an explicit rota's id is one derivation gives (`team-<team>`,
    /// `domain-<domain>`), reported when it is: two rotas would share an id
    /// whenever that team or domain needs its own rota, as a peak can make it.
    fn derived_rota_id(
        &mut self,
        t: &Fields<'_>,
        id: &str,
        teams: &IdTable,
        domains: &IdTable,
    ) -> bool {
        let derived = id
            .strip_prefix("team-")
            .is_some_and(|team| teams.ids.contains_key(team))
            || id
                .strip_prefix("domain-")
                .is_some_and(|domain| domains.ids.contains_key(domain));
        if derived {
            let span = self.r.string(t, "id", false).and_then(|a| a.span);
            self.r.report(
                &span,
                &t.child("id"),
                format!("`{id}` is the id of a derived rota"),
                Some("an id not of the form team-<team id> or domain-<domain id>".into()),
                None,
                Some(format!("{id}-rota")),
            );
        }
        derived
    }

    fn rotas(
        &mut self,
        root: &Fields<'_>,
        teams: &IdTable,
        people: &IdTable,
        domains: &IdTable,
    ) -> Vec<ExplicitRota> {
        let mut ids = IdTable::new("rota");
        let mut out = Vec::new();
        for mut t in self.r.tables(root, "rotas", ROTA_KEYS) {
            let line = self.r.line_of(&t.span);
            let id = self.id(&mut t, &mut ids, "rotas");
            let id = id.filter(|id| !self.derived_rota_id(&t, id, teams, domains));
            let name = self.r.string(&t, "name", true);
            let mut ok = true;
            let mut resolve_all = |b: &mut Self, key: &str, table: &IdTable| {
                b.r.strings(&t, key).map(|list| {
                    list.iter()
                        .filter_map(|at| {
                            let i = b.resolve(at, &t.child(key), table);
                            ok &= i.is_some();
                            i
                        })
                        .collect::<Vec<_>>()
                })
            };
            let covered = resolve_all(self, "teams", teams);
            let members = resolve_all(self, "members", people);
            if covered.is_none() && members.is_none() {
                self.r.report(
                    &t.span,
                    &t.child("teams"),
                    "a rota needs the teams it covers or its members",
                    Some("teams = [\"…\"] or members = [\"…\"]".into()),
                    None,
                    None,
                );
                ok = false;
            }
            let handoff = self.handoff(&t);
            let handoff_day = self
                .r
                .string(&t, "handoff_day", false)
                .map(|at| self.weekday(&at, &t.child("handoff_day")));
            if matches!(handoff_day, Some(None)) || (t.has("handoff") && handoff.is_none()) {
                ok = false;
            }
            let secondary = self.r.boolean(&t, "secondary").is_some_and(|a| a.value);
            if let (Some(id), Some(name), true) = (id, name, ok) {
                out.push(ExplicitRota {
                    id,
                    name: name.value,
                    teams: covered.unwrap_or_default(),
                    members,
                    handoff,
                    handoff_day: handoff_day.flatten(),
                    secondary,
                    line,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::decode::READ_IN_PIECES;
    use crate::org::generate::{GenerateOptions, generate};

    thread_local! {
        /// Pieces of people read by the quick reader.
        pub(super) static QUICK_PIECES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Edits that break or bend an organisation's layout: an unknown team
    /// and key, an empty or a nested table, a header that ends a run, a
    /// second run, a multi-line string holding a header, an indented header,
    /// a commented one and a time off written as tables of its own.
    const EDITS: &[(&str, &str)] = &[
        ("team = \"t", "team = \"x"),
        ("name = \"Person", "nam = \"Person"),
        ("[[people]]", "[[people]]\n[[people]]"),
        ("[[people]]", "[elsewhere]\n[[people]]"),
        (
            "[[people]]",
            "[[teams]]\nid = \"tz\"\nname = \"T\"\ndomain = \"d000\"\n\n[[people]]",
        ),
        ("id = \"p", "id = \"P"),
        (
            "name = \"Person",
            "name = \"\"\"\n[[people]]\nid = \"q\"\n\"\"\"\nnote = \"Person",
        ),
        (
            "name = \"Team",
            "name = '''\n[[teams]]\n[x]\n'''\nnote = \"Team",
        ),
        ("\n[[people]]", "\n  [[people]]"),
        ("\n[[teams]]", "\n# [[people]]\n[[teams]]"),
        (
            "\n[[services]]",
            "\n[[people.time_off]]\nfrom = \"2027-01-04\"\nto = \"2027-01-05\"\n\n[[services]]",
        ),
        (
            "\n[[people]]\nid = \"p00001\"",
            "\n[[people]]\nid = \"p00001\"\n[people.x]\ny = 1\n[people]\n",
        ),
        ("hourly_exposure = ", "hourly_exposure = -"),
        (
            "[[services]]",
            "[[services]]\n[[people]]\nid = \"late\"\nname = \"L\"\nteam = \"t0000\"\n[[services]]",
        ),
    ];

    proptest::proptest! {
        /// Read in pieces of any size or whole, an organisation is the same,
        /// and so is every problem with it.
        #[test]
        fn pieces_read_as_the_whole_file_does(
            teams in 1usize..8,
            people in 1usize..5,
            seed in 0u64..1000,
            per_piece in 1usize..5,
            edit in proptest::option::of((0..EDITS.len(), 0usize..40)),
            crlf: bool,
        ) {
            let mut text = generate(&GenerateOptions {
                teams,
                people_per_team: people,
                seed,
                ..GenerateOptions::default()
            });
            if let Some((e, nth)) = edit {
                let (from, to) = EDITS[e];
                let at: Vec<usize> = text.match_indices(from).map(|(i, _)| i).collect();
                if !at.is_empty() {
                    let i = at[nth % at.len()];
                    text.replace_range(i..i + from.len(), to);
                }
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let whole = parse_organisation_in("org.toml", &text, 0);
            let before = READ_IN_PIECES.with(|n| n.get());
            let quick = QUICK_PIECES.with(|n| n.get());
            let pieces = parse_organisation_in("org.toml", &text, per_piece);
            proptest::prop_assert_eq!(&pieces, &whole);
            if edit.is_none() {
                // A file as rota writes it is read in pieces, and its people
                // without a TOML tree (with line feeds only).
                proptest::prop_assert!(whole.is_ok());
                proptest::prop_assert_eq!(READ_IN_PIECES.with(|n| n.get()), before + 1);
                if !crlf {
                    proptest::prop_assert!(QUICK_PIECES.with(|n| n.get()) > quick);
                }
            }
        }
    }
}
