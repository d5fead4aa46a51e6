//! One bit per person per slice, for the planner's questions asked most
//! often (is this person on call, or off, on this slice?): a 50,000-person
//! year is 2.3 MB as bits against 18 MB as booleans and 73 MB as segment
//! numbers, so the answers come from cache rather than from memory.

/// `rows` rows of `cols` bits, each row padded to whole 64-bit words.
#[derive(Debug, Clone)]
pub(super) struct Bits {
    words: usize,
    data: Vec<u64>,
}

impl Bits {
    pub fn new(rows: usize, cols: usize) -> Bits {
        let words = cols.div_ceil(64);
        Bits {
            words,
            data: vec![0; rows * words],
        }
    }

    pub fn get(&self, row: usize, col: usize) -> bool {
        self.data[row * self.words + col / 64] & (1u64 << (col % 64)) != 0
    }

    pub fn set(&mut self, row: usize, col: usize, on: bool) {
        let word = &mut self.data[row * self.words + col / 64];
        let bit = 1u64 << (col % 64);
        if on {
            *word |= bit;
        } else {
            *word &= !bit;
        }
    }

    /// Row `row` as `other` has it (the same shape).
    pub fn copy_row(&mut self, other: &Bits, row: usize) {
        let w = self.words;
        self.data[row * w..(row + 1) * w].copy_from_slice(&other.data[row * w..(row + 1) * w]);
    }

    /// Exchanges `row` with `words` (as many as a row has).
    pub fn swap_row(&mut self, row: usize, words: &mut [u64]) {
        self.data[row * self.words..(row + 1) * self.words].swap_with_slice(words);
    }

    /// How many words a row takes.
    pub fn row_words(&self) -> usize {
        self.words
    }

    /// Columns `[a, b)` of `row` as the low bits of one number, column `a`
    /// lowest; at most 128 columns.
    pub fn range(&self, row: usize, a: usize, b: usize) -> u128 {
        debug_assert!(a <= b && b - a <= 128);
        let row = &self.data[row * self.words..(row + 1) * self.words];
        // The (up to) three words that hold the columns, past the row's
        // end as nothing.
        let word = |w: usize| row.get(w).map_or(0, |&x| u128::from(x));
        let (w, bit) = (a / 64, a % 64);
        let mut out = (word(w) | word(w + 1) << 64) >> bit;
        if bit > 0 {
            out |= word(w + 2) << (128 - bit);
        }
        match b - a {
            128 => out,
            n => out & ((1u128 << n) - 1),
        }
    }

    /// How many of columns `[a, b)` of `row` are set.
    #[inline]
    pub fn count(&self, row: usize, a: usize, b: usize) -> usize {
        // Most questions are about a shift within one word.
        if a < b && a / 64 == (b - 1) / 64 {
            let word = self.data[row * self.words + a / 64] >> (a % 64);
            let n = b - a;
            let word = if n == 64 {
                word
            } else {
                word & ((1u64 << n) - 1)
            };
            return word.count_ones() as usize;
        }
        self.count_across(row, a, b)
    }

    /// [`Bits::count`] word by word.
    fn count_across(&self, row: usize, a: usize, b: usize) -> usize {
        let row = &self.data[row * self.words..(row + 1) * self.words];
        let mut count = 0;
        let mut d = a;
        while d < b {
            let (w, bit) = (d / 64, d % 64);
            let n = (64 - bit).min(b - d);
            let mask = if n == 64 {
                u64::MAX
            } else {
                ((1u64 << n) - 1) << bit
            };
            count += (row[w] & mask).count_ones() as usize;
            d += n;
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;
    use crate::org::generate::Prng;

    /// Bits agree with a grid of booleans under random sets and clears,
    /// across word edges and in every row.
    #[test]
    fn bits_agree_with_booleans() {
        let mut rng = Prng::new(3);
        for cols in [1, 63, 64, 65, 128, 200, 364] {
            let rows = 3;
            let mut bits = Bits::new(rows, cols);
            let mut plain = vec![false; rows * cols];
            for _ in 0..2000 {
                let (r, c) = (
                    rng.below(rows as u64) as usize,
                    rng.below(cols as u64) as usize,
                );
                let on = rng.below(2) == 0;
                bits.set(r, c, on);
                plain[r * cols + c] = on;
                let a = rng.below(cols as u64 + 1) as usize;
                let b = a + rng.below((cols - a) as u64 + 1) as usize;
                for row in 0..rows {
                    let want = plain[row * cols + a..row * cols + b]
                        .iter()
                        .filter(|&&x| x)
                        .count();
                    assert_eq!(bits.count(row, a, b), want, "{cols} columns, [{a}, {b})");
                    let b = b.min(a + 128);
                    let range = bits.range(row, a, b);
                    for d in a..b {
                        assert_eq!(range >> (d - a) & 1 == 1, plain[row * cols + d]);
                    }
                    let above = range.checked_shr((b - a) as u32).unwrap_or(0);
                    assert_eq!(above, 0, "{cols} columns, [{a}, {b})");
                }
                assert_eq!(bits.get(r, c), on);
            }
            for r in 0..rows {
                for c in 0..cols {
                    assert_eq!(bits.get(r, c), plain[r * cols + c]);
                }
            }
        }
    }
}
