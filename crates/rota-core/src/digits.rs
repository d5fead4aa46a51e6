//! Numbers written digit by digit into text, for the writers of the long
//! files (schedules, calendars), where the formatting machinery's cost per
//! number adds up over a few hundred thousand shifts.

/// Writes `n` in decimal.
pub(crate) fn push_u32(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

/// Writes `n` into `b[at..at + width]`, zero-padded (the lowest digits when
/// it has more).
pub(crate) fn put(b: &mut [u8], at: usize, width: usize, mut n: u32) {
    for i in (at..at + width).rev() {
        b[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12345, u32::MAX] {
            let mut out = String::from("x");
            push_u32(&mut out, n);
            assert_eq!(out, format!("x{n}"));
            let mut b = *b"[____]";
            put(&mut b, 1, 4, n);
            assert_eq!(
                std::str::from_utf8(&b).unwrap(),
                format!("[{:04}]", n % 10_000)
            );
        }
    }
}
