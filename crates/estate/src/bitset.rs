//! A fixed-length bitset on `Vec<u64>`, for the snapshot's disabled and blocked flags.
//!
//! Hand-written rather than pulled in because the snapshot needs three operations and the
//! crate stays dependency-light; one `u64` word holds 64 flags, so checking a node or an
//! adjacency position in the search loops is one load and a shift.

/// A fixed number of bits, all clear at creation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// `len` clear bits.
    pub(crate) fn new(len: usize) -> Self {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// Whether bit `i` is set. `i` must be below `len`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> bool {
        debug_assert!(i < self.len, "bit {i} out of {}", self.len);
        (self.words[i >> 6] >> (i & 63)) & 1 != 0
    }

    /// Sets bit `i` to `value`.
    #[inline]
    pub(crate) fn set(&mut self, i: usize, value: bool) {
        debug_assert!(i < self.len, "bit {i} out of {}", self.len);
        let mask = 1u64 << (i & 63);
        if value {
            self.words[i >> 6] |= mask;
        } else {
            self.words[i >> 6] &= !mask;
        }
    }

    /// Makes this bitset a copy of `other`, reusing the allocation.
    pub(crate) fn copy_from(&mut self, other: &Bits) {
        self.words.clear();
        self.words.extend_from_slice(&other.words);
        self.len = other.len;
    }

    /// Every set bit of `self` that is clear in `mask`, in increasing order. Both bitsets
    /// must have the same length.
    pub(crate) fn ones_without<'a>(&'a self, mask: &'a Bits) -> impl Iterator<Item = usize> + 'a {
        debug_assert_eq!(self.len, mask.len);
        self.words
            .iter()
            .zip(&mask.words)
            .enumerate()
            .flat_map(|(w, (&word, &masked))| {
                let mut bits = word & !masked;
                std::iter::from_fn(move || {
                    if bits == 0 {
                        return None;
                    }
                    let i = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    Some(w * 64 + i)
                })
            })
    }

    /// Number of set bits.
    pub(crate) fn count_ones(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn set_and_clear_bits_across_word_boundaries() {
        let mut b = Bits::new(130);
        for i in [0, 63, 64, 127, 129] {
            assert!(!b.get(i));
            b.set(i, true);
            assert!(b.get(i));
        }
        assert_eq!(b.count_ones(), 5);
        b.set(64, false);
        assert!(!b.get(64));
        assert!(b.get(63) && b.get(127));
        assert_eq!(b.count_ones(), 4);
        let mut mask = Bits::new(130);
        mask.set(63, true);
        assert_eq!(b.ones_without(&mask).collect::<Vec<_>>(), [0, 127, 129]);
        let mut c = Bits::new(3);
        c.copy_from(&b);
        assert_eq!(c, b);
    }
}
