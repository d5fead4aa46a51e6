//! The burnout rules that the planner obeys and the checks measure, in one
//! place so both judge a schedule the same way.

use crate::org::Rules;

/// The rolling window of the on-call share rule, in slices.
pub const SHARE_WINDOW: usize = 28;

/// The most on-call slices in any `SHARE_WINDOW` consecutive slices of a
/// horizon of `len` slices (the whole horizon when it is shorter), and the
/// first slice of the earliest such window. `on(d)` says whether slice `d`
/// is on call; slices outside the horizon count as free. The planner and
/// the `oncall-share` warning both measure the share with this.
pub fn busiest_window(len: usize, on: impl Fn(usize) -> bool) -> (usize, usize) {
    let window = SHARE_WINDOW.min(len);
    let mut sum = (0..window).filter(|&d| on(d)).count();
    let (mut best, mut best_start) = (sum, 0);
    for start in 1..=(len - window) {
        sum = sum + usize::from(on(start + window - 1)) - usize::from(on(start - 1));
        if sum > best {
            best = sum;
            best_start = start;
        }
    }
    (best, best_start)
}

/// Do `slices` on-call slices within one share window break the rules'
/// `max_oncall_share` (a share of `SHARE_WINDOW` slices)?
pub fn share_exceeded(rules: &Rules, slices: usize) -> bool {
    slices as f64 / SHARE_WINDOW as f64 > rules.max_oncall_share + 1e-9
}
