//! A PDF's digital signature (a signature field whose value holds a `/ByteRange` and
//! the PKCS#7 / CMS signature in `/Contents`), checked against the bytes it covers. The
//! directive accepts a RENIEC or DNIe signature instead of a notarised one; UAC sees who
//! signed, whether the signature holds, and whether the signer's certificate chains to
//! a root the operator trusts (RENIEC's, ECEP's: a PEM file named in the settings; none
//! is shipped).

use lopdf::{Document, Object};

/// The signed parts of the file and the signature over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// The bytes the `/ByteRange` covers, concatenated.
    pub covered: Vec<u8>,
    /// The DER-encoded CMS `SignedData` from `/Contents` (zero padding trimmed).
    pub cms: Vec<u8>,
    /// Whether the ranges cover the whole file but the signature's own hole, as a
    /// signature over the document as sent must.
    pub covers_whole_file: bool,
}

/// The first signature value in the file: a dictionary with `/ByteRange` and `/Contents`.
pub fn find(bytes: &[u8], doc: &Document) -> Option<Signed> {
    doc.objects.values().find_map(|object| {
        let dict = object.as_dict().ok()?;
        let ranges = dict.get(b"ByteRange").and_then(Object::as_array).ok()?;
        let contents = dict.get(b"Contents").and_then(Object::as_str).ok()?;
        let numbers: Vec<usize> = ranges
            .iter()
            .filter_map(|n| n.as_i64().ok().and_then(|v| usize::try_from(v).ok()))
            .collect();
        let mut covered = Vec::new();
        for pair in numbers.chunks_exact(2) {
            let (start, len) = (pair[0], pair[1]);
            covered.extend_from_slice(bytes.get(start..start.checked_add(len)?)?);
        }
        let covers_whole_file = match numbers.as_slice() {
            [0, first, second_start, second] => {
                *second_start >= *first && second_start + second == bytes.len()
            }
            _ => false,
        };
        Some(Signed {
            covered,
            cms: cms_of(contents),
            covers_whole_file,
        })
    })
}

/// The CMS blob at the start of a signature's `/Contents`: as long as its DER header
/// says. The hole it was written into is padded with zeros after it, and its own
/// last byte may be a zero too (one signature in 256 ends so): trimming the zeros
/// would cut it, and the signature would read as none. Without a definite length
/// (not DER), up to the padding.
fn cms_of(contents: &[u8]) -> Vec<u8> {
    if let Some(len) = der_length(contents)
        && let Some(cms) = contents.get(..len)
    {
        return cms.to_vec();
    }
    let mut cms = contents.to_vec();
    while cms.last() == Some(&0) {
        cms.pop();
    }
    cms
}

/// The whole length of the DER `SEQUENCE` that `bytes` starts with (its header
/// included), when its length is definite.
fn der_length(bytes: &[u8]) -> Option<usize> {
    if *bytes.first()? != 0x30 {
        return None;
    }
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + usize::from(first));
    }
    let octets = usize::from(first & 0x7f);
    if octets == 0 || octets > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..octets {
        len = (len << 8) | usize::from(*bytes.get(2 + i)?);
    }
    (2 + octets).checked_add(len)
}

#[cfg(test)]
mod cms_tests {
    use super::cms_of;

    #[test]
    fn a_signature_ending_in_a_zero_keeps_it_and_the_padding_goes() {
        // SEQUENCE { INTEGER 0 } then the hole's padding.
        assert_eq!(
            cms_of(&[0x30, 0x03, 0x02, 0x01, 0x00, 0, 0, 0]),
            [0x30, 0x03, 0x02, 0x01, 0x00]
        );
        // The long form of the length.
        let mut long = vec![0x30, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(0xab, 255));
        long.push(0x00);
        let mut padded = long.clone();
        padded.extend([0; 64]);
        assert_eq!(cms_of(&padded), long);
        // No definite length: up to the padding, as before.
        assert_eq!(cms_of(&[0x30, 0x80, 0x05, 0x00, 0x00]), [0x30, 0x80, 0x05]);
        // A length past the hole: up to the padding.
        assert_eq!(cms_of(&[0x30, 0x7f, 0x01, 0, 0]), [0x30, 0x7f, 0x01]);
    }
}

/// What UAC is shown of a digital signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The signer's name (the certificate subject's common name, else the whole subject).
    pub signer: Option<String>,
    /// The signature verifies with the certificate it carries, over exactly the bytes
    /// the file has (a byte changed after signing makes it `false`).
    pub valid: bool,
    /// The trusted root the signer's certificate chains to (through the certificates
    /// the signature carries), by its name; `None`: it reaches none.
    pub chain: Option<String>,
}

/// The certificate authorities the operator trusts for digital signatures (RENIEC's
/// and ECEP's roots), read from a PEM file.
#[derive(Debug, Clone, Default)]
pub struct TrustedRoots(Vec<x509_cert::Certificate>);

impl TrustedRoots {
    /// Every certificate in a PEM text.
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        x509_cert::Certificate::load_pem_chain(pem)
            .map(TrustedRoots)
            .map_err(|e| e.to_string())
    }

    /// The roots in the file at `path`; none when the path is empty. A file that cannot
    /// be read is logged and trusts nothing (every chain shows as not recognised).
    pub fn load(path: &std::path::Path) -> Self {
        if path.as_os_str().is_empty() {
            return Self::default();
        }
        match std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|pem| Self::from_pem(&pem))
        {
            Ok(roots) => roots,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "trusted signature roots not read");
                Self::default()
            }
        }
    }
}

const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const COMMON_NAME: &str = "2.5.4.3";

/// Checks a signature against the bytes it covers: the CMS `SignedData`'s message
/// digest must be the covered bytes' hash, and its RSA signature over the signed
/// attributes must verify with the signer's certificate. Only RSA with SHA-256/384/512
/// is understood (what RENIEC and DNIe certificates use); anything else does not verify.
pub fn verify(signed: &Signed, roots: &TrustedRoots) -> Verdict {
    match check(signed, roots) {
        Some((signer, valid, chain)) => Verdict {
            signer,
            valid: valid && signed.covers_whole_file,
            chain,
        },
        None => Verdict {
            signer: None,
            valid: false,
            chain: None,
        },
    }
}

type Checked = (Option<String>, bool, Option<String>);

fn check(signed: &Signed, roots: &TrustedRoots) -> Option<Checked> {
    use cms::cert::CertificateChoices;
    use cms::content_info::ContentInfo;
    use cms::signed_data::{SignedData, SignerIdentifier};
    use x509_cert::der::{Decode, Encode};

    let info = ContentInfo::from_der(&signed.cms).ok()?;
    if info.content_type.to_string() != ID_SIGNED_DATA {
        return None;
    }
    let data: SignedData = info.content.decode_as().ok()?;
    let signer_info = data.signer_infos.0.iter().next()?;
    let certificates: Vec<&x509_cert::Certificate> = data
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|c| match c {
                    CertificateChoices::Certificate(cert) => Some(cert),
                    CertificateChoices::Other(_) => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let certificate = certificates
        .iter()
        .copied()
        .find(|cert| match &signer_info.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                cert.tbs_certificate.serial_number == id.serial_number
                    && cert.tbs_certificate.issuer == id.issuer
            }
            SignerIdentifier::SubjectKeyIdentifier(_) => true,
        })?;
    let signer = common_name(&certificate.tbs_certificate.subject);
    let chain = chain_root(certificate, &certificates, &roots.0);

    let digest_oid = signer_info.digest_alg.oid.to_string();
    let hash = |bytes: &[u8]| digest(&digest_oid, bytes);
    let covered_hash = hash(&signed.covered)?;
    let (message_hash, digest_ok) = match &signer_info.signed_attrs {
        Some(attrs) => {
            let claimed = attrs
                .iter()
                .find(|a| a.oid.to_string() == ID_MESSAGE_DIGEST)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<x509_cert::der::asn1::OctetString>().ok())?;
            (
                hash(&attrs.to_der().ok()?)?,
                claimed.as_bytes() == covered_hash,
            )
        }
        None => (covered_hash, true),
    };
    let spki = certificate
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .ok()?;
    let key = rsa::RsaPublicKey::try_from(
        x509_cert::spki::SubjectPublicKeyInfoRef::from_der(&spki).ok()?,
    )
    .ok()?;
    let scheme = match digest_oid.as_str() {
        "2.16.840.1.101.3.4.2.1" => rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
        "2.16.840.1.101.3.4.2.2" => rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
        "2.16.840.1.101.3.4.2.3" => rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
        _ => return Some((signer, false, chain)),
    };
    let verifies = key
        .verify(scheme, &message_hash, signer_info.signature.as_bytes())
        .is_ok();
    Some((signer, digest_ok && verifies, chain))
}

/// The name of the trusted root `leaf` chains to: each certificate's issuer is the
/// next one's subject and its signature verifies with that one's key, through the
/// certificates the signature carries, a few steps at most.
fn chain_root(
    leaf: &x509_cert::Certificate,
    carried: &[&x509_cert::Certificate],
    roots: &[x509_cert::Certificate],
) -> Option<String> {
    let issued_by = |cert: &x509_cert::Certificate, by: &x509_cert::Certificate| {
        by.tbs_certificate.subject == cert.tbs_certificate.issuer && signed_by(cert, by)
    };
    let mut cert = leaf;
    for _ in 0..6 {
        if let Some(root) = roots.iter().find(|root| issued_by(cert, root)) {
            return common_name(&root.tbs_certificate.subject);
        }
        cert = carried
            .iter()
            .copied()
            .find(|next| !std::ptr::eq(*next, cert) && issued_by(cert, next))?;
    }
    None
}

/// Whether `issuer`'s RSA key verifies `cert`'s signature (SHA-256/384/512).
fn signed_by(cert: &x509_cert::Certificate, issuer: &x509_cert::Certificate) -> bool {
    use sha2::Digest;
    use x509_cert::der::{Decode, Encode};
    let Ok(tbs) = cert.tbs_certificate.to_der() else {
        return false;
    };
    let (scheme, hash) = match cert.signature_algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.11" => (
            rsa::Pkcs1v15Sign::new::<sha2::Sha256>(),
            sha2::Sha256::digest(&tbs).to_vec(),
        ),
        "1.2.840.113549.1.1.12" => (
            rsa::Pkcs1v15Sign::new::<sha2::Sha384>(),
            sha2::Sha384::digest(&tbs).to_vec(),
        ),
        "1.2.840.113549.1.1.13" => (
            rsa::Pkcs1v15Sign::new::<sha2::Sha512>(),
            sha2::Sha512::digest(&tbs).to_vec(),
        ),
        _ => return false,
    };
    let key = issuer
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .ok()
        .and_then(|spki| {
            rsa::RsaPublicKey::try_from(
                x509_cert::spki::SubjectPublicKeyInfoRef::from_der(&spki).ok()?,
            )
            .ok()
        });
    key.is_some_and(|key| {
        key.verify(scheme, &hash, cert.signature.raw_bytes())
            .is_ok()
    })
}

fn digest(oid: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    use sha2::Digest;
    Some(match oid {
        "2.16.840.1.101.3.4.2.1" => sha2::Sha256::digest(bytes).to_vec(),
        "2.16.840.1.101.3.4.2.2" => sha2::Sha384::digest(bytes).to_vec(),
        "2.16.840.1.101.3.4.2.3" => sha2::Sha512::digest(bytes).to_vec(),
        _ => return None,
    })
}

/// The subject's common name, else the subject as a whole (RFC 4514).
fn common_name(subject: &x509_cert::name::Name) -> Option<String> {
    use x509_cert::der::asn1::{PrintableStringRef, Utf8StringRef};
    let cn = subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid.to_string() == COMMON_NAME)
        .and_then(|atv| {
            Utf8StringRef::try_from(&atv.value)
                .map(|s| s.as_str().to_owned())
                .or_else(|_| {
                    PrintableStringRef::try_from(&atv.value).map(|s| s.as_str().to_owned())
                })
                .ok()
        });
    cn.or_else(|| Some(subject.to_string()).filter(|s| !s.is_empty()))
}
