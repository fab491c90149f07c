//! The dictionary of an HDT file, read section by section with the same
//! checks as the hdt crate's reader but a hardware CRC-32C over each
//! section's packed strings. The crate computes that checksum a byte at a
//! time, which was most of the time it took to open a large file (100x the
//! corpus: 0.13 s of a 0.35 s open, on four threads); the instruction does
//! it in a few milliseconds. The layout is the HDT format's: a control
//! block, then four plain-front-coding sections (shared, subjects,
//! predicates, objects), each a type byte, three variable-length integers
//! and their CRC-8, the block offsets as a log sequence, the packed strings
//! and their CRC-32C.

use std::io::BufRead;
use std::sync::Arc;

use hdt::containers::vbyte::read_vbyte;
use hdt::containers::{ControlInfo, Sequence};
use hdt::dict_sect_pfc::DictSectPFC;
use hdt::four_sect_dict::FourSectDict;

use super::error_chain;

const FOUR_SECTIONS: &str = "<http://purl.org/HDT/hdt#dictionaryFour>";
/// The section type of plain front coding, the one the HDT format defines
/// for four-section dictionaries.
const PLAIN_FRONT_CODING: u8 = 2;

/// Reads the dictionary from `reader`, positioned after the header, in a
/// file of `file_length` bytes (no section may claim more).
pub fn read_dictionary(
    reader: &mut impl BufRead,
    file_length: u64,
) -> Result<FourSectDict, String> {
    let control = ControlInfo::read(reader)
        .map_err(|e| format!("its dictionary cannot be read: {}", error_chain(&e)))?;
    if control.format != FOUR_SECTIONS {
        return Err(format!(
            "its dictionary is {}, and only four-section dictionaries are read",
            control.format
        ));
    }
    let mut section = |name: &str| {
        read_section(reader, file_length)
            .map_err(|problem| format!("its dictionary's {name} section {problem}"))
    };
    Ok(FourSectDict {
        shared: section("shared")?,
        subjects: section("subjects")?,
        predicates: section("predicates")?,
        objects: section("objects")?,
    })
}

fn read_section(reader: &mut impl BufRead, file_length: u64) -> Result<DictSectPFC, String> {
    let cut = |e: std::io::Error| format!("is cut short ({e})");
    let mut kind = [0u8];
    reader.read_exact(&mut kind).map_err(cut)?;
    if kind[0] != PLAIN_FRONT_CODING {
        return Err(format!(
            "is of type {}, not plain front coding ({PLAIN_FRONT_CODING})",
            kind[0]
        ));
    }
    // The CRC-8 covers the type byte and the three integers as written.
    let mut written = vec![kind[0]];
    let mut integer = || -> Result<usize, String> {
        let (value, bytes) = read_vbyte(reader).map_err(cut)?;
        written.extend_from_slice(&bytes);
        Ok(value)
    };
    let num_strings = integer()?;
    let packed_length = integer()?;
    let block_size = integer()?;
    let mut crc8 = [0u8];
    reader.read_exact(&mut crc8).map_err(cut)?;
    if crc::Crc::<u8>::new(&crc::CRC_8_SMBUS).checksum(&written) != crc8[0] {
        return Err("does not match its checksum (its sizes are damaged)".into());
    }
    if packed_length as u64 > file_length {
        return Err(format!(
            "claims {packed_length} bytes of strings, more than the file holds"
        ));
    }
    let sequence =
        Sequence::read(reader).map_err(|e| format!("cannot be read: {}", error_chain(&e)))?;
    // Read straight into the shared buffer the section keeps: the crate
    // reads into a vector and copies it into an Arc.
    let mut packed_data: Arc<[u8]> = std::iter::repeat_n(0u8, packed_length).collect();
    let buffer = Arc::get_mut(&mut packed_data).expect("a new Arc has no other owner");
    reader.read_exact(buffer).map_err(cut)?;
    let mut crc32 = [0u8; 4];
    reader.read_exact(&mut crc32).map_err(cut)?;
    if crc32c::crc32c(&packed_data) != u32::from_le_bytes(crc32) {
        return Err("does not match its checksum (its strings are damaged)".into());
    }
    Ok(DictSectPFC {
        num_strings,
        block_size,
        sequence,
        packed_data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hdt_file::write_hdt;
    use hdt::IdKind;

    fn triples() -> Vec<[String; 3]> {
        let mut triples = Vec::new();
        for i in 0..300 {
            triples.push([
                format!("http://example.org/任务/{i}"),
                "http://example.org/leadUnit".to_owned(),
                format!("http://example.org/单位/{}", i % 17),
            ]);
            triples.push([
                format!("http://example.org/任务/{i}"),
                "http://example.org/label".to_owned(),
                format!("\"第{i}项任务\"@zh"),
            ]);
        }
        triples.sort();
        triples
    }

    /// The bytes of a whole file and the offset of its dictionary (after
    /// the header).
    fn written() -> (Vec<u8>, usize) {
        let mut bytes = Vec::new();
        write_hdt(&triples(), &mut bytes).unwrap();
        let mut reader = std::io::Cursor::new(&bytes[..]);
        hdt::Hdt::read_header(&mut reader).unwrap();
        let at = reader.position() as usize;
        (bytes, at)
    }

    #[test]
    fn reads_the_dictionary_the_crate_reads() {
        let (bytes, at) = written();
        let ours = read_dictionary(&mut &bytes[at..], bytes.len() as u64).unwrap();
        let theirs = FourSectDict::read(&mut &bytes[at..])
            .unwrap()
            .validate()
            .unwrap();
        for kind in [IdKind::Subject, IdKind::Predicate, IdKind::Object] {
            let count = match kind {
                IdKind::Predicate => theirs.predicates.num_strings(),
                IdKind::Subject => theirs.shared.num_strings() + theirs.subjects.num_strings(),
                IdKind::Object => theirs.shared.num_strings() + theirs.objects.num_strings(),
            };
            assert!(count > 0);
            for id in 1..=count {
                assert_eq!(
                    ours.id_to_string(id, kind).unwrap(),
                    theirs.id_to_string(id, kind).unwrap()
                );
            }
        }
        assert_eq!(
            ours.string_to_id("http://example.org/单位/3", IdKind::Object),
            theirs.string_to_id("http://example.org/单位/3", IdKind::Object)
        );
    }

    #[test]
    fn a_damaged_byte_anywhere_in_the_dictionary_is_refused() {
        let (bytes, at) = written();
        let end = {
            let mut reader = &bytes[at..];
            read_dictionary(&mut reader, bytes.len() as u64).unwrap();
            bytes.len() - reader.len()
        };
        for i in at..end {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x10;
            let result = std::panic::catch_unwind(|| {
                read_dictionary(&mut &damaged[at..], bytes.len() as u64)
            });
            assert!(
                matches!(result, Ok(Err(_))),
                "byte {i} of {at}..{end} changed, and the dictionary was read"
            );
        }
    }

    #[test]
    fn a_section_claiming_more_strings_than_the_file_holds_is_refused() {
        let (bytes, at) = written();
        let error = read_dictionary(&mut &bytes[at..], 10).unwrap_err();
        assert!(error.contains("more than the file holds"), "{error}");
    }
}
