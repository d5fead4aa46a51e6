//! Which rotas exist over a horizon, who is a member of each on each date,
//! and how their slices are cut into shift windows.
//!
//! A team-level team gets `team-<id>`; the domain-level teams of a domain
//! share `domain-<id>`; `none` teams get nothing. Explicit `[[rotas]]` need
//! cover on every date and take their teams out of the derivation.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::calendar::{Horizon, Slice, slices};
use crate::org::{Handoff, Keyed, Level, Organisation, Records};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RotaKind {
    Team(usize),
    Domain(usize),
    Explicit(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rota {
    pub id: String,
    pub name: String,
    pub kind: RotaKind,
    pub handoff: Handoff,
    pub handoff_day: Weekday,
}

impl Keyed for Rota {
    fn key(&self) -> &str {
        &self.id
    }
}

/// Who a rota covers and who may be on it, on one date.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Cover {
    /// Teams covered, by index, ascending.
    pub teams: Vec<usize>,
    /// Opted-in members, by person index, ascending.
    pub members: Vec<usize>,
}

/// The rotas of an organisation over a horizon, with their slices and who
/// covers what on each date.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub horizon: Horizon,
    pub slices: Vec<Slice>,
    /// With their id lookup.
    pub rotas: Records<Rota>,
    /// `cover[rota][slice]`: an index into `covers` when the rota needs
    /// cover on that slice.
    cover: Vec<Vec<Option<u32>>>,
    covers: Vec<Cover>,
}

impl Coverage {
    pub fn build(org: &Organisation, horizon: Horizon) -> Coverage {
        // team_level for every team and date, with each team's services
        // looked up once and peaks only consulted on their dates.
        let services: Vec<Vec<usize>> = (0..org.teams.len())
            .map(|t| org.team_services(t).collect())
            .collect();
        let base: Vec<Level> = (0..org.teams.len())
            .map(|t| crate::tier::team_base_level(org, t))
            .collect();
        // Teams with a dated exposure change are tiered date by date.
        let dated: Vec<bool> = services
            .iter()
            .map(|s| {
                s.iter()
                    .any(|&s| !org.services[s].exposure_changes.is_empty())
            })
            .collect();
        Coverage::build_with(org, horizon, |team, date| {
            if !dated[team] && !org.peaks.iter().any(|p| p.from <= date && date <= p.to) {
                return base[team];
            }
            services[team]
                .iter()
                .map(|&s| crate::tier::service_tier(org, s, date).level)
                .max()
                .unwrap_or(Level::None)
        })
    }

    /// The rotas of an ordinary day (no peaks), over a one-day horizon.
    pub fn ordinary(org: &Organisation, date: NaiveDate) -> Coverage {
        Coverage::build_with(
            org,
            Horizon::new(date, date + chrono::Days::new(1)),
            |team, _| crate::tier::team_base_level(org, team),
        )
    }

    fn build_with(
        org: &Organisation,
        horizon: Horizon,
        level: impl Fn(usize, NaiveDate) -> Level,
    ) -> Coverage {
        let slice_count = horizon.len();
        let mut explicit_teams = vec![false; org.teams.len()];
        for &t in org.rotas.iter().flat_map(|r| &r.teams) {
            explicit_teams[t] = true;
        }
        // levels[team][slice]
        let levels: Vec<Vec<Level>> = (0..org.teams.len())
            .map(|t| {
                if explicit_teams[t] {
                    vec![Level::None; slice_count]
                } else {
                    horizon.dates().map(|d| level(t, d)).collect()
                }
            })
            .collect();

        let mut builder = CoverBuilder::default();
        let mut rotas = Vec::new();
        let mut cover = Vec::new();
        let members = Membership::new(org, horizon);

        for (i, explicit) in org.rotas.iter().enumerate() {
            let mut teams = explicit.teams.clone();
            teams.sort_unstable();
            let mut ids: Vec<u32> = Vec::with_capacity(members.epochs.len());
            for &(first, _) in &members.epochs {
                let date = horizon.date(first);
                let people: Vec<usize> = match &explicit.members {
                    Some(m) => m
                        .iter()
                        .copied()
                        .filter(|&p| org.people[p].on_call_on(date))
                        .collect(),
                    None => members.opted_in(org, &explicit.teams, date),
                };
                ids.push(builder.intern(Cover {
                    teams: teams.clone(),
                    members: sorted(people),
                }));
            }
            rotas.push(Rota {
                id: explicit.id.clone(),
                name: explicit.name.clone(),
                kind: RotaKind::Explicit(i),
                handoff: explicit.handoff.unwrap_or(org.rotation.handoff),
                handoff_day: explicit.handoff_day.unwrap_or(org.rotation.handoff_day),
            });
            cover.push(
                (0..slice_count)
                    .map(|d| Some(ids[members.epoch[d]]))
                    .collect(),
            );
        }

        for (d, domain) in org.domains.iter().enumerate() {
            let teams: Vec<usize> = org.domain_teams(d).collect();
            // Consecutive slices mostly cover the same teams with the same
            // people: reuse their cover.
            let mut last: Option<(Vec<usize>, usize, u32)> = None;
            let row: Vec<Option<u32>> = (0..slice_count)
                .map(|slice| {
                    let on: Vec<usize> = teams
                        .iter()
                        .copied()
                        .filter(|&t| levels[t][slice] == Level::Domain)
                        .collect();
                    if on.is_empty() {
                        return None;
                    }
                    let epoch = members.epoch[slice];
                    if let Some((teams, e, id)) = &last
                        && *teams == on
                        && *e == epoch
                    {
                        return Some(*id);
                    }
                    let people = members.opted_in(org, &on, horizon.date(slice));
                    let id = builder.intern(Cover {
                        teams: on.clone(),
                        members: people,
                    });
                    last = Some((on, epoch, id));
                    Some(id)
                })
                .collect();
            if row.iter().any(Option::is_some) {
                rotas.push(Rota {
                    id: format!("domain-{}", domain.id),
                    name: format!("{} domain", domain.name),
                    kind: RotaKind::Domain(d),
                    handoff: org.rotation.handoff,
                    handoff_day: org.rotation.handoff_day,
                });
                cover.push(row);
            }
            for &t in &teams {
                let ids: Option<Vec<u32>> = levels[t].contains(&Level::Team).then(|| {
                    // A team whose people have no dated change has one
                    // cover for every epoch.
                    if !members.dated_team[t] {
                        let id = builder.intern(Cover {
                            teams: vec![t],
                            members: members.opted_in(org, &[t], horizon.start),
                        });
                        return vec![id; members.epochs.len()];
                    }
                    members
                        .epochs
                        .iter()
                        .map(|&(first, _)| {
                            builder.intern(Cover {
                                teams: vec![t],
                                members: members.opted_in(org, &[t], horizon.date(first)),
                            })
                        })
                        .collect()
                });
                let row: Vec<Option<u32>> = (0..slice_count)
                    .map(|slice| {
                        ids.as_ref()
                            .filter(|_| levels[t][slice] == Level::Team)
                            .map(|ids| ids[members.epoch[slice]])
                    })
                    .collect();
                if row.iter().any(Option::is_some) {
                    rotas.push(Rota {
                        id: format!("team-{}", org.teams[t].id),
                        name: format!("{} team", org.teams[t].name),
                        kind: RotaKind::Team(t),
                        handoff: org.rotation.handoff,
                        handoff_day: org.rotation.handoff_day,
                    });
                    cover.push(row);
                }
            }
        }

        Coverage {
            horizon,
            slices: slices(org, horizon),
            rotas: Records::new(rotas),
            cover,
            covers: builder.covers,
        }
    }

    pub fn rota_index(&self, id: &str) -> Option<usize> {
        self.rotas.index_of(id)
    }

    /// The slices of the horizon most of whose time lies within the instants
    /// `[start, end)` (their midpoint does): a shift off the slice grid holds
    /// these, so two shifts that follow each other never hold one slice.
    pub fn slices_mostly_within(
        &self,
        start: chrono::DateTime<chrono::Utc>,
        end: chrono::DateTime<chrono::Utc>,
    ) -> std::ops::Range<usize> {
        // Slices are in time order and do not overlap, so their midpoints are
        // in order too.
        let mid = |s: &crate::calendar::Slice| s.start + (s.end - s.start) / 2;
        let first = self.slices.partition_point(|s| mid(s) < start);
        let last = self.slices.partition_point(|s| mid(s) < end);
        first..last.max(first)
    }

    /// Who the rota covers on a slice of the horizon, when it needs cover then.
    pub fn cover(&self, rota: usize, slice: usize) -> Option<&Cover> {
        self.cover
            .get(rota)?
            .get(slice)
            .copied()
            .flatten()
            .map(|i| &self.covers[i as usize])
    }

    pub fn needs_cover(&self, rota: usize, slice: usize) -> bool {
        self.cover(rota, slice).is_some()
    }

    pub fn is_member(&self, rota: usize, slice: usize, person: usize) -> bool {
        self.cover(rota, slice)
            .is_some_and(|c| c.members.binary_search(&person).is_ok())
    }

    /// The number of slices the rota needs covered over the horizon.
    pub fn needed_slices(&self, rota: usize) -> usize {
        self.cover[rota].iter().filter(|c| c.is_some()).count()
    }

    /// Every person who is a member of the rota on some date, ascending.
    pub fn all_members(&self, rota: usize) -> Vec<usize> {
        let mut seen: Vec<u32> = self.cover[rota].iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        sorted(
            seen.iter()
                .flat_map(|&i| self.covers[i as usize].members.iter().copied())
                .collect(),
        )
    }

    /// The rota's slices cut into shift windows: runs of consecutive slices
    /// that need cover, cut by the handoff policy. Each is `(first_slice, len)`.
    pub fn shift_windows(&self, rota: usize) -> Vec<(usize, usize)> {
        let r = &self.rotas[rota];
        let mut windows = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        for slice in 0..self.horizon.len() {
            if !self.needs_cover(rota, slice) {
                windows.extend(open.take());
                continue;
            }
            let boundary = is_handoff(r.handoff, r.handoff_day, self.horizon.date(slice));
            match &mut open {
                Some((_, len)) if !boundary => *len += 1,
                _ => {
                    windows.extend(open.take());
                    open = Some((slice, 1));
                }
            }
        }
        windows.extend(open);
        windows
    }

    /// The index of the slice an instant starts, if any does.
    pub fn slice_starting_at(&self, instant: chrono::DateTime<chrono::Utc>) -> Option<usize> {
        let i = self.slices.partition_point(|s| s.start < instant);
        (i < self.slices.len() && self.slices[i].start == instant).then_some(i)
    }

    /// The index of the slice an instant ends, if any does.
    pub fn slice_ending_at(&self, instant: chrono::DateTime<chrono::Utc>) -> Option<usize> {
        let i = self.slices.partition_point(|s| s.end < instant);
        (i < self.slices.len() && self.slices[i].end == instant).then_some(i)
    }
}

/// Does a new shift start on this date under this policy?
pub fn is_handoff(handoff: Handoff, handoff_day: Weekday, date: NaiveDate) -> bool {
    match handoff {
        Handoff::Daily => true,
        Handoff::Weekly => date.weekday() == handoff_day,
        Handoff::Split => matches!(date.weekday(), Weekday::Mon | Weekday::Fri),
    }
}

/// Who is in which team and opted in, over a horizon: the horizon is cut
/// into epochs at every date a person's dated changes take effect, and
/// nobody's membership changes within one.
struct Membership {
    /// `(first_day, len)` of each epoch, in order; at least one.
    epochs: Vec<(usize, usize)>,
    /// `epoch[day]`: the epoch a day of the horizon belongs to.
    epoch: Vec<usize>,
    /// People with a team move, whose team depends on the date.
    movers: Vec<usize>,
    /// `dated_team[team]`: someone who is or was in the team has a dated
    /// change, so its members may differ from epoch to epoch.
    dated_team: Vec<bool>,
}

impl Membership {
    fn new(org: &Organisation, horizon: Horizon) -> Membership {
        let mut cuts: Vec<usize> = org
            .people
            .iter()
            .flat_map(|p| p.change_dates())
            .filter_map(|d| horizon.index_of(d))
            .filter(|&d| d > 0)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let days = horizon.len();
        let mut epochs = Vec::with_capacity(cuts.len() + 1);
        let mut epoch = vec![0; days];
        let mut first = 0;
        for end in cuts.into_iter().chain([days]) {
            for e in &mut epoch[first..end] {
                *e = epochs.len();
            }
            epochs.push((first, end - first));
            first = end;
        }
        let movers = (0..org.people.len())
            .filter(|&p| !org.people[p].dated.moves.is_empty())
            .collect();
        let mut dated_team = vec![false; org.teams.len()];
        for p in org
            .people
            .iter()
            .filter(|p| p.change_dates().next().is_some())
        {
            for t in std::iter::once(p.team).chain(p.dated.moves.iter().map(|m| m.from)) {
                dated_team[t] = true;
            }
        }
        Membership {
            epochs,
            epoch,
            movers,
            dated_team,
        }
    }

    /// The opted-in people of some teams on a date, ascending.
    fn opted_in(&self, org: &Organisation, teams: &[usize], date: NaiveDate) -> Vec<usize> {
        let settled = teams
            .iter()
            .flat_map(|&t| org.team_people(t))
            .filter(|&p| org.people[p].dated.moves.is_empty());
        let moved = self
            .movers
            .iter()
            .copied()
            .filter(|&p| teams.contains(&org.people[p].team_on(date)));
        sorted(
            settled
                .chain(moved)
                .filter(|&p| org.people[p].on_call_on(date))
                .collect(),
        )
    }
}

fn sorted(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v.dedup();
    v
}

#[derive(Default)]
struct CoverBuilder {
    covers: Vec<Cover>,
    index: HashMap<Cover, u32>,
}

impl CoverBuilder {
    fn intern(&mut self, cover: Cover) -> u32 {
        if let Some(&i) = self.index.get(&cover) {
            return i;
        }
        let i = self.covers.len() as u32;
        self.covers.push(cover.clone());
        self.index.insert(cover, i);
        i
    }
}
