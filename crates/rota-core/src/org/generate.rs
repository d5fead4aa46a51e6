//! A deterministic generator of organisation files of any size, for
//! benchmarks, property tests and trying rota out (`rota example`).
//!
//! The mix is meant to look like a real product organisation: about a third
//! of teams carry high-exposure services (a team rota), a third medium (a
//! shared domain rota) and the rest low (no out-of-hours cover); some people
//! opt out; many take a week or two off; a Black Friday peak lifts some
//! medium services to team level for four days.

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

use crate::org::Handoff;

/// What to generate. The same options give the same text, byte for byte.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    pub teams: usize,
    pub people_per_team: usize,
    pub seed: u64,
    /// The organisation's default handoff.
    pub handoff: Handoff,
    /// IANA time zone.
    pub timezone: String,
    /// Time off is spread over the year that starts here.
    pub start: NaiveDate,
    /// Teams per product domain.
    pub teams_per_domain: usize,
    /// Days after `start` within which time off begins.
    pub time_off_span: u64,
    /// Add a Black Friday peak that lifts some medium services.
    pub peak: bool,
    /// Add an explicit rota for the first team whose members include people
    /// of the second team too (who are then on two rotas' member lists).
    pub shared_rota: bool,
    /// The high band (team level) asks for a secondary, and so does the
    /// shared explicit rota.
    pub secondary: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            teams: 12,
            people_per_team: 6,
            seed: 1,
            handoff: Handoff::Weekly,
            timezone: "Europe/London".into(),
            start: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
            teams_per_domain: 5,
            time_off_span: 350,
            peak: true,
            shared_rota: false,
            secondary: false,
        }
    }
}

/// An organisation file with `teams` teams of `people_per_team` people,
/// weekly handoff, from a seed.
pub fn generate_org_toml(teams: usize, people_per_team: usize, seed: u64) -> String {
    generate(&GenerateOptions {
        teams,
        people_per_team,
        seed,
        ..GenerateOptions::default()
    })
}

/// People on two rotas: `teams` teams of `per_team` (the first
/// `weekly_teams` on a weekly rota of their own, the others daily), and for
/// every five teams a daily domain rota of two people from each, who are
/// then on their team's rota too. About 6% of days off. The organisation
/// the planner's quality section of the README compares with an exact
/// solver.
pub fn generate_shared(teams: usize, per_team: usize, weekly_teams: usize) -> String {
    let mut rng = Prng::new(3);
    let mut text = String::from(
        "[organisation]\nname = \"Shared\"\ntimezone = \"Europe/London\"\ncurrency = \"GBP\"\n\
         [working_hours]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nstart = \"09:00\"\nend = \"17:30\"\n\
         [pay]\nweeknight = 40.0\nweekend_day = 80.0\nholiday = 120.0\n\
         [rotation]\nhandoff = \"daily\"\nhandoff_day = \"mon\"\n\
         [rules]\nmin_rest_slices = 4\nmax_consecutive_slices = 7\nmax_oncall_share = 0.25\nmin_rota_size = 2\n\
         [[bands]]\nname = \"high\"\nmax_hourly_exposure = 800000\navailability = 99.9\non_call = \"team\"\n",
    );
    let domains = teams.div_ceil(5);
    for d in 0..domains {
        text += &format!("[[domains]]\nid = \"d{d}\"\nname = \"D{d}\"\n");
    }
    for t in 0..teams {
        text += &format!(
            "[[teams]]\nid = \"t{t}\"\nname = \"T{t}\"\ndomain = \"d{}\"\n\
             [[services]]\nid = \"s{t}\"\nname = \"S{t}\"\nteam = \"t{t}\"\nhourly_exposure = 500000\n",
            t / 5
        );
    }
    let start = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    for t in 0..teams {
        for i in 0..per_team {
            text +=
                &format!("[[people]]\nid = \"p{t}-{i}\"\nname = \"P {t} {i}\"\nteam = \"t{t}\"\n");
            let mut left = 22u64;
            let mut off = Vec::new();
            while left > 0 {
                let n = [3, 5, 7, 10][rng.below(4) as usize].min(left);
                let from = start + Days::new(rng.below(364));
                off.push(format!(
                    "{{ from = \"{from}\", to = \"{}\" }}",
                    from + Days::new(n - 1)
                ));
                left -= n;
            }
            text += &format!("time_off = [{}]\n", off.join(", "));
        }
    }
    for t in 0..weekly_teams {
        text += &format!(
            "[[rotas]]\nid = \"wk{t}\"\nname = \"Weekly {t}\"\nteams = [\"t{t}\"]\nhandoff = \"weekly\"\n"
        );
    }
    for d in 0..domains {
        let members: Vec<String> = (d * 5..(d * 5 + 5).min(teams))
            .flat_map(|t| (0..2).map(move |i| format!("\"p{t}-{i}\"")))
            .collect();
        text += &format!(
            "[[rotas]]\nid = \"dom{d}\"\nname = \"Domain {d}\"\nmembers = [{}]\nhandoff = \"daily\"\n",
            members.join(", ")
        );
    }
    text
}

/// A small, seeded generator (SplitMix64): no dependency, same numbers on
/// every platform.
#[derive(Debug, Clone)]
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Prng {
        Prng(seed ^ 0x05EE_D0F0_CA11_u64)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const HOLIDAYS: &[(&str, &str)] = &[
    ("2026-12-25", "Christmas Day"),
    ("2026-12-28", "Boxing Day (substitute day)"),
    ("2027-01-01", "New Year's Day"),
    ("2027-03-26", "Good Friday"),
    ("2027-03-29", "Easter Monday"),
    ("2027-05-03", "Early May bank holiday"),
    ("2027-05-31", "Spring bank holiday"),
    ("2027-08-30", "Summer bank holiday"),
    ("2027-12-27", "Christmas Day (substitute day)"),
    ("2027-12-28", "Boxing Day (substitute day)"),
];

/// The organisation file's text.
pub fn generate(o: &GenerateOptions) -> String {
    let mut rng = Prng::new(o.seed);
    let teams = o.teams.max(1);
    let per_domain = o.teams_per_domain.max(1);
    let domains = teams.div_ceil(per_domain);
    let mut out = String::new();
    let _ = writeln!(out, "# Generated by `rota example` (seed {}).", o.seed);
    let _ = writeln!(out, "[organisation]");
    let _ = writeln!(out, "name = \"Generated organisation {}\"", o.seed);
    let _ = writeln!(out, "timezone = \"{}\"", o.timezone);
    let _ = writeln!(out, "currency = \"GBP\"\n");
    let _ = writeln!(out, "[working_hours]");
    let _ = writeln!(out, "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]");
    let _ = writeln!(out, "start = \"09:00\"\nend = \"17:30\"\n");
    for (date, name) in HOLIDAYS {
        let _ = writeln!(out, "[[holidays]]\ndate = \"{date}\"\nname = \"{name}\"\n");
    }
    let _ = writeln!(
        out,
        "[pay]\nweeknight = 40.0\nweekend_day = 80.0\nholiday = 120.0\ncallout = 60.0\n"
    );
    let _ = writeln!(
        out,
        "[rotation]\nhandoff = \"{}\"\nhandoff_day = \"mon\"\n",
        o.handoff.as_str()
    );
    for (name, max, availability, level) in [
        ("low", 7000, "95.0", "none"),
        ("medium", 250000, "99.0", "domain"),
        ("high", 800000, "99.9", "team"),
    ] {
        let secondary = if o.secondary && level == "team" {
            "secondary = true\n"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "[[bands]]\nname = \"{name}\"\nmax_hourly_exposure = {max}\navailability = {availability}\non_call = \"{level}\"\n{secondary}"
        );
    }
    for d in 0..domains {
        let _ = writeln!(
            out,
            "[[domains]]\nid = \"d{d:03}\"\nname = \"Domain {d}\"\n"
        );
    }
    for t in 0..teams {
        let _ = writeln!(
            out,
            "[[teams]]\nid = \"t{t:04}\"\nname = \"Team {t}\"\ndomain = \"d{:03}\"\n",
            t / per_domain
        );
    }
    for t in 0..teams {
        for i in 0..o.people_per_team {
            let n = t * o.people_per_team + i;
            let _ = writeln!(
                out,
                "[[people]]\nid = \"p{n:05}\"\nname = \"Person {n}\"\nteam = \"t{t:04}\""
            );
            if rng.chance(8) {
                let _ = writeln!(out, "on_call = false");
            }
            let ranges = match rng.below(10) {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            let mut off = Vec::new();
            for _ in 0..ranges {
                let from = o.start + Days::new(rng.below(o.time_off_span.max(1)));
                let to = from + Days::new(2 + rng.below(13));
                off.push(format!(
                    "{{ from = \"{from}\", to = \"{to}\", reason = \"leave\" }}"
                ));
            }
            if !off.is_empty() {
                let _ = writeln!(out, "time_off = [ {} ]", off.join(", "));
            }
            out.push('\n');
        }
    }
    let mut peak_services = Vec::new();
    for t in 0..teams {
        // Level mix: high, medium and low teams, about a third each.
        let level = rng.below(3);
        let services = 1 + rng.below(3);
        for s in 0..services {
            let exposure = match (level, s) {
                (2, 0) => 300_000 + rng.below(500_000),
                (1, 0) | (2, _) => 10_000 + rng.below(240_000),
                _ => 500 + rng.below(6_000),
            };
            let id = format!("s{t:04}-{s}");
            if (90_000..250_000).contains(&exposure) && peak_services.len() < teams / 10 + 1 {
                peak_services.push(id.clone());
            }
            let _ = writeln!(
                out,
                "[[services]]\nid = \"{id}\"\nname = \"Service {t}.{s}\"\nteam = \"t{t:04}\"\nhourly_exposure = {exposure}\ncallouts_per_week = {}.{}\n",
                rng.below(3),
                rng.below(10)
            );
        }
    }
    if o.shared_rota && teams >= 2 && o.people_per_team > 0 {
        let members: Vec<String> = (0..2 * o.people_per_team)
            .map(|n| format!("\"p{n:05}\""))
            .collect();
        let _ = writeln!(
            out,
            "[[rotas]]\nid = \"night-shared\"\nname = \"Shared night cover\"\nteams = [\"t0000\"]\nmembers = [{}]\nhandoff = \"daily\"\n{}",
            members.join(", "),
            if o.secondary {
                "secondary = true\n"
            } else {
                ""
            }
        );
    }
    if o.peak && !peak_services.is_empty() {
        let list: Vec<String> = peak_services.iter().map(|s| format!("\"{s}\"")).collect();
        let _ = writeln!(
            out,
            "[[peaks]]\nname = \"Black Friday\"\nfrom = \"2026-11-27\"\nto = \"2026-11-30\"\nservices = [{}]\nexposure_multiplier = 3.0",
            list.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_organisations_load_and_are_deterministic() {
        for seed in 0..5 {
            let text = generate_org_toml(7, 4, seed);
            assert_eq!(text, generate_org_toml(7, 4, seed));
            let org = crate::org::parse_organisation("gen.toml", &text)
                .unwrap_or_else(|d| panic!("seed {seed}: {d}"));
            assert_eq!(org.teams.len(), 7);
            assert_eq!(org.people.len(), 28);
        }
        assert_ne!(generate_org_toml(7, 4, 1), generate_org_toml(7, 4, 2));
    }
}
