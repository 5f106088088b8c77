//! The signature block of a document (`signer:`).

use serde::Serialize;

use crate::read::fields::MapReader;

/// The signature block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Signer {
    /// `KT.`, `TM.`, `TL.`, `TUQ.`, `Q.`
    pub(crate) authority: Option<String>,
    /// The head's title the signer signs for (`CHỦ TỊCH`).
    pub(crate) superior: Option<String>,
    /// Signer's own title (`PHÓ CHỦ TỊCH`).
    pub(crate) title: Option<String>,
    /// Name.
    pub(crate) name: Option<String>,
}

impl Signer {
    /// Reads `signer:`.
    pub(crate) fn read(r: &mut MapReader<'_, '_>, key: &'static str) -> Option<Signer> {
        let n = r.map(key)?;
        let file = r.file();
        let mut sr = MapReader::new(n, file, "signer", r.diags())?;
        let authority = sr.choice("authority", &["KT.", "TM.", "TL.", "TUQ.", "Q."]);
        let s = Signer {
            authority: authority.map(str::to_string),
            superior: sr.text("superior"),
            title: sr.text("title"),
            name: sr.text("name"),
        };
        sr.finish();
        Some(s)
    }
}
