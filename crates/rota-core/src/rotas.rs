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
    /// A secondary is needed too: a covered team is at a band with
    /// `secondary = true` (or the explicit rota asks for one).
    pub secondary: bool,
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
        let base: Vec<(Level, bool)> = (0..org.teams.len())
            .map(|t| {
                (
                    crate::tier::team_base_level(org, t),
                    crate::tier::team_base_secondary(org, t),
                )
            })
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
            let mut level = Level::None;
            let mut secondary = false;
            for &s in &services[team] {
                let tier = crate::tier::service_tier(org, s, date);
                level = level.max(tier.level);
                secondary |= org.bands[tier.band].secondary;
            }
            (level, secondary)
        })
    }

    /// The rotas of an ordinary day (no peaks), over a one-day horizon.
    pub fn ordinary(org: &Organisation, date: NaiveDate) -> Coverage {
        Coverage::build_with(
            org,
            Horizon::new(date, date + chrono::Days::new(1)),
            |team, _| {
                (
                    crate::tier::team_base_level(org, team),
                    crate::tier::team_base_secondary(org, team),
                )
            },
        )
    }

    fn build_with(
        org: &Organisation,
        horizon: Horizon,
        level: impl Fn(usize, NaiveDate) -> (Level, bool),
    ) -> Coverage {
        let slice_count = horizon.len();
        let mut explicit_teams = vec![false; org.teams.len()];
        for &t in org.rotas.iter().flat_map(|r| &r.teams) {
            explicit_teams[t] = true;
        }
        // levels[team][slice], and whether the team needs a secondary then
        let dates: Vec<NaiveDate> = horizon.dates().collect();
        let (levels, second): (Vec<Vec<Level>>, Vec<Vec<bool>>) = (0..org.teams.len())
            .map(|t| {
                if explicit_teams[t] {
                    (vec![Level::None; slice_count], vec![false; slice_count])
                } else {
                    dates.iter().map(|&d| level(t, d)).unzip()
                }
            })
            .unzip();

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
                    secondary: explicit.secondary,
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
            let mut last: Option<(Vec<usize>, bool, usize, u32)> = None;
            let mut on: Vec<usize> = Vec::with_capacity(teams.len());
            let row: Vec<Option<u32>> = (0..slice_count)
                .map(|slice| {
                    on.clear();
                    on.extend(
                        teams
                            .iter()
                            .copied()
                            .filter(|&t| levels[t][slice] == Level::Domain),
                    );
                    if on.is_empty() {
                        return None;
                    }
                    let secondary = on.iter().any(|&t| second[t][slice]);
                    let epoch = members.epoch[slice];
                    if let Some((teams, two, e, id)) = &last
                        && *teams == on
                        && *two == secondary
                        && *e == epoch
                    {
                        return Some(*id);
                    }
                    let people = members.opted_in(org, &on, dates[slice]);
                    let id = builder.intern(Cover {
                        teams: on.clone(),
                        members: people,
                        secondary,
                    });
                    last = Some((on.clone(), secondary, epoch, id));
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
                // Per epoch, the cover with and without a secondary.
                let ids: Option<Vec<[u32; 2]>> = levels[t].contains(&Level::Team).then(|| {
                    let mut both = |people: Vec<usize>| {
                        [false, true].map(|secondary| {
                            builder.intern(Cover {
                                teams: vec![t],
                                members: people.clone(),
                                secondary,
                            })
                        })
                    };
                    // A team whose people have no dated change has one
                    // cover for every epoch.
                    if !members.dated_team[t] {
                        let ids = both(members.opted_in(org, &[t], horizon.start));
                        return vec![ids; members.epochs.len()];
                    }
                    members
                        .epochs
                        .iter()
                        .map(|&(first, _)| both(members.opted_in(org, &[t], horizon.date(first))))
                        .collect()
                });
                let row: Vec<Option<u32>> = (0..slice_count)
                    .map(|slice| {
                        ids.as_ref()
                            .filter(|_| levels[t][slice] == Level::Team)
                            .map(|ids| ids[members.epoch[slice]][usize::from(second[t][slice])])
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
        crate::calendar::mostly_within(&self.slices, start, end)
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

    /// Which cover a rota has on a slice, as a number: equal numbers are
    /// the same cover (see [`Coverage::cover_number`]), so a caller going
    /// slice by slice can skip the slices whose cover it has seen.
    pub fn cover_number(&self, rota: usize, slice: usize) -> Option<u32> {
        self.cover.get(rota)?.get(slice).copied().flatten()
    }

    /// The cover a [`Coverage::cover_number`] stands for.
    pub fn numbered_cover(&self, number: u32) -> &Cover {
        &self.covers[number as usize]
    }

    pub fn needs_cover(&self, rota: usize, slice: usize) -> bool {
        self.cover(rota, slice).is_some()
    }

    /// Does the rota need a secondary as well as a primary on a slice?
    pub fn needs_secondary(&self, rota: usize, slice: usize) -> bool {
        self.cover(rota, slice).is_some_and(|c| c.secondary)
    }

    /// Does the rota need a person in this role on a slice?
    pub fn needs_role(&self, rota: usize, slice: usize, role: crate::schedule::Role) -> bool {
        match role {
            crate::schedule::Role::Primary => self.needs_cover(rota, slice),
            crate::schedule::Role::Secondary => self.needs_secondary(rota, slice),
        }
    }

    /// Does the rota need a secondary on some slice of the horizon?
    pub fn has_secondary(&self, rota: usize) -> bool {
        self.cover[rota]
            .iter()
            .flatten()
            .any(|&i| self.covers[i as usize].secondary)
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
        self.role_windows(rota, crate::schedule::Role::Primary)
    }

    /// The shift windows of one role: for the secondary, the runs of slices
    /// that need one, cut by the same handoff policy.
    pub fn role_windows(&self, rota: usize, role: crate::schedule::Role) -> Vec<(usize, usize)> {
        let r = &self.rotas[rota];
        let mut windows = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        for slice in 0..self.horizon.len() {
            if !self.needs_role(rota, slice, role) {
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
