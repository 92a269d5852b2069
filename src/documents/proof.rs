//! What UAC is told of a signed DDC on file, in the reviewer's language: whether the
//! QR code printed on it names this request or was not found, the verification code it
//! should carry, its digital signature (who, whether it holds, and the trusted root its
//! certificate chains to), and whether it came
//! as photos or as a PDF. The chat and the console show the same lines.

use crate::i18n::Locales;
use crate::store::files::DdcProof;

pub fn describe(loc: &Locales, lang: &str, proof: &DdcProof, verification: &str) -> Vec<String> {
    let mut lines = vec![
        loc.t(
            lang,
            if proof.qr_matched {
                "ddc-proof-qr-matched"
            } else {
                "ddc-proof-qr-absent"
            },
        ),
        loc.t_args(
            lang,
            "ddc-proof-verification",
            &[("verification", verification.to_owned().into())],
        ),
    ];
    lines.push(match &proof.signature {
        Some((signer, valid)) => loc.t_args(
            lang,
            if *valid {
                "ddc-proof-signature-valid"
            } else {
                "ddc-proof-signature-invalid"
            },
            &[(
                "signer",
                signer
                    .clone()
                    .unwrap_or_else(|| loc.t(lang, "ddc-proof-signer-unknown"))
                    .into(),
            )],
        ),
        None => loc.t(lang, "ddc-proof-signature-none"),
    });
    if proof.signature.is_some() {
        lines.push(match &proof.chain {
            Some(root) => loc.t_args(lang, "ddc-proof-chain", &[("root", root.clone().into())]),
            None => loc.t(lang, "ddc-proof-chain-unknown"),
        });
    }
    lines.push(loc.t(
        lang,
        if proof.from_photos {
            "ddc-proof-from-photos"
        } else {
            "ddc-proof-from-pdf"
        },
    ));
    lines
}
