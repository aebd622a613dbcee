//! Reading and writing the pack's own binary formats (the manifest, the attribute table):
//! little-endian integers and LEB128 numbers, every read bounds-checked, since a pack comes from
//! the network and a damaged one must give [`SearchError::InvalidPack`], not a panic.

use crate::SearchError;

/// Appends `value` as LEB128: 7 bits a byte, low bits first, so that small numbers (most
/// lengths and ordinals) take one byte.
pub(crate) fn write_leb128(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A cursor over bytes whose every read fails cleanly past the end.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, pos: 0 }
    }

    /// Whether every byte has been read (a format that ends early has trailing bytes).
    pub(crate) fn is_empty(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// How many bytes are left: a count read from the input is checked against it before
    /// anything is allocated for that many items.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], SearchError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| SearchError::InvalidPack("truncated".to_string()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    pub(crate) fn leb128(&mut self) -> Result<u32, SearchError> {
        let overflow = || SearchError::InvalidPack("a number overflows 32 bits".to_string());
        let mut value = 0u32;
        for shift in (0..35).step_by(7) {
            let [byte] = self.array::<1>()?;
            let bits = u32::from(byte & 0x7f);
            if shift == 28 && bits > 0x0f {
                return Err(overflow());
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(overflow())
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], SearchError> {
        let bytes = self.take(N)?;
        bytes
            .try_into()
            .map_err(|_| SearchError::InvalidPack("truncated".to_string()))
    }
}
