//! What the three list views ([`Updates`](crate::Updates),
//! [`Members`](crate::Members), [`Slots`](crate::Slots)) have in common.

/// Implements, for a list view with `len`, `iter`, `empty` and a
/// `Repr::Values` slice, the traits every list has: built from a slice of
/// values, empty by default, compared by content (a decoded list equals the
/// same items given as values), printed as a list, iterated by value; and
/// for its iterator, exact size and fused.
macro_rules! list_traits {
    ($list:ident, $iter:ident, $item:ty) => {
        impl<'a> From<&'a [$item]> for $list<'a> {
            #[inline]
            fn from(items: &'a [$item]) -> Self {
                Self(Repr::Values(items))
            }
        }

        impl Default for $list<'_> {
            fn default() -> Self {
                Self::empty()
            }
        }

        impl PartialEq for $list<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.len() == other.len() && self.iter().eq(other.iter())
            }
        }

        impl Eq for $list<'_> {}

        impl core::fmt::Debug for $list<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl<'a> IntoIterator for $list<'a> {
            type Item = $item;
            type IntoIter = $iter<'a>;
            #[inline]
            fn into_iter(self) -> $iter<'a> {
                self.iter()
            }
        }

        impl<'a> IntoIterator for &$list<'a> {
            type Item = $item;
            type IntoIter = $iter<'a>;
            #[inline]
            fn into_iter(self) -> $iter<'a> {
                self.iter()
            }
        }

        impl ExactSizeIterator for $iter<'_> {}
        impl core::iter::FusedIterator for $iter<'_> {}
    };
}

pub(crate) use list_traits;
