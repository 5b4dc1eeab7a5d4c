//! Owned, `Vec`-based messages (feature `alloc`), for keeping a message past
//! its input buffer, building one piece by piece, or (feature `serde`) reading
//! and writing the JSON of SPEC §8.
//!
//! Convert a decoded view with `From`, and encode with
//! [`MessageBuf::as_message`], which borrows without copying.

use alloc::vec::Vec;
use core::net::SocketAddr;

use uuid::Uuid;

use crate::list::View;
use crate::member::{Member, Members};
use crate::message::Message;
use crate::slots::SlotRange;
use crate::update::{Update, Updates};

/// An owned [`Message`].
///
/// ```
/// use swimwire::MessageBuf;
///
/// let bytes = hex::decode("040000000000000000000000000000000004c0a800011e1b").unwrap();
/// let owned = MessageBuf::from(&swimwire::decode(&bytes)?);
/// drop(bytes);
/// let mut out = [0u8; 64];
/// let len = owned.as_message().encode_into(&mut out)?;
/// assert_eq!(len, 24);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[allow(missing_docs)] // the fields are those of `Message`
pub enum MessageBuf {
    Ping {
        seq: u64,
        sender: Uuid,
        updates: Vec<UpdateBuf>,
    },
    PingReq {
        seq: u64,
        sender: Uuid,
        target: Uuid,
        #[cfg_attr(feature = "arbitrary", arbitrary(with = arbitrary_addr))]
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::addr_text::serialize")
        )]
        target_addr: SocketAddr,
    },
    Ack {
        seq: u64,
        sender: Uuid,
        updates: Vec<UpdateBuf>,
    },
    Join {
        sender: Uuid,
        #[cfg_attr(feature = "arbitrary", arbitrary(with = arbitrary_addr))]
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::addr_text::serialize")
        )]
        sender_addr: SocketAddr,
    },
    Welcome {
        sender: Uuid,
        members: Vec<MemberBuf>,
    },
    SlotsAnnounce {
        sender: Uuid,
        incarnation: u64,
        slots: Vec<SlotRange>,
    },
}

/// An owned [`Update`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)
)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[allow(missing_docs)] // the fields are those of `Update`
pub enum UpdateBuf {
    Alive {
        node: Uuid,
        #[cfg_attr(feature = "arbitrary", arbitrary(with = arbitrary_addr))]
        #[cfg_attr(
            feature = "serde",
            serde(serialize_with = "crate::addr_text::serialize")
        )]
        addr: SocketAddr,
        incarnation: u64,
    },
    Suspect {
        node: Uuid,
        incarnation: u64,
    },
    Dead {
        node: Uuid,
        incarnation: u64,
    },
    Left {
        node: Uuid,
    },
    SlotsChanged {
        node: Uuid,
        incarnation: u64,
        slots: Vec<SlotRange>,
    },
    RoleChanged {
        node: Uuid,
        incarnation: u64,
        is_primary: bool,
        replicates: Option<Uuid>,
    },
    VoteRequest {
        candidate: Uuid,
        epoch: u64,
        offset: u64,
    },
    VoteGranted {
        from: Uuid,
        candidate: Uuid,
        epoch: u64,
    },
}

/// An owned [`Member`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[allow(missing_docs)] // the fields are those of `Member`
pub struct MemberBuf {
    pub id: Uuid,
    #[cfg_attr(feature = "arbitrary", arbitrary(with = arbitrary_addr))]
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::addr_text::serialize")
    )]
    pub addr: SocketAddr,
    pub incarnation: u64,
    pub is_primary: bool,
    pub slots: Vec<SlotRange>,
}

impl MessageBuf {
    /// A view of this message that encodes without copying it.
    pub fn as_message(&self) -> Message<'_> {
        match self {
            Self::Ping {
                seq,
                sender,
                updates,
            } => Message::Ping {
                seq: *seq,
                sender,
                updates: Updates::owned(updates),
            },
            Self::PingReq {
                seq,
                sender,
                target,
                target_addr,
            } => Message::PingReq {
                seq: *seq,
                sender,
                target,
                target_addr: *target_addr,
            },
            Self::Ack {
                seq,
                sender,
                updates,
            } => Message::Ack {
                seq: *seq,
                sender,
                updates: Updates::owned(updates),
            },
            Self::Join {
                sender,
                sender_addr,
            } => Message::Join {
                sender,
                sender_addr: *sender_addr,
            },
            Self::Welcome { sender, members } => Message::Welcome {
                sender,
                members: Members::owned(members),
            },
            Self::SlotsAnnounce {
                sender,
                incarnation,
                slots,
            } => Message::SlotsAnnounce {
                sender,
                incarnation: *incarnation,
                slots: slots.as_slice().into(),
            },
        }
    }
}

impl From<&Message<'_>> for MessageBuf {
    fn from(message: &Message<'_>) -> Self {
        match *message {
            Message::Ping {
                seq,
                sender,
                updates,
            } => Self::Ping {
                seq,
                sender: *sender,
                updates: updates.iter().map(UpdateBuf::from).collect(),
            },
            Message::PingReq {
                seq,
                sender,
                target,
                target_addr,
            } => Self::PingReq {
                seq,
                sender: *sender,
                target: *target,
                target_addr,
            },
            Message::Ack {
                seq,
                sender,
                updates,
            } => Self::Ack {
                seq,
                sender: *sender,
                updates: updates.iter().map(UpdateBuf::from).collect(),
            },
            Message::Join {
                sender,
                sender_addr,
            } => Self::Join {
                sender: *sender,
                sender_addr,
            },
            Message::Welcome { sender, members } => Self::Welcome {
                sender: *sender,
                members: members.iter().map(MemberBuf::from).collect(),
            },
            Message::SlotsAnnounce {
                sender,
                incarnation,
                slots,
            } => Self::SlotsAnnounce {
                sender: *sender,
                incarnation,
                slots: slots.iter().collect(),
            },
        }
    }
}

impl From<Message<'_>> for MessageBuf {
    fn from(message: Message<'_>) -> Self {
        Self::from(&message)
    }
}

impl UpdateBuf {
    /// A view of this update that encodes without copying it.
    pub fn as_update(&self) -> Update<'_> {
        match self {
            Self::Alive {
                node,
                addr,
                incarnation,
            } => Update::Alive {
                node,
                addr: *addr,
                incarnation: *incarnation,
            },
            Self::Suspect { node, incarnation } => Update::Suspect {
                node,
                incarnation: *incarnation,
            },
            Self::Dead { node, incarnation } => Update::Dead {
                node,
                incarnation: *incarnation,
            },
            Self::Left { node } => Update::Left { node },
            Self::SlotsChanged {
                node,
                incarnation,
                slots,
            } => Update::SlotsChanged {
                node,
                incarnation: *incarnation,
                slots: slots.as_slice().into(),
            },
            Self::RoleChanged {
                node,
                incarnation,
                is_primary,
                replicates,
            } => Update::RoleChanged {
                node,
                incarnation: *incarnation,
                is_primary: *is_primary,
                replicates: replicates.as_ref(),
            },
            Self::VoteRequest {
                candidate,
                epoch,
                offset,
            } => Update::VoteRequest {
                candidate,
                epoch: *epoch,
                offset: *offset,
            },
            Self::VoteGranted {
                from,
                candidate,
                epoch,
            } => Update::VoteGranted {
                from,
                candidate,
                epoch: *epoch,
            },
        }
    }
}

impl From<Update<'_>> for UpdateBuf {
    fn from(update: Update<'_>) -> Self {
        match update {
            Update::Alive {
                node,
                addr,
                incarnation,
            } => Self::Alive {
                node: *node,
                addr,
                incarnation,
            },
            Update::Suspect { node, incarnation } => Self::Suspect {
                node: *node,
                incarnation,
            },
            Update::Dead { node, incarnation } => Self::Dead {
                node: *node,
                incarnation,
            },
            Update::Left { node } => Self::Left { node: *node },
            Update::SlotsChanged {
                node,
                incarnation,
                slots,
            } => Self::SlotsChanged {
                node: *node,
                incarnation,
                slots: slots.iter().collect(),
            },
            Update::RoleChanged {
                node,
                incarnation,
                is_primary,
                replicates,
            } => Self::RoleChanged {
                node: *node,
                incarnation,
                is_primary,
                replicates: replicates.copied(),
            },
            Update::VoteRequest {
                candidate,
                epoch,
                offset,
            } => Self::VoteRequest {
                candidate: *candidate,
                epoch,
                offset,
            },
            Update::VoteGranted {
                from,
                candidate,
                epoch,
            } => Self::VoteGranted {
                from: *from,
                candidate: *candidate,
                epoch,
            },
        }
    }
}

impl MemberBuf {
    /// A view of this member that encodes without copying it.
    pub fn as_member(&self) -> Member<'_> {
        Member {
            id: &self.id,
            addr: self.addr,
            incarnation: self.incarnation,
            is_primary: self.is_primary,
            slots: self.slots.as_slice().into(),
        }
    }
}

impl From<Member<'_>> for MemberBuf {
    fn from(member: Member<'_>) -> Self {
        Self {
            id: *member.id,
            addr: member.addr,
            incarnation: member.incarnation,
            is_primary: member.is_primary,
            slots: member.slots.iter().collect(),
        }
    }
}

impl<'a> View<'a, Update<'a>> for UpdateBuf {
    #[inline]
    fn view(&'a self) -> Update<'a> {
        self.as_update()
    }
}

impl<'a> View<'a, Member<'a>> for MemberBuf {
    #[inline]
    fn view(&'a self) -> Member<'a> {
        self.as_member()
    }
}

/// Addresses the wire can carry: IPv4, or IPv6 without flow label and scope.
#[cfg(feature = "arbitrary")]
fn arbitrary_addr(u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<SocketAddr> {
    use core::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};
    Ok(if u.arbitrary()? {
        SocketAddrV4::new(Ipv4Addr::from(u.arbitrary::<[u8; 4]>()?), u.arbitrary()?).into()
    } else {
        SocketAddrV6::new(
            Ipv6Addr::from(u.arbitrary::<[u8; 16]>()?),
            u.arbitrary()?,
            0,
            0,
        )
        .into()
    })
}
