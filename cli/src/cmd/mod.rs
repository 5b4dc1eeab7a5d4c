//! The commands, one module each. They share the modules beside this one
//! and never each other.

pub mod decode;
pub mod encode;
pub mod pcap;
