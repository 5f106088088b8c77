//! Output files: what every render step hands to the sink (path and bytes), the sink itself and why a render stops.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::Diagnostic;

/// One file of the output.
#[derive(Debug)]
pub(crate) struct OutFile {
    /// Path relative to the output folder, with `/`.
    pub(crate) path: String,
    /// Contents.
    pub(crate) data: FileData,
}

/// Where an output file's bytes come from.
#[derive(Debug)]
pub(crate) enum FileData {
    /// Generated.
    Bytes(Vec<u8>),
    /// Generated, shared with the render cache.
    Shared(Arc<[u8]>),
    /// Copied from a file.
    Copy(PathBuf),
    /// Built into the binary.
    Static(&'static str),
}

/// Where rendered files go (the write stage's staging folder, memory, or nowhere for `check`);
/// `E` is the sink's own error, handed back unchanged in [`RenderFailure::Io`].
pub(crate) type Sink<'a, E> = &'a (dyn Fn(&OutFile) -> Result<(), E> + Sync);

/// Why rendering stopped.
#[derive(Debug)]
pub(crate) enum RenderFailure<E> {
    /// Problems in templates or static files, for the webmaster.
    Content(Vec<Diagnostic>),
    /// The sink could not store a file.
    Io(E),
    /// The run's cancel flag was set.
    Cancelled,
}
