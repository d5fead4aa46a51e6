//! What tiering buys as an organisation grows: with domains fixed, the
//! tiered cost follows the high-exposure teams, and the marginal cost of one
//! more team at each level adds up to the projection.

use rota_core::analysis::{Growth, RunCost, RunCostRow, run_cost};
use rota_core::money::Money;
use rota_core::org::generate::generate_org_toml;

use crate::common::org;

fn generated(teams: usize, seed: u64) -> RunCost {
    let o = org(&generate_org_toml(teams, 6, seed));
    run_cost(&o, &[10, 20, 40, 80])
}

fn at(rows: &[RunCostRow], teams: usize) -> &RunCostRow {
    rows.iter()
        .find(|r| r.teams == teams)
        .expect("a projected row")
}

#[test]
fn with_domains_fixed_tiered_cost_grows_clearly_slower_than_one_rota_per_team() {
    for seed in [1, 2, 3] {
        let c = generated(10, seed);
        let (small, large) = (at(&c.fixed_domains, 10), at(&c.fixed_domains, 80));
        assert!(small.growth == Growth::ExistingDomains);
        let tiered =
            large.tiered_yearly_cost.minor() as f64 / small.tiered_yearly_cost.minor() as f64;
        let linear =
            large.per_team_yearly_cost.minor() as f64 / small.per_team_yearly_cost.minor() as f64;
        assert_eq!(linear, 8.0, "one rota per team is linear");
        assert!(
            tiered < linear,
            "seed {seed}: {tiered:.2}x against {linear}x"
        );
        // What 70 more teams add: a rota for each high-exposure team only,
        // well under what one rota per team adds.
        let tiered_added = (large.tiered_yearly_cost - small.tiered_yearly_cost).minor() as f64;
        let linear_added = (large.per_team_yearly_cost - small.per_team_yearly_cost).minor() as f64;
        assert!(
            tiered_added < 0.6 * linear_added,
            "seed {seed}: tiered added {tiered_added} against {linear_added}"
        );
        // The domains stay as they are: only team-level teams add rotas.
        assert_eq!(large.domain_rotas, small.domain_rotas);
        assert_eq!(
            large.rotas - small.rotas,
            large.team_level_teams - small.team_level_teams,
            "seed {seed}"
        );
        // Growing domains too costs at least as much.
        assert!(at(&c.projections, 80).tiered_yearly_cost >= large.tiered_yearly_cost);
    }
}

#[test]
fn marginal_costs_add_up_to_the_projection() {
    for seed in [1, 2, 3] {
        let c = generated(12, seed);
        let base = &c.current;
        let fixed = c.marginal(Growth::ExistingDomains).expect("marginal");
        let grown = c.marginal(Growth::NewDomains).expect("marginal");
        assert_eq!(fixed.none, Money::ZERO);
        assert_eq!(fixed.team, c.rota_year);
        assert_eq!(fixed.per_team, c.rota_year);
        assert_eq!(fixed.domain, Money::ZERO, "joining a domain with a rota");
        let none_now = c.none_level_teams as i64;
        for row in &c.fixed_domains {
            let added = |now: usize, then: usize| then as i64 - now as i64;
            let dt = added(base.team_level_teams, row.team_level_teams);
            let dd = added(base.domain_level_teams, row.domain_level_teams);
            let dn = row.teams as i64
                - row.team_level_teams as i64
                - row.domain_level_teams as i64
                - none_now;
            let sum =
                c.ordinary_yearly_cost + fixed.team * dt + fixed.domain * dd + fixed.none * dn;
            assert_eq!(
                sum, row.tiered_yearly_cost,
                "seed {seed}, {} teams",
                row.teams
            );
            assert_eq!(
                base.per_team_yearly_cost + fixed.per_team * added(base.teams, row.teams),
                row.per_team_yearly_cost
            );
        }
        // With domains growing, a domain-level team brings a share of a new
        // domain's rota: the sum is right to within the one rota that
        // rounding to whole domains can add or save.
        for row in &c.projections {
            let dt = row.team_level_teams as i64 - base.team_level_teams as i64;
            let dd = row.domain_level_teams as i64 - base.domain_level_teams as i64;
            let sum = c.ordinary_yearly_cost + grown.team * dt + grown.domain * dd;
            let off = (sum.minor() - row.tiered_yearly_cost.minor()).abs();
            assert!(
                off <= c.rota_year.minor(),
                "seed {seed}, {} teams: {sum} against {}",
                row.teams,
                row.tiered_yearly_cost
            );
        }
    }
}

#[test]
fn the_cost_text_says_what_tiering_buys_and_the_csv_tells_growths_apart() {
    let text = rota_core::report::text::cost(&generated(10, 1));
    assert!(
        text.contains(
            "Tiered cost grows with the high-exposure teams, not with the number of teams"
        ),
        "{text}"
    );
    let csv = rota_core::report::csv::cost(&generated(10, 1));
    let growth: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).expect("a growth column"))
        .collect();
    assert_eq!(
        growth,
        [
            "now",
            "existing-domains",
            "new-domains",
            "existing-domains",
            "new-domains",
            "existing-domains",
            "new-domains",
            "existing-domains",
            "new-domains",
        ]
    );
}
