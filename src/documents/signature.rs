//! A PDF's digital signature (a signature field whose value holds a `/ByteRange` and
//! the PKCS#7 / CMS signature in `/Contents`), checked against the bytes it covers. The
//! directive accepts a RENIEC or DNIe signature instead of a notarised one; UAC sees who
//! signed and whether the signature holds. Whether the certificate chains to RENIEC is
//! UAC's judgement from the name shown: no trust store is shipped.

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
        let mut cms = contents.to_vec();
        while cms.last() == Some(&0) {
            cms.pop();
        }
        Some(Signed {
            covered,
            cms,
            covers_whole_file,
        })
    })
}

/// What UAC is shown of a digital signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The signer's name (the certificate subject's common name, else the whole subject).
    pub signer: Option<String>,
    /// The signature verifies with the certificate it carries, over exactly the bytes
    /// the file has (a byte changed after signing makes it `false`).
    pub valid: bool,
}

const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const ID_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
const COMMON_NAME: &str = "2.5.4.3";

/// Checks a signature against the bytes it covers: the CMS `SignedData`'s message
/// digest must be the covered bytes' hash, and its RSA signature over the signed
/// attributes must verify with the signer's certificate. Only RSA with SHA-256/384/512
/// is understood (what RENIEC and DNIe certificates use); anything else does not verify.
pub fn verify(signed: &Signed) -> Verdict {
    match check(signed) {
        Some((signer, valid)) => Verdict {
            signer,
            valid: valid && signed.covers_whole_file,
        },
        None => Verdict {
            signer: None,
            valid: false,
        },
    }
}

fn check(signed: &Signed) -> Option<(Option<String>, bool)> {
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
        _ => return Some((signer, false)),
    };
    let verifies = key
        .verify(scheme, &message_hash, signer_info.signature.as_bytes())
        .is_ok();
    Some((signer, digest_ok && verifies))
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
