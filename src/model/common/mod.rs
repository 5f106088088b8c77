//! Shared vocabulary of the records: document numbers and type codes, award rounds, places,
//! signers, targets and milestones, links. Goes in: YAML values; comes out: small typed values
//! every record kind uses.

mod images;
mod link;
mod number;
mod picture;
mod place;
mod round;
mod signer;
mod target;

pub(crate) use images::{BodyImage, body_images, markdown_options};
pub(crate) use link::Link;
pub(crate) use number::{DocNumber, TYPE_CODES, document_name, read_number, type_name};
pub(crate) use picture::{Photo, Picture, PictureFile, read_photo};
pub(crate) use place::Locality;
pub(crate) use round::{Round, read_round};
pub(crate) use signer::Signer;
pub(crate) use target::{Milestone, Progress, ProgressRow, Target};
