//! A deliberately plain decoder of SPEC.md, written only to check the real
//! one against: it reads one field at a time, front to back, into owned
//! values, and shares no code with the library (only its output types).
//!
//! It reports errors as SPEC §4 describes them. For `truncated` the SPEC lets
//! the offset point at the field that does not fit or at its enclosing
//! record (message, update, member, address, slot range), so a
//! [`Rejection`] carries both offsets; for every other kind, exactly one.

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use swimwire::{ErrorKind, MemberBuf, MessageBuf, SlotRange, UpdateBuf, Uuid};

/// How to decode: the profile and the collection limit.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Any non-zero `bool` byte is true and trailing bytes are ignored.
    pub lenient: bool,
    /// Most items in one list.
    pub limit: u16,
}

/// Why the input was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// What is wrong.
    pub kind: ErrorKind,
    /// The offsets SPEC §4 allows for it, ascending.
    pub offsets: Vec<usize>,
}

/// Decodes one message; on success also says how many bytes followed it.
pub fn decode(input: &[u8], options: Options) -> Result<(MessageBuf, usize), Rejection> {
    let mut c = Cursor {
        input,
        pos: 0,
        fields: Vec::new(),
        options,
    };
    let message = message(&mut c)?;
    let trailing = input.len() - c.pos;
    if trailing > 0 && !options.lenient {
        return Err(c.reject(ErrorKind::TrailingBytes, c.pos));
    }
    Ok((message, trailing))
}

fn message(c: &mut Cursor) -> Result<MessageBuf, Rejection> {
    let tag = c.u8()?;
    match tag {
        1 | 3 => {
            let seq = c.u64()?;
            let sender = c.node_id()?;
            let count = c.count()?;
            let mut updates = Vec::new();
            for _ in 0..count {
                let record = c.enter();
                updates.push(update(c)?);
                c.leave(record);
            }
            Ok(if tag == 1 {
                MessageBuf::Ping {
                    seq,
                    sender,
                    updates,
                }
            } else {
                MessageBuf::Ack {
                    seq,
                    sender,
                    updates,
                }
            })
        }
        2 => Ok(MessageBuf::PingReq {
            seq: c.u64()?,
            sender: c.node_id()?,
            target: c.node_id()?,
            target_addr: addr(c)?,
        }),
        4 => Ok(MessageBuf::Join {
            sender: c.node_id()?,
            sender_addr: addr(c)?,
        }),
        5 => {
            let sender = c.node_id()?;
            let count = c.count()?;
            let mut members = Vec::new();
            for _ in 0..count {
                let record = c.enter();
                members.push(member(c)?);
                c.leave(record);
            }
            Ok(MessageBuf::Welcome { sender, members })
        }
        6 => Ok(MessageBuf::SlotsAnnounce {
            sender: c.node_id()?,
            incarnation: c.u64()?,
            slots: slots(c)?,
        }),
        _ => Err(c.reject(ErrorKind::UnknownMessageType, 0)),
    }
}

fn update(c: &mut Cursor) -> Result<UpdateBuf, Rejection> {
    let at = c.pos;
    match c.u8()? {
        1 => Ok(UpdateBuf::Alive {
            node: c.node_id()?,
            addr: addr(c)?,
            incarnation: c.u64()?,
        }),
        2 => Ok(UpdateBuf::Suspect {
            node: c.node_id()?,
            incarnation: c.u64()?,
        }),
        3 => Ok(UpdateBuf::Dead {
            node: c.node_id()?,
            incarnation: c.u64()?,
        }),
        4 => Ok(UpdateBuf::Left { node: c.node_id()? }),
        5 => Ok(UpdateBuf::SlotsChanged {
            node: c.node_id()?,
            incarnation: c.u64()?,
            slots: slots(c)?,
        }),
        6 => {
            let node = c.node_id()?;
            let incarnation = c.u64()?;
            let is_primary = c.bool()?;
            let has_replicates = c.bool()?;
            let replicates = if has_replicates {
                Some(c.node_id()?)
            } else {
                None
            };
            Ok(UpdateBuf::RoleChanged {
                node,
                incarnation,
                is_primary,
                replicates,
            })
        }
        7 => Ok(UpdateBuf::VoteRequest {
            candidate: c.node_id()?,
            epoch: c.u64()?,
            offset: c.u64()?,
        }),
        8 => Ok(UpdateBuf::VoteGranted {
            from: c.node_id()?,
            candidate: c.node_id()?,
            epoch: c.u64()?,
        }),
        _ => Err(c.reject(ErrorKind::UnknownUpdateType, at)),
    }
}

fn member(c: &mut Cursor) -> Result<MemberBuf, Rejection> {
    Ok(MemberBuf {
        id: c.node_id()?,
        addr: addr(c)?,
        incarnation: c.u64()?,
        is_primary: c.bool()?,
        slots: slots(c)?,
    })
}

fn addr(c: &mut Cursor) -> Result<SocketAddr, Rejection> {
    let record = c.enter();
    let at = c.pos;
    let addr = match c.u8()? {
        4 => {
            let octets: [u8; 4] = c.take(4)?.try_into().unwrap();
            let port = c.u16()?;
            SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::from(octets), port))
        }
        6 => {
            let octets: [u8; 16] = c.take(16)?.try_into().unwrap();
            let port = c.u16()?;
            SocketAddr::V6(SocketAddrV6::new(Ipv6Addr::from(octets), port, 0, 0))
        }
        _ => return Err(c.reject(ErrorKind::UnknownAddressFamily, at)),
    };
    c.leave(record);
    Ok(addr)
}

fn slots(c: &mut Cursor) -> Result<Vec<SlotRange>, Rejection> {
    let count = c.count()?;
    let mut ranges = Vec::new();
    for _ in 0..count {
        let record = c.enter();
        let at = c.pos;
        let start = c.u16()?;
        let end = c.u16()?;
        if start > end || end >= 16384 {
            return Err(c.reject(ErrorKind::InvalidSlotRange, at));
        }
        ranges.push(SlotRange::new(start, end));
        c.leave(record);
    }
    Ok(ranges)
}

/// The input, the position, and the starts of the fields read so far in the
/// innermost record.
struct Cursor<'a> {
    input: &'a [u8],
    pos: usize,
    fields: Vec<usize>,
    options: Options,
}

impl Cursor<'_> {
    /// Starts a nested record here; returns the outer record's fields.
    fn enter(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.fields)
    }

    /// Ends a nested record: to the outer one it was a single field.
    fn leave(&mut self, outer: Vec<usize>) {
        let start = self.fields.first().copied();
        self.fields = outer;
        self.fields.extend(start);
    }

    fn take(&mut self, n: usize) -> Result<&[u8], Rejection> {
        self.fields.push(self.pos);
        if self.input.len() - self.pos < n {
            // The field that does not fit, or the record around it.
            let mut offsets = vec![self.fields[0], self.pos];
            offsets.dedup();
            return Err(Rejection {
                kind: ErrorKind::Truncated,
                offsets,
            });
        }
        let bytes = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    fn reject(&self, kind: ErrorKind, offset: usize) -> Rejection {
        Rejection {
            kind,
            offsets: vec![offset],
        }
    }

    fn u8(&mut self) -> Result<u8, Rejection> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, Rejection> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }

    fn u64(&mut self) -> Result<u64, Rejection> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }

    fn node_id(&mut self) -> Result<Uuid, Rejection> {
        Ok(Uuid::from_bytes(self.take(16)?.try_into().unwrap()))
    }

    fn bool(&mut self) -> Result<bool, Rejection> {
        let at = self.pos;
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ if self.options.lenient => Ok(true),
            _ => Err(self.reject(ErrorKind::InvalidBool, at)),
        }
    }

    /// A list count, checked against the limit before any item is read.
    fn count(&mut self) -> Result<u16, Rejection> {
        let at = self.pos;
        let count = self.u16()?;
        if count > self.options.limit {
            return Err(self.reject(ErrorKind::CountOverLimit, at));
        }
        Ok(count)
    }
}
