//! SplitMix64: a tiny seeded generator, the same sequence on every machine, for the bench's
//! synthetic ledger and the tests' random cases. Never used for secrets or ids. Pure.

/// SplitMix64 (Steele, Lea and Flood 2014): one `u64` of state, advanced by the golden-ratio
/// increment and mixed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator whose sequence the seed fixes.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 bits of the sequence.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when n is 0), by multiply-shift: no modulo bias worth naming.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items` (which must not be empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_sequence_is_splitmix64_and_below_stays_below() {
        // The first outputs for seed 0 (Vigna's reference implementation).
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut r = Rng::new(7);
        for n in [1u64, 2, 3, 10, 1 << 40] {
            assert!((0..50).all(|_| r.below(n) < n), "{n}");
        }
        assert_eq!(r.below(0), 0);
        assert!((0..50).all(|_| (3..=5).contains(&r.range(3, 5))));
    }
}
