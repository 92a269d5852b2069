//! One way to write a table as CSV, for every download and report: UTF-8, a header
//! row, then the rows. Files a person opens get a byte-order mark so Excel reads the
//! accents right; what the CLI prints does not.

/// The table as CSV text.
pub fn write_csv<R, F>(header: &[&str], rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<[u8]>,
{
    let mut out = csv::Writer::from_writer(vec![]);
    // Writing to memory cannot fail but for a record of another length, which the
    // callers' fixed headers rule out; a failed record is left out, never half-written.
    let _ = out.write_record(header);
    for row in rows {
        let _ = out.write_record(row);
    }
    out.into_inner().unwrap_or_default()
}

/// The same CSV, marked UTF-8 for Excel: what a chat receives as a file.
pub fn for_excel(csv: Vec<u8>) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(csv);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_a_header_and_quoted_rows() {
        let csv = write_csv(
            &["codigo", "jurisdiccion"],
            [vec!["CTG-1".to_owned(), "Acoria, Huancavelica".to_owned()]],
        );
        assert_eq!(
            String::from_utf8(csv.clone()).unwrap_or_default(),
            "codigo,jurisdiccion\nCTG-1,\"Acoria, Huancavelica\"\n"
        );
        assert!(for_excel(csv).starts_with(b"\xEF\xBB\xBFcodigo"));
    }
}
