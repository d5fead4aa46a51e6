//! Evening out rotas of one-slice shifts by trading slices between them
//! through their shared members.
//!
//! A daily team rota whose members' total loads are one apart (some at 44,
//! some at 45) is as even as its total allows: ten members carrying 445
//! slices cannot all carry the same. Its total is not fixed, though: its
//! shared members also cover a domain rota, and a slice of the domain
//! handed from one team's shared member to another's, each taking up or
//! handing on a slice of their own team, moves one slice of total from one
//! team to the other. Each such trade leaves every rota as wide as it was
//! and the squares where they were (a member at 45 goes to 44, one at 44
//! to 45), until the last one: then the team is level. No search that
//! keeps only what is better can cross that plateau, and the domain's
//! teams together can be levelled only by choosing which ones give and
//! which take.
//!
//! So [`Planner::trade`] tries it, in a group of rotas planned afresh once
//! the other searches have ended. Each rota of one-slice shifts whose
//! members are one slice apart is levelled by as many trades as it has
//! members on the side with fewer: out of the rota (from a busiest member,
//! through a path of shifts, to someone not on it) or into it (from
//! someone not on it to an idlest member). Each trade is a path of the
//! search of [`Planner::path_pass`] whose ends' change widens no rota and
//! raises no squares, and breaks no rest or share rule. The rota needing
//! fewest trades is tried first; the group keeps a rota's trades only if
//! it is then better (rest and share breaches, spreads, squares), and
//! tries again from there; it ends when no rota's trades better it.

use super::Planner;
use super::cross::{Keep, Reach, RotasOfPeople};

impl Planner<'_> {
    /// Levels the group's rotas of one-slice shifts by trading slices
    /// between them; see the module documentation.
    pub(in crate::planner) fn trade(&mut self, shifts: &[usize]) {
        let rotas = self.rotas_of_people();
        let of_group = self.rotas_of(shifts);
        let people = self.people_of(&rotas, shifts, &of_group);
        self.start_by_spread();
        let mut reach = std::mem::take(&mut self.reach);
        reach.start(self.load.len());
        let mut score = self.group_score(&rotas, shifts, &of_group, &people);
        let mut traded = false;
        // The loads of each rota's members when its trades last failed:
        // tried again only once one of them has changed.
        let mut failed: Vec<Option<Vec<i64>>> = vec![None; of_group.len()];
        let loads_of = |planner: &Self, rota: usize| -> Vec<i64> {
            rotas.members[rota]
                .iter()
                .map(|&m| planner.load[m])
                .collect()
        };
        // Which rotas have one-slice shifts to trade: the same throughout,
        // as nothing here pins a shift or keeps one.
        let daily = self.rotas_with(shifts, |s| s.len == 1 && !self.fixed(s));
        // Each round keeps one rota's trades, which lower the score, or
        // ends; the bound is a guard only.
        for _ in 0..of_group.len() * 4 {
            let mut tries: Vec<(usize, usize, bool, usize)> = Vec::new();
            for (k, &rota) in of_group.iter().enumerate() {
                if failed[k]
                    .as_ref()
                    .is_some_and(|was| *was == loads_of(self, rota))
                {
                    continue;
                }
                let members = &rotas.members[rota];
                let (lo, hi) = self.range(members);
                if daily.binary_search(&rota).is_err() || hi - lo != 1 {
                    continue;
                }
                let at_hi = members.iter().filter(|&&m| self.load[m] == hi).count();
                let at_lo = members.len() - at_hi;
                tries.push(if at_hi <= at_lo {
                    (at_hi, rota, true, k)
                } else {
                    (at_lo, rota, false, k)
                });
            }
            tries.sort_unstable();
            let mut kept = false;
            for (need, rota, out, k) in tries {
                let before = self.snapshot(shifts, &people);
                let all = (0..need).all(|_| self.trade_one(&rotas, rota, out, &people, &mut reach));
                let now = all.then(|| self.group_score(&rotas, shifts, &of_group, &people));
                if let Some(now) = now.filter(|&now| now < score) {
                    score = now;
                    kept = true;
                    break;
                }
                self.undo(before);
                failed[k] = Some(loads_of(self, rota));
            }
            if !kept {
                break;
            }
            traded = true;
        }
        self.reach = reach;
        self.by_spread = false;
        if traded {
            // What failed was measured against a state no longer there.
            self.failed_cross.clear();
            self.failed_repair.clear();
            self.spread_improve(shifts);
        }
    }

    /// One slice of total out of `rota`, from a busiest member to someone
    /// of the group not on it, or into it, to an idlest member from someone
    /// not on it: a path whose ends' change widens no rota and raises no
    /// squares, kept if it breaks no rule. Whether one was made.
    fn trade_one(
        &mut self,
        rotas: &RotasOfPeople,
        rota: usize,
        out: bool,
        people: &[usize],
        reach: &mut Reach,
    ) -> bool {
        let members = &rotas.members[rota];
        let on = |m: usize| rotas.of_person[m].binary_search(&rota).is_ok();
        // Neither end widens a rota of theirs, even where the other's
        // change would make up for it: a trade that levels this rota by
        // widening another gains nothing.
        let fine = |planner: &mut Self, giver: usize, taker: usize| {
            planner.load[taker] < planner.load[giver]
                && planner.effect(&[(giver, -1, 0)]).0 <= 0
                && planner.effect(&[(taker, 1, 0)]).0 <= 0
        };
        let (lo, hi) = self.range(members);
        let sources: Vec<usize> = if out {
            members
                .iter()
                .copied()
                .filter(|&m| self.load[m] == hi)
                .collect()
        } else {
            // A giver less loaded than an idlest member's next slice would
            // raise the squares.
            let mut givers: Vec<usize> = people
                .iter()
                .copied()
                .filter(|&g| !on(g) && self.load[g] > lo)
                .collect();
            givers.sort_unstable_by_key(|&g| (std::cmp::Reverse(self.load[g]), self.rank[g]));
            givers
        };
        reach.revive();
        for g in sources {
            if reach.dead(g) {
                continue;
            }
            let traded = self.path_to(g, reach, Keep::Unbroken, |planner, y| {
                on(y) != out && (out || planner.load[y] == lo) && fine(planner, g, y)
            });
            if traded {
                return true;
            }
            // Whoever this search reached, no busier than `g`, reaches no
            // one it did not, and could end a trade only where `g` could
            // too (when `g` itself may give): not searched from again.
            if self.effect(&[(g, -1, 0)]).0 <= 0 {
                let load = self.load[g];
                reach.bury(|x| self.load[x] <= load);
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::plan_shared;

    /// Two domains of five teams of ten, the first domain's first two
    /// teams on weekly rotas: left to the other searches, the daily team
    /// rotas are a slice wide each; trading slices between them levels
    /// some, breaking no rule, and the rotas' spreads sum to less (6
    /// against 10); here no rota is wider for it.
    #[test]
    fn daily_rotas_are_levelled_by_trading_slices_through_the_domain() {
        let (breaches, spreads) = plan_shared((10, 10, 2), true, true);
        let (breaches_before, before) = plan_shared((10, 10, 2), true, false);
        assert_eq!((breaches, breaches_before), (0, 0));
        let (sum, sum_before): (i64, i64) = (spreads.iter().sum(), before.iter().sum());
        assert!(
            sum < sum_before,
            "{sum} against {sum_before}: {spreads:?} {before:?}"
        );
        let level = |s: &[i64]| s.iter().filter(|&&w| w == 0).count();
        assert!(level(&spreads) > level(&before), "{spreads:?} {before:?}");
        assert!(
            spreads.iter().zip(&before).all(|(now, was)| now <= was),
            "{spreads:?} {before:?}"
        );
    }
}
